"""``matmul``: BLAS ``gemm`` for float32 and float64, loops otherwise (and for
small products with a short contraction, see ``SMALL_K``).

Vectors become matrices (``(K,)`` is ``(1, K)`` on the left, ``(K, 1)`` on the
right) and batch axes are loops around one product per matrix, broadcast batch
axes read with stride zero. BLAS reads a matrix in place when one of its strides
is 1 and the other large enough (a transposed view is ``CblasTrans``); any other
view is copied to a contiguous matrix first, by the runtime's ``myia_pack_?``.

The calls go to ``myia_cblas_sgemm`` and ``myia_cblas_dgemm``, which the runtime
(:mod:`myia.runtime.array_runtime`) binds to the ``cblas_?gemm`` of the OpenBLAS
inside numpy's wheel (64-bit integers), found at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects import arith
from xdsl.dialects import math as xmath
from xdsl.dialects.builtin import Float32Type, Float64Type, IntegerType, TensorType, i32
from xdsl.ir import SSAValue

from myia.lowering.arrays import kernels
from myia.lowering.arrays.array_codegen import (
    ArrayValue,
    add,
    allocate,
    cmp,
    const,
    for_loop,
    if_then_else,
    known,
    loop_nest,
    mul,
    select,
    smax,
)
from myia.lowering.arrays.lower import check_broadcast, check_equal_sizes
from myia.lowering.arrays.scalar import emit_elementwise
from myia.lowering.layout import POINTER

Builder = Any

ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112
GEMM = {32: "myia_cblas_sgemm", 64: "myia_cblas_dgemm"}
PACK = {32: "myia_pack_s", 64: "myia_pack_d"}
"""The runtime's copy of a strided matrix to a contiguous one (``array_runtime``)."""


