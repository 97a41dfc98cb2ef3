"""Arrays in lowered code: their leaves, memory accesses and loops.

An array of type ``tensor<d0 x ... x T>`` is ``1 + 2 * ndim`` leaves (see
:mod:`myia.lowering.layout`): a pointer to its first element, its sizes (``i64``)
and its strides (``i64``, counted in elements, possibly zero or negative: views
broadcast and reverse without copying). Sizes known from the type are used as
constants. Arrays that lowered code makes are row-major and contiguous, in the
call's arena (``myia_alloc``); arguments are numpy's own buffers, never copied.

Bools are one byte in memory (numpy's layout), ``i1`` in registers.

Loops are ``scf.for`` over ``i64``: the loop-level stage of the lowering (a
later CUDA path starts from them). A loop marked ``myia.parallel`` may have its
iterations run on several threads (``myia-parallel-loops``); its body must not
allocate nor raise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.dialects import arith, llvm, scf
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerAttr,
    IntegerType,
    TensorType,
    f64,
    i8,
    i64,
)
from xdsl.ir import Attribute, Block, Region, SSAValue

from myia.lowering.layout import POINTER, machine_scalar
from myia.lowering.llvm.runtime_decls import ErrorCode

Builder = Any
"""The ``HostLowering`` of :mod:`myia.lowering.myia_to_cf` (``emit``, ``constant``...)."""

PARALLEL = "myia.parallel"
"""Attribute of an ``scf.for`` whose iterations are independent."""

PARALLEL_MIN_WORK = 1 << 19
"""Loops doing less work than this (iterations times an estimate of the cost of
one, an addition being 1) stay on one thread. libgomp's threads sleep when idle
(``OMP_WAIT_POLICY=PASSIVE``: spinning would take the cores from OpenBLAS's
threads, slowing matrix products down several times); waking them costs as
much as a few hundred thousand additions (figures in bench/RESULTS.md)."""


def memory_type(elem: Attribute) -> Attribute:
    """How an element is stored: bools as bytes."""
    if isinstance(elem, IntegerType) and elem.width.data == 1:
        return i8
    return machine_scalar(elem)


def itemsize(elem: Attribute) -> int:
    t = memory_type(elem)
    if isinstance(t, IntegerType):
        return max(t.width.data // 8, 1)
    if isinstance(t, Float16Type):
        return 2
    if isinstance(t, Float32Type):
        return 4
    if isinstance(t, Float64Type):
        return 8
    raise TypeError(f"no array element of type {elem}")


# ---------------------------------------------------------------------------
# Integer arithmetic on i64 (constants folded when both sides are known)


def _host(b: Builder) -> Any:
    return b.__dict__.get("_host", b)


def _at_entry(b: Builder, op: Any) -> SSAValue:
    entry = b.region.blocks[0]
    first = entry.first_op
    if first is None:
        entry.add_op(op)
    else:
        entry.insert_op_before(op, first)
    return op.results[0]


def const(b: Builder, value: int) -> SSAValue:
    """An i64 constant (see :class:`Pooled`)."""
    return Pooled.of(b).constant(int(value), i64)


class Pooled:
    """The builder of the array rules: the ``HostLowering`` itself, but for its
    constants, made once per function at the start of its entry block (so that
    they dominate every loop and branch): kernels use the same few constants
    many times over."""

    def __init__(self, host: Builder):
        self.__dict__["_host"] = host

    @staticmethod
    def of(b: Builder) -> Pooled:
        return b if isinstance(b, Pooled) else Pooled(b)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._host, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._host, name, value)

    def constant(self, value: Any, t: Attribute) -> SSAValue:
        host = self._host
        pool = host.__dict__.setdefault("_array_constants", {})
        key = (t, repr(value))
        found = pool.get(key)
        if found is None:
            saved = host.block
            block = Block()
            host.block = block
            try:
                made = host.constant(value, t)
            finally:
                host.block = saved
            op = made.owner
            op.detach()
            found = pool[key] = _at_entry(host, op)
        return found


def known(v: SSAValue) -> int | None:
    """The value of an i64 constant, or None."""
    owner = v.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


def add(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx is not None and ky is not None:
        return const(b, kx + ky)
    if kx == 0:
        return y
    if ky == 0:
        return x
    return b.emit(arith.AddiOp(x, y))


def sub(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx is not None and ky is not None:
        return const(b, kx - ky)
    if ky == 0:
        return x
    return b.emit(arith.SubiOp(x, y))


def mul(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx is not None and ky is not None:
        return const(b, kx * ky)
    if kx == 1:
        return y
    if ky == 1:
        return x
    if kx == 0 or ky == 0:
        return const(b, 0)
    return b.emit(arith.MuliOp(x, y))


_PREDICATES = {"eq": lambda x, y: x == y, "ne": lambda x, y: x != y, "slt": lambda x, y: x < y,
               "sle": lambda x, y: x <= y, "sgt": lambda x, y: x > y, "sge": lambda x, y: x >= y}  # fmt: skip


def cmp(b: Builder, pred: str, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx is not None and ky is not None and pred in _PREDICATES:
        return b.constant(int(_PREDICATES[pred](kx, ky)), IntegerType(1))
    return b.emit(arith.CmpiOp(x, y, pred))


def select(b: Builder, c: SSAValue, x: SSAValue, y: SSAValue) -> SSAValue:
    if x is y:
        return x
    kc = known(c)
    if kc is not None:
        return x if kc else y
    return b.emit(arith.SelectOp(c, x, y))


def smax(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx is not None and ky is not None:
        return const(b, max(kx, ky))
    return b.emit(arith.MaxSIOp(x, y))


def smin(b: Builder, x: SSAValue, y: SSAValue) -> SSAValue:
    kx, ky = known(x), known(y)
    if kx is not None and ky is not None:
        return const(b, min(kx, ky))
    return b.emit(arith.MinSIOp(x, y))


def product(b: Builder, values: Sequence[SSAValue]) -> SSAValue:
    total = const(b, 1)
    for v in values:
        total = mul(b, total, v)
    return total


def all_true(b: Builder, conds: Sequence[SSAValue]) -> SSAValue:
    rest = [c for c in conds if known(c) is None]
    if any(known(c) == 0 for c in conds):
        return b.constant(0, IntegerType(1))
    if not rest:
        return b.constant(1, IntegerType(1))
    result = rest[0]
    for c in rest[1:]:
        result = b.emit(arith.AndIOp(result, c))
    return result


# ---------------------------------------------------------------------------
# Array values


@dataclass
class ArrayValue:
    """An array's pointer, sizes and strides (as SSA values) and element type."""

    ptr: SSAValue
    dims: list[SSAValue]
    strides: list[SSAValue]
    elem: Attribute

    @property
    def ndim(self) -> int:
        return len(self.dims)

    def leaves(self) -> list[SSAValue]:
        return [self.ptr, *self.dims, *self.strides]

    @staticmethod
    def of(b: Builder, leaves: Sequence[SSAValue], t: TensorType) -> ArrayValue:
        """The array whose leaves are ``leaves`` (static sizes as constants)."""
        shape = t.get_shape()
        n = len(shape)
        ptr = leaves[0]
        dims = [const(b, d) if d >= 0 else leaves[1 + i] for i, d in enumerate(shape)]
        strides = list(leaves[1 + n : 1 + 2 * n])
        return ArrayValue(ptr, dims, strides, t.element_type)

    def size(self, b: Builder) -> SSAValue:
        return product(b, self.dims)

    def offset(self, b: Builder, indices: Sequence[SSAValue]) -> SSAValue:
        total = const(b, 0)
        for i, s in zip(indices, self.strides, strict=True):
            total = add(b, total, mul(b, i, s))
        return total

    def address(self, b: Builder, offset: SSAValue) -> SSAValue:
        if known(offset) == 0:
            return self.ptr
        return b.emit(llvm.GEPOp.from_mixed_indices(self.ptr, [offset], memory_type(self.elem)))

    def load(self, b: Builder, offset: SSAValue) -> SSAValue:
        return load(b, self.address(b, offset), self.elem)

    def store(self, b: Builder, offset: SSAValue, value: SSAValue) -> None:
        store(b, self.address(b, offset), value, self.elem)

    def contiguous(self, b: Builder) -> SSAValue:
        """Whether the array is row-major contiguous (an i1; sizes of one may
        have any stride, as numpy allows)."""
        conds = []
        expected = const(b, 1)
        for d, s in zip(reversed(self.dims), reversed(self.strides), strict=True):
            if known(d) == 1:
                continue
            ok = cmp(b, "eq", s, expected)
            if known(d) is None and known(ok) in (None, 0):
                ok = b.emit(arith.OrIOp(ok, cmp(b, "eq", d, const(b, 1))))
            conds.append(ok)
            expected = mul(b, expected, d)
        return all_true(b, conds)


