"""The loops of array operations: elementwise maps and reductions.

:func:`map_into` writes ``element(inputs at i)`` at every index ``i`` of a
destination view, the inputs broadcast against it; :func:`reduce` combines the
elements of an (implicit) array over some axes. Both take the element as a
function emitting scalar code, so that a fused kernel (``array_map``,
``array_reduce``) and a single primitive share them.

When every array is contiguous and none is broadcast (tested at run time unless
the types decide it), the loop is one flat loop over the elements: unit stride,
which LLVM vectorizes. Otherwise it is a nest over the dimensions. Big loops are
marked ``myia.parallel``; reductions then run in chunks, one partial result per
chunk, combined at the end. Float sums and products of float16/float32 over whole
arrays accumulate in float64 (numpy sums pairwise; a float64 accumulator is as
accurate, and vectorizes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xdsl.dialects import arith
from xdsl.dialects.builtin import Float16Type, Float32Type, f64
from xdsl.dialects.utils.fast_math import FastMathFlag
from xdsl.ir import Attribute, SSAValue

from myia.lowering.arrays.array_codegen import (
    PARALLEL_MIN_WORK,
    ArrayValue,
    add,
    all_true,
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
    smin,
    static_size,
    worth_parallel,
)
from myia.lowering.arrays.scalar import is_float, is_unsigned
from myia.lowering.layout import machine_scalar
from myia.lowering.scalar_rules import VALUE_ERROR

Builder = Any
Operand = ArrayValue | SSAValue
"""An input of a kernel: an array, or a scalar (the same for every element)."""
Element = Callable[[Builder, list[SSAValue]], SSAValue]

REASSOC = arith.FastMathFlagsAttr([FastMathFlag.REASSOC])
CHUNK = 1 << 14
"""Elements per chunk of a parallel reduction."""
MAX_CHUNKS = 256


def broadcast_strides(b: Builder, x: ArrayValue, dims: Sequence[SSAValue]) -> list[SSAValue]:
    """The strides that read ``x`` broadcast to ``dims``: zero along the axes it
    is broadcast along."""
    n = len(dims)
    lead = n - x.ndim
    strides: list[SSAValue] = []
    for k in range(n):
        j = k - lead
        if j < 0:
            strides.append(const(b, 0))
            continue
        d, s = x.dims[j], x.strides[j]
        kd, kt = known(d), known(dims[k])
        if kd == 1 and kt != 1:
            strides.append(const(b, 0))
        elif kd is not None and kd == kt:
            strides.append(s)
        else:
            strides.append(select(b, cmp(b, "eq", d, const(b, 1)), const(b, 0), s))
    return strides


def broadcast_dims(
    b: Builder, inputs: Sequence[Operand], static: Sequence[int | None]
) -> list[SSAValue]:
    """The sizes of the broadcast of the array inputs (static where the type
    knows them, else the size along the axis that is not 1: 0 broadcast with 1
    is 0, as in numpy; sizes that disagree are :func:`check_broadcast`'s)."""
    arrays = [x for x in inputs if isinstance(x, ArrayValue)]
    n = len(static)
    dims = []
    for k, d in enumerate(static):
        if d is not None:
            dims.append(const(b, d))
            continue
        size = const(b, 1)
        for x in arrays:
            j = k - (n - x.ndim)
            if j < 0 or known(x.dims[j]) == 1:
                continue
            if known(size) == 1:
                size = x.dims[j]
            else:
                size = select(b, cmp(b, "eq", size, const(b, 1)), x.dims[j], size)
        dims.append(size)
    return dims


def same_dims(a: Sequence[SSAValue], c: Sequence[SSAValue]) -> bool | None:
    """Whether two shapes are equal: True/False when the constants decide it."""
    if len(a) != len(c):
        return False
    for x, y in zip(a, c, strict=True):
        if x is y:
            continue
        kx, ky = known(x), known(y)
        if kx is None or ky is None:
            return None
        if kx != ky:
            return False
    return True


def _fold_and(b: Builder, conds: Sequence[SSAValue]) -> SSAValue | bool:
    rest = []
    for c in conds:
        k = known(c)
        if k is None:
            rest.append(c)
        elif not k:
            return False
    return all_true(b, rest) if rest else True


def flat_condition(
    b: Builder, dims: Sequence[SSAValue], arrays: Sequence[Operand]
) -> SSAValue | bool:
    """Whether one flat loop can do the work: every array has the shape ``dims``
    and is contiguous (True or False when the types decide it)."""
    conds = []
    for x in arrays:
        if not isinstance(x, ArrayValue):
            continue
        same = same_dims(x.dims, dims)
        if same is False:
            return False
        if same is None:
            conds += [cmp(b, "eq", d, e) for d, e in zip(x.dims, dims, strict=True)]
        conds.append(x.contiguous(b))
    return _fold_and(b, conds)


def _read(b: Builder, x: Operand, offset: SSAValue | None) -> SSAValue:
    if isinstance(x, ArrayValue):
        return x.load(b, offset)  # type: ignore[arg-type]
    return x


def map_into(
    b: Builder,
    dst: ArrayValue,
    inputs: Sequence[Operand],
    element: Element,
    cost: int = 1,
    flat_ok: bool = True,
) -> None:
    """``dst[i] = element(inputs[i])`` for every index ``i`` of ``dst``
    (``flat_ok=False``: the caller knows the arrays are not all contiguous)."""
    total = dst.size(b)
    parallel = worth_parallel(known(total), cost)

    def flat() -> None:
        def body(i: SSAValue, _: list[SSAValue]) -> None:
            dst.store(b, i, element(b, [_read(b, x, i) for x in inputs]))

        for_loop(b, const(b, 0), total, body, parallel=parallel)

    def nest() -> None:
        strides = [
            broadcast_strides(b, x, dst.dims) if isinstance(x, ArrayValue) else None for x in inputs
        ]

        def body(idx: list[SSAValue], _: list[SSAValue]) -> None:
            values = []
            for x, s in zip(inputs, strides, strict=True):
                if isinstance(x, ArrayValue):
                    values.append(x.load(b, _dot(b, idx, s)))  # type: ignore[arg-type]
                else:
                    values.append(x)
            dst.store(b, _dot(b, idx, dst.strides), element(b, values))

        outer = 0
        if parallel and dst.ndim:
            inner = static_size(dst.dims[1:])
            outer = max(2, PARALLEL_MIN_WORK // (max(cost, 1) * inner)) if inner else 2
        loop_nest(b, dst.dims, body, parallel_outer=outer)

    cond = flat_condition(b, dst.dims, [dst, *inputs]) if flat_ok else False
    if cond is True:
        flat()
    elif cond is False:
        nest()
    else:
        if_then_else(b, cond, flat, nest)


def _dot(b: Builder, idx: Sequence[SSAValue], strides: Sequence[SSAValue]) -> SSAValue:
    total = const(b, 0)
    for i, s in zip(idx, strides, strict=True):
        total = add(b, total, mul(b, i, s))
    return total


# ---------------------------------------------------------------------------
# Reductions


NO_IDENTITY = {
    kind: f"zero-size array to reduction operation {name} which has no identity"
    for kind, name in (("amax", "maximum"), ("amin", "minimum"))
}
"""numpy's ValueError for the reductions that have no value on no elements."""


def raise_if_empty(b: Builder, count: SSAValue, message: str) -> None:
    """Raise ValueError (numpy's ``message``) when ``count``, the number of
    elements reduced into each result, is 0 (an empty axis, or an empty slice at
    run time)."""
    if known(count) in (None, 0):
        b.raise_if(cmp(b, "eq", count, const(b, 0)), VALUE_ERROR, message)


def accumulator_type(kind: str, elem: Attribute, whole: bool) -> Attribute:
    """The type partial results are kept in."""
    if whole and kind in ("sum", "mean", "prod") and isinstance(elem, Float16Type | Float32Type):
        return f64
    return machine_scalar(elem)


def identity(b: Builder, kind: str, t: Attribute, elem: Attribute) -> SSAValue:
    if kind in ("sum", "mean"):
        return b.constant(0, t) if not is_float(t) else b.constant(0.0, t)
    if kind == "prod":
        return b.constant(1, t) if not is_float(t) else b.constant(1.0, t)
    big = kind == "amin"
    if is_float(t):
        return b.constant(float("inf") if big else float("-inf"), t)
    w = t.width.data  # type: ignore[attr-defined]
    if is_unsigned(elem):
        return b.constant(-1 if big else 0, t)
    return b.constant((1 << (w - 1)) - 1 if big else -(1 << (w - 1)), t)


def combine(b: Builder, kind: str, acc: SSAValue, x: SSAValue, elem: Attribute) -> SSAValue:
    t = acc.type
    if is_float(t):
        if kind in ("sum", "mean"):
            return b.emit(arith.AddfOp(acc, x, REASSOC))
        if kind == "prod":
            return b.emit(arith.MulfOp(acc, x, REASSOC))
        return b.emit((arith.MaximumfOp if kind == "amax" else arith.MinimumfOp)(acc, x))
    if kind in ("sum", "mean"):
        return b.emit(arith.AddiOp(acc, x))
    if kind == "prod":
        return b.emit(arith.MuliOp(acc, x))
    unsigned = is_unsigned(elem)
    if kind == "amax":
        return b.emit((arith.MaxUIOp if unsigned else arith.MaxSIOp)(acc, x))
    return b.emit((arith.MinUIOp if unsigned else arith.MinSIOp)(acc, x))


def widen(b: Builder, x: SSAValue, t: Attribute) -> SSAValue:
    if x.type == t:
        return x
    if is_float(x.type) and is_float(t):
        wider = x.type.bitwidth < t.bitwidth  # type: ignore[attr-defined]
        return b.emit((arith.ExtFOp if wider else arith.TruncFOp)(x, t))
    raise NotImplementedError(f"accumulate {x.type} in {t}")


def normalized_axes(axes: Sequence[int] | int | None, n: int) -> list[int]:
    """The axes of a reduction as numpy takes them (None: all of them; an int;
    negative ones from the end), sorted and in ``range(n)`` (the verifier
    checked their bounds against the array's rank)."""
    if axes is None:
        return list(range(n))
    if isinstance(axes, int):
        axes = (axes,)
    return sorted({a % n for a in axes})


def reduce(
    b: Builder,
    dims: Sequence[SSAValue],
    axes: Sequence[int] | int | None,
    keepdims: bool,
    inputs: Sequence[Operand],
    element: Element,
    kind: str,
    elem: Attribute,
    cost: int = 1,
) -> list[SSAValue]:
    """The leaves of the reduction ``kind`` over ``axes`` of the array of sizes
    ``dims`` whose elements are ``element(inputs)`` (the inputs broadcast to
    ``dims``); ``elem`` is the result's element type."""
    n = len(dims)
    axes = normalized_axes(axes, n)
    kept = [k for k in range(n) if k not in axes]
    strides = [broadcast_strides(b, x, dims) if isinstance(x, ArrayValue) else None for x in inputs]

    def elem_at(idx: list[SSAValue]) -> SSAValue:
        values = []
        for x, s in zip(inputs, strides, strict=True):
            values.append(x.load(b, _dot(b, idx, s)) if isinstance(x, ArrayValue) else x)  # type: ignore[arg-type]
        return element(b, values)

    count = const(b, 1)
    for k in axes:
        count = mul(b, count, dims[k])
    if kind in NO_IDENTITY:
        raise_if_empty(b, count, NO_IDENTITY[kind])
    if not kept:
        acc = _reduce_all(b, dims, inputs, strides, element, elem_at, kind, elem, cost)
        value = _finish(b, kind, acc, count, elem)
        if not keepdims:
            return [value]
        out = allocate(b, [const(b, 1)] * n, elem, result=True)
        out.store(b, const(b, 0), value)
        return out.leaves()
    out_dims = [dims[k] for k in kept]
    out = allocate(b, out_dims, elem, result=True)
    out_strides = dict(zip(kept, out.strides, strict=True))

    def out_offset(idx: list[SSAValue]) -> SSAValue:
        return _dot(b, [idx[k] for k in kept], [out_strides[k] for k in kept])

    t = machine_scalar(elem)
    last_reduced = (n - 1) in axes
    outer_reduced = any(k in axes for k in range(n - 1))
    if outer_reduced or not last_reduced:
        map_into(b, out, [], lambda b2, _: identity(b2, kind, t, elem))
    if last_reduced:
        acc_t = accumulator_type(kind, elem, True)

        def outer_body(idx: list[SSAValue], _: list[SSAValue]) -> None:
            off = out_offset([*idx, const(b, 0)])
            start = (
                widen(b, out.load(b, off), acc_t)
                if outer_reduced
                else identity(b, kind, acc_t, elem)
            )

            def inner(i: SSAValue, carried: list[SSAValue]) -> list[SSAValue]:
                x = elem_at([*idx, i])
                return [combine(b, kind, carried[0], widen(b, x, acc_t), elem)]

            (acc,) = for_loop(b, const(b, 0), dims[n - 1], inner, [start])
            out.store(b, off, widen(b, acc, t) if acc_t != t else acc)

        loop_nest(b, list(dims[: n - 1]), outer_body, parallel_outer=False)
    else:

        def body(idx: list[SSAValue], _: list[SSAValue]) -> None:
            off = out_offset(idx)
            out.store(b, off, combine(b, kind, out.load(b, off), elem_at(idx), elem))

        loop_nest(b, list(dims), body)
    if kind == "mean":
        map_into(b, out, [out], lambda b2, v: _divide(b2, v[0], count))
    if keepdims:
        full_dims, full_strides = [], []
        for k in range(n):
            if k in axes:
                full_dims.append(const(b, 1))
                full_strides.append(const(b, 0))
            else:
                full_dims.append(dims[k])
                full_strides.append(out_strides[k])
        return [out.ptr, *full_dims, *full_strides]
    return out.leaves()


def _divide(b: Builder, x: SSAValue, count: SSAValue) -> SSAValue:
    n = b.emit(arith.SIToFPOp(count, x.type))
    return b.emit(arith.DivfOp(x, n))


def _finish(b: Builder, kind: str, acc: SSAValue, count: SSAValue, elem: Attribute) -> SSAValue:
    if kind == "mean":
        acc = _divide(b, acc, count)
    t = machine_scalar(elem)
    return widen(b, acc, t) if acc.type != t else acc


def _reduce_all(b, dims, inputs, strides, element, elem_at, kind, elem, cost) -> SSAValue:
    """The reduction of every element, in the accumulator type."""
    acc_t = accumulator_type(kind, elem, True)
    total = const(b, 1)
    for d in dims:
        total = mul(b, total, d)

    def flat() -> list[SSAValue]:
        def chunk_sum(lo: SSAValue, hi: SSAValue) -> SSAValue:
            def body(i: SSAValue, carried: list[SSAValue]) -> list[SSAValue]:
                x = element(b, [_read(b, v, i) for v in inputs])
                return [combine(b, kind, carried[0], widen(b, x, acc_t), elem)]

            return for_loop(b, lo, hi, body, [identity(b, kind, acc_t, elem)])[0]

        known_total = known(total)
        if not worth_parallel(known_total, cost):
            return [chunk_sum(const(b, 0), total)]
        # Chunks: each a partial result, computed in parallel, combined after.
        chunk = const(b, CHUNK)
        nchunks = b.emit(arith.DivSIOp(add(b, total, const(b, CHUNK - 1)), chunk))
        # At least one chunk (of no elements when the array is empty at run time).
        nchunks = smax(b, smin(b, nchunks, const(b, MAX_CHUNKS)), const(b, 1))
        per = b.emit(
            arith.DivSIOp(add(b, total, b.emit(arith.SubiOp(nchunks, const(b, 1)))), nchunks)
        )
        per = b.emit(arith.MaxSIOp(per, const(b, 1)))
        partials = allocate(b, [nchunks], acc_t, at_most=MAX_CHUNKS)

        def chunk_body(c: SSAValue, _: list[SSAValue]) -> None:
            lo = smin(b, mul(b, c, per), total)
            hi = smin(b, add(b, lo, per), total)
            partials.store(b, c, chunk_sum(lo, hi))

        for_loop(b, const(b, 0), nchunks, chunk_body, parallel=2)

        def gather(c: SSAValue, carried: list[SSAValue]) -> list[SSAValue]:
            return [combine(b, kind, carried[0], partials.load(b, c), elem)]

        return for_loop(b, const(b, 0), nchunks, gather, [identity(b, kind, acc_t, elem)])

    def nest() -> list[SSAValue]:
        def body(idx: list[SSAValue], carried: list[SSAValue]) -> list[SSAValue]:
            return [combine(b, kind, carried[0], widen(b, elem_at(idx), acc_t), elem)]

        return loop_nest(b, list(dims), body, [identity(b, kind, acc_t, elem)])

    cond = flat_condition(b, dims, inputs)
    if cond is True:
        return flat()[0]
    if cond is False:
        return nest()[0]
    return if_then_else(b, cond, flat, nest, [acc_t])[0]