def _or(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx not in (None, 0) or ky not in (None, 0):
        return b.constant(1, IntegerType(1))
    if kx == 0:
        return y
    if ky == 0:
        return x
    return b.emit(arith.OrIOp(x, y))


def _and(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx == 0 or ky == 0:
        return b.constant(0, IntegerType(1))
    if kx is not None:
        return y
    if ky is not None:
        return x
    return b.emit(arith.AndIOp(x, y))


def blas_operand(b: Builder, m: ArrayValue) -> tuple[SSAValue, SSAValue, SSAValue]:
    """``(pointer, trans, ld)`` for a matrix ``m`` (2-D view) given to gemm."""
    rows, cols = m.dims
    sr, sc = m.strides
    one = const(b, 1)
    rows1 = cmp(b, "eq", rows, one)
    cols1 = cmp(b, "eq", cols, one)
    # row-major in place: unit column stride, row stride >= cols
    plain = _and(
        b,
        _or(b, cmp(b, "eq", sc, one), cols1),
        _or(b, cmp(b, "sge", sr, smax(b, cols, one)), rows1),
    )
    # transposed in place: unit row stride, column stride >= rows
    trans = _and(
        b,
        _or(b, cmp(b, "eq", sr, one), rows1),
        _or(b, cmp(b, "sge", sc, smax(b, rows, one)), cols1),
    )
    plain_ld = select(b, rows1, smax(b, cols, one), sr)
    trans_ld = select(b, cols1, smax(b, rows, one), sc)
    ok = _or(b, plain, trans)
    flag = select(b, plain, b.constant(NO_TRANS, i32), b.constant(TRANS, i32))
    ld = select(b, plain, plain_ld, trans_ld)
    if known(ok) not in (None, 0):
        return m.ptr, flag, ld

    def keep() -> list[SSAValue]:
        return [m.ptr, flag, ld]

    def copy() -> list[SSAValue]:
        out = allocate(b, m.dims, m.elem)
        b.call_runtime(PACK[m.elem.bitwidth], [m.ptr, rows, cols, sr, sc, out.ptr], [])
        return [out.ptr, b.constant(NO_TRANS, i32), smax(b, cols, one)]

    ptr, flag, ld = if_then_else(b, ok, keep, copy, [POINTER, i32, ld.type])
    return ptr, flag, ld


SMALL_K = 16
SMALL_PRODUCT = 1 << 21
"""Products whose contraction is at most ``SMALL_K`` long and that take at most
``SMALL_PRODUCT`` multiply-adds (sizes known) are loops, not BLAS: OpenBLAS
splits them over its threads, which costs more than the work (an MLP's
``d_out @ W.T`` with 10 classes, 256x10 @ 10x256 float32; figures in
bench/RESULTS.md; see :func:`short_matmul`)."""


def small_contraction(a: ArrayValue, c: ArrayValue) -> bool:
    m, k = (known(d) for d in a.dims)
    n = known(c.dims[1])
    return None not in (m, k, n) and k <= SMALL_K and m * n * k <= SMALL_PRODUCT


def gemm(b: Builder, a: ArrayValue, c: ArrayValue, out: ArrayValue) -> None:
    """``out = a @ c`` for 2-D views (``out`` contiguous)."""
    elem = out.elem
    if isinstance(elem, Float32Type | Float64Type) and small_contraction(a, c):
        short_matmul(b, a, c, out)
        return
    if isinstance(elem, Float32Type | Float64Type):
        m, k = a.dims
        n = c.dims[1]
        pa, ta, lda = blas_operand(b, a)
        pc, tc, ldc = blas_operand(b, c)
        one = b.constant(1.0, elem)
        zero = b.constant(0.0, elem)
        ldo = smax(b, n, const(b, 1))
        args = [
            b.constant(ROW_MAJOR, i32),
            ta,
            tc,
            m,
            n,
            k,
            one,
            pa,
            lda,
            pc,
            ldc,
            zero,
            out.ptr,
            ldo,
        ]
        b.call_runtime(GEMM[elem.bitwidth], args, [])
        return
    naive_matmul(b, a, c, out)


def short_matmul(b: Builder, a: ArrayValue, c: ArrayValue, out: ArrayValue) -> None:
    """``out = a @ c`` for a contraction of known, small length K (float): for
    each row ``i``, ``out[i, :] = sum_k a[i, k] * c[k, :]`` as K fused
    multiply-adds per element, along the rows of ``c`` (copied first when they
    are not contiguous) and ``out``: a loop LLVM vectorizes, each output
    written once."""
    elem = out.elem
    if known(c.strides[1]) != 1:
        packed = allocate(b, c.dims, elem)
        b.call_runtime(PACK[elem.bitwidth], [c.ptr, *c.dims, *c.strides, packed.ptr], [])
        c = packed
    depth = known(a.dims[1])
    assert depth is not None
    n = c.dims[1]

    def row(i: SSAValue, _: list[SSAValue]) -> None:
        row_a = mul(b, i, a.strides[0])
        coeffs = [
            a.load(b, add(b, row_a, mul(b, const(b, kk), a.strides[1]))) for kk in range(depth)
        ]
        row_out = mul(b, i, out.strides[0])

        def col(j: SSAValue, _: list[SSAValue]) -> None:
            def term(kk: int) -> SSAValue:
                return c.load(b, add(b, mul(b, const(b, kk), c.strides[0]), j))

            acc = b.emit(arith.MulfOp(coeffs[0], term(0))) if depth else b.constant(0.0, elem)
            for kk in range(1, depth):
                acc = b.emit(xmath.FmaOp(coeffs[kk], term(kk), acc))
            out.store(b, add(b, row_out, j), acc)

        for_loop(b, const(b, 0), n, col)

    for_loop(b, const(b, 0), a.dims[0], row)


def naive_matmul(b: Builder, a: ArrayValue, c: ArrayValue, out: ArrayValue) -> None:
    """``out[i, j] = sum_k a[i, k] * c[k, j]``, in i, k, j order (the inner loop
    runs along rows of ``c`` and ``out``)."""
    elem = out.elem
    zero = (
        b.constant(0.0 if isinstance(elem, Float32Type | Float64Type) else 0, elem)
        if not (isinstance(elem, IntegerType) and elem.width.data == 1)
        else b.constant(0, elem)
    )
    kernels.map_into(b, out, [], lambda b2, v: zero)
    m, k = a.dims
    n = c.dims[1]

    def row(i: SSAValue, _: list[SSAValue]) -> None:
        def inner_k(kk: SSAValue, _: list[SSAValue]) -> None:
            x = a.load(b, add(b, mul(b, i, a.strides[0]), mul(b, kk, a.strides[1])))

            def col(j: SSAValue, _: list[SSAValue]) -> None:
                y = c.load(b, add(b, mul(b, kk, c.strides[0]), mul(b, j, c.strides[1])))
                off = add(b, mul(b, i, out.strides[0]), j)
                prod = emit_elementwise(b, "mul", [x, y], [elem, elem], elem)
                out.store(
                    b, off, emit_elementwise(b, "add", [out.load(b, off), prod], [elem, elem], elem)
                )

            for_loop(b, const(b, 0), n, col)

        for_loop(b, const(b, 0), k, inner_k)

    for_loop(b, const(b, 0), m, row)


def lower_matmul(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    x = ArrayValue.of(b, leaves[0], types[0])
    y = ArrayValue.of(b, leaves[1], types[1])
    t = op.results[0].type
    elem = t.element_type if isinstance(t, TensorType) else t
    zero, one = const(b, 0), const(b, 1)
    # vectors as matrices
    x_vec, y_vec = x.ndim == 1, y.ndim == 1
    if x_vec:
        x = ArrayValue(x.ptr, [one, x.dims[0]], [zero, x.strides[0]], x.elem)
    if y_vec:
        y = ArrayValue(y.ptr, [y.dims[0], one], [y.strides[0], zero], y.elem)
    batch_rank = max(x.ndim, y.ndim) - 2
    out_batch_static = []
    if isinstance(t, TensorType):
        shape = list(t.get_shape())
        if y_vec:
            shape.append(1)
        if x_vec:
            shape.insert(len(shape) - 1, 1)
        out_batch_static = [None if d < 0 else d for d in shape[:batch_rank]]
    batch_x = ArrayValue(x.ptr, x.dims[:-2], x.strides[:-2], x.elem)
    batch_y = ArrayValue(y.ptr, y.dims[:-2], y.strides[:-2], y.elem)
    batch_dims = kernels.broadcast_dims(b, [batch_x, batch_y], out_batch_static)
    check_broadcast(b, [batch_x, batch_y], batch_dims)
    check_equal_sizes(b, [(x.dims[-1], y.dims[-2])])
    m, n = x.dims[-2], y.dims[-1]
    out = allocate(b, [*batch_dims, m, n], elem, result=True)
    sx = kernels.broadcast_strides(b, batch_x, batch_dims)
    sy = kernels.broadcast_strides(b, batch_y, batch_dims)

    def one_product(idx: list[SSAValue], _: list[SSAValue]) -> None:
        def at(v: ArrayValue, strides: Sequence[SSAValue]) -> SSAValue:
            off = const(b, 0)
            for i, s in zip(idx, strides, strict=True):
                off = add(b, off, mul(b, i, s))
            return v.address(b, off)

        xa = ArrayValue(at(x, sx), x.dims[-2:], x.strides[-2:], x.elem)
        ya = ArrayValue(at(y, sy), y.dims[-2:], y.strides[-2:], y.elem)
        oa = ArrayValue(at(out, out.strides[:-2]), [m, n], out.strides[-2:], out.elem)
        gemm(b, xa, ya, oa)

    if batch_rank:
        loop_nest(b, batch_dims, one_product)
    else:
        one_product([], [])
    if not isinstance(t, TensorType):  # vector @ vector: a scalar
        return [out.load(b, zero)]
    dims, strides = list(out.dims), list(out.strides)
    if y_vec:
        dims, strides = dims[:-1], strides[:-1]
    if x_vec:
        dims, strides = dims[:-2] + dims[-1:], strides[:-2] + strides[-1:]
    return [out.ptr, *dims, *strides]