def load(b: Builder, ptr: SSAValue, elem: Attribute) -> SSAValue:
    mem = memory_type(elem)
    value = b.emit(llvm.LoadOp(ptr, mem))
    if mem != machine_scalar(elem):  # a bool byte
        value = b.emit(arith.CmpiOp(value, b.constant(0, mem), "ne"))
    return value


def store(b: Builder, ptr: SSAValue, value: SSAValue, elem: Attribute) -> None:
    mem = memory_type(elem)
    if mem != machine_scalar(elem):
        value = b.emit(arith.ExtUIOp(value, mem))
    b.emit(llvm.StoreOp(value, ptr))


def contiguous_strides(b: Builder, dims: Sequence[SSAValue]) -> list[SSAValue]:
    strides: list[SSAValue] = []
    running = const(b, 1)
    for d in reversed(dims):
        strides.append(running)
        running = mul(b, running, d)
    return list(reversed(strides))


CONTIGUOUS = "myia.contiguous"
"""Attribute of an entry function (an array of bools): for each array its
arguments hold (in the order of their leaves: see ``Layout.tensor_positions``),
whether callers pass it C-contiguous. The function then uses strides computed
from the sizes (constants for a static shape) rather than those it is passed:
its kernels are one flat loop, not a flat loop and a strided nest behind a test,
and BLAS reads its matrices without a check or a copy. ``myia.jit`` compiles a
specialization per layout, as numba does for its 'C' and 'A' arrays."""


RESULT = "myia.result"
"""Attribute of the ops whose array is a result of the compiled function:
their array is allocated with ``myia_alloc_result`` (outside the arena, then
owned by the numpy array Python makes of it: no copy); an integer ``k`` (a
static shape) makes it result slot ``k``, numpy memory Python allocates before
the call (``myia_alloc_result_slot``)."""


def allocate(
    b: Builder,
    dims: Sequence[SSAValue],
    elem: Attribute,
    result: bool = False,
    at_most: int | None = None,
) -> ArrayValue:
    """A new contiguous array in the call's arena (``result``: the array of
    the op being lowered, allocated for Python when the op is marked
    ``myia.result``). Both allocations are declared ``noalias`` (see
    ``FRESH_MEMORY``): loops writing the array need no overlap test.
    ``at_most`` bounds its number of elements (a scratch array of the
    lowering: its size needs no check)."""
    if at_most is None or at_most * itemsize(elem) >= 1 << 63:
        check_size(b, dims, itemsize(elem))
    count = product(b, dims)
    nbytes = mul(b, count, const(b, itemsize(elem)))
    current = b.current
    mark = current.attributes.get(RESULT) if result and current is not None else None
    if isinstance(mark, IntegerAttr):  # a result slot: numpy's memory, given for the call
        (ptr,) = b.call_runtime(
            "myia_alloc_result_slot", [nbytes, const(b, mark.value.data)], [POINTER]
        )
    elif mark is not None:
        (ptr,) = b.call_runtime("myia_alloc_result", [nbytes], [POINTER])
    else:
        (ptr,) = b.call_runtime("myia_alloc_array", [nbytes], [POINTER])
    address = b.emit(llvm.PtrToIntOp(ptr, i64))
    raise_when(b, cmp(b, "eq", address, const(b, 0)), ErrorCode.MEMORY, OUT_OF_MEMORY)
    return ArrayValue(ptr, list(dims), contiguous_strides(b, dims), elem)


TOO_BIG = (
    "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size."
)
"""numpy's ValueError for an array of more than 2**63 - 1 bytes."""

OUT_OF_MEMORY = "out of memory: unable to allocate this array"


def check_size(b: Builder, dims: Sequence[SSAValue], size: int) -> None:
    """Raise numpy's ValueError when an array of ``dims`` would take 2**63 bytes
    or more (the product of the sizes in i64 would wrap around): computed in
    floating point, which does not; known at compile time when the sizes are."""
    sizes = [known(d) for d in dims]
    if all(n is not None for n in sizes):
        if math.prod(sizes) * size >= 1 << 63:  # type: ignore[arg-type]
            raise_when(b, b.constant(1, IntegerType(1)), ErrorCode.VALUE, TOO_BIG)
        return
    total = b.constant(float(size * math.prod(n for n in sizes if n is not None)), f64)
    for d, n in zip(dims, sizes, strict=True):
        if n is None:
            total = b.emit(arith.MulfOp(total, b.emit(arith.SIToFPOp(d, f64))))
    too_big = b.emit(arith.CmpfOp(total, b.constant(float(1 << 63), f64), "oge"))
    raise_when(b, too_big, ErrorCode.VALUE, TOO_BIG)


# ---------------------------------------------------------------------------
# Loops


def for_loop(
    b: Builder,
    lo: SSAValue,
    hi: SSAValue,
    body: Callable[[SSAValue, list[SSAValue]], Sequence[SSAValue] | None],
    iters: Sequence[SSAValue] = (),
    parallel: int = 0,
) -> list[SSAValue]:
    """``scf.for %i = lo to hi`` (step 1) with loop-carried ``iters``; ``body(i,
    carried)`` emits the body and returns the next carried values. ``parallel``:
    the smallest trip count worth running on several threads (0: never)."""
    block = Block(arg_types=[i64, *[v.type for v in iters]])
    loop = scf.ForOp(lo, hi, const(b, 1), list(iters), Region(block))
    if parallel:
        loop.attributes[PARALLEL] = IntegerAttr(max(2, int(parallel)), i64)
    b.emit(loop)
    saved = b.block
    b.block = block
    try:
        results = body(block.args[0], list(block.args[1:])) or []
        b.emit(scf.YieldOp(*results))
    finally:
        b.block = saved
    return list(loop.results)


def loop_nest(
    b: Builder,
    dims: Sequence[SSAValue],
    body: Callable[[list[SSAValue], list[SSAValue]], Sequence[SSAValue] | None],
    iters: Sequence[SSAValue] = (),
    parallel_outer: int = 0,
) -> list[SSAValue]:
    """Loops over every index of ``dims`` (row-major order), carrying ``iters``."""
    if not dims:
        return list(body([], list(iters)) or [])

    def level(k: int, indices: list[SSAValue], carried: list[SSAValue]) -> list[SSAValue]:
        def inner(i: SSAValue, c: list[SSAValue]) -> Sequence[SSAValue]:
            if k + 1 == len(dims):
                return body([*indices, i], c) or []
            return level(k + 1, [*indices, i], c)

        return for_loop(
            b, const(b, 0), dims[k], inner, carried, parallel=parallel_outer if k == 0 else 0
        )

    return level(0, [], list(iters))


def if_then_else(
    b: Builder,
    cond: SSAValue,
    then: Callable[[], Sequence[SSAValue] | None],
    other: Callable[[], Sequence[SSAValue] | None],
    result_types: Sequence[Attribute] = (),
) -> list[SSAValue]:
    """``scf.if`` with both branches emitted by the callbacks."""
    then_block, else_block = Block(), Block()
    op = scf.IfOp(cond, list(result_types), Region(then_block), Region(else_block))
    b.emit(op)
    saved = b.block
    try:
        for block, fn in ((then_block, then), (else_block, other)):
            b.block = block
            results = fn() or []
            b.emit(scf.YieldOp(*results))
    finally:
        b.block = saved
    return list(op.results)


def raise_when(b: Builder, cond: SSAValue, code: int, message: str | None = None) -> None:
    """Raise runtime error ``code`` when ``cond`` holds, located at the op being
    lowered: an ``scf.if``, so that it works inside loops and branches too (the
    builder's ``raise_if`` branches between blocks of the function)."""
    if_then_else(b, cond, lambda: b.raise_call(code, message), lambda: None)


def worth_parallel(count: int | None, cost: int = 1) -> int:
    """The smallest number of iterations of about ``cost`` units each worth
    splitting over threads, or 0 when a loop of ``count`` iterations (None:
    known at run time) never is."""
    if count is not None and count * cost < PARALLEL_MIN_WORK:
        return 0
    return max(2, PARALLEL_MIN_WORK // max(cost, 1))


def static_size(dims: Sequence[SSAValue]) -> int | None:
    values = [known(d) for d in dims]
    if any(v is None for v in values):
        return None
    return math.prod(values)  # type: ignore[arg-type]
