"""The ``lower`` rules of the array primitives (``convert-myia-to-cf``).

Each rule gets the builder (``HostLowering``), the typed op, its operands'
leaves and types, and returns the leaves of the result (see :mod:`.values`).

* Views cost nothing: ``transpose``, ``broadcast_to``, ``array_getitem`` (slices,
  indices, new axes) and ``reshape`` of a contiguous array make new sizes and
  strides for the same memory.
* Elementwise primitives on tensors, ``array_map`` (a fused kernel),
  ``astype``, ``where``, ``full``, copies: :func:`.kernels.map_into`.
* Reductions and ``array_reduce``: :func:`.kernels.reduce`.
* ``matmul``: BLAS (:mod:`.matmul`).

The elementwise primitives keep their scalar rule for scalars: the rules here
dispatch on the result type.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from xdsl.dialects import arith
from xdsl.dialects.builtin import IntegerType, TensorType, TupleType, i64
from xdsl.ir import Attribute, SSAValue

from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, TupleOp, literal_value
from myia.dialects.primitive import PRIMITIVES, PrimOp
from myia.dialects.prims_array import ELEMENTWISE, REDUCTIONS, broadcast_shapes
from myia.dialects.types import FunctionValueType
from myia.lowering.arrays import kernels
from myia.lowering.arrays.array_codegen import (
    ArrayValue,
    Pooled,
    add,
    allocate,
    cmp,
    const,
    contiguous_strides,
    for_loop,
    if_then_else,
    known,
    mul,
    product,
    raise_when,
    select,
    smax,
    smin,
)
from myia.lowering.arrays.kernels import Operand
from myia.lowering.arrays.scalar import emit_elementwise, is_float, is_unsigned
from myia.lowering.layout import POINTER, machine_scalar
from myia.lowering.llvm.runtime_decls import ErrorCode

Builder = Any
INDEX_ERROR = 8  # ErrorCode.INDEX
SHAPE_ERROR = int(ErrorCode.SHAPE)

#: Rough cost of one element of each primitive, relative to an addition (for the
#: parallel threshold): the vectorized functions of vmath cost a few additions,
#: libm's calls tens.
COSTS = {"exp": 4, "log": 4, "sin": 6, "cos": 6, "tanh": 6, "tan": 40, "pow": 40, "power": 40,
         "sqrt": 2, "truediv": 2, "divide": 2, "floordiv": 8, "mod": 8, "atan": 40, "asin": 40,
         "acos": 40, "sinh": 40, "cosh": 40, "expm1": 40, "log1p": 40, "atan2": 40}  # fmt: skip


class NotStaticOperand(Exception):
    pass


def static_operand(v: SSAValue) -> Any:
    """The value of a static operand (made of ``myia.const`` and ``myia.tuple``)."""
    owner = v.owner
    if isinstance(owner, ConstOp):
        return literal_value(owner.value)
    if isinstance(owner, TupleOp):
        return tuple(static_operand(e) for e in owner.elements)
    raise NotStaticOperand(f"{v} is not a constant operand")


def is_tensor(t: Attribute) -> bool:
    return isinstance(t, TensorType)


def operand(b: Builder, leaves: list[SSAValue], t: Attribute) -> Operand:
    if isinstance(t, TensorType):
        return ArrayValue.of(b, leaves, t)
    (value,) = leaves
    return value


def element_type(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, TensorType) else t  # type: ignore[attr-defined]


def result_array(b: Builder, op: PrimOp, inputs: Sequence[Operand]) -> ArrayValue:
    """A new array for the result of ``op`` (sizes the type does not know are
    those of the broadcast inputs, checked at run time)."""
    t = op.results[0].type
    assert isinstance(t, TensorType)
    static = tuple(None if d < 0 else d for d in t.get_shape())
    dims = kernels.broadcast_dims(b, inputs, static)
    check_broadcast(b, inputs, dims)
    return allocate(b, dims, t.element_type, result=True)


def check_broadcast(b: Builder, inputs: Sequence[Operand], dims: Sequence[SSAValue]) -> None:
    """Raise (a ValueError, as numpy) when an input's size known only at run
    time neither is the result's nor 1."""
    n = len(dims)
    bad = []
    for x in inputs:
        if not isinstance(x, ArrayValue):
            continue
        for j, d in enumerate(x.dims):
            k = j + n - x.ndim
            if known(d) is not None and known(dims[k]) is not None:
                continue
            ok = b.emit(arith.OrIOp(cmp(b, "eq", d, dims[k]), cmp(b, "eq", d, const(b, 1))))
            bad.append(b.emit(arith.XOrIOp(ok, b.constant(1, ok.type))))
    if bad:
        any_bad = bad[0]
        for c in bad[1:]:
            any_bad = b.emit(arith.OrIOp(any_bad, c))
        b.raise_if(any_bad, SHAPE_ERROR)


def check_equal_sizes(b: Builder, pairs: Sequence[tuple[SSAValue, SSAValue]]) -> None:
    """Raise (a ValueError, as numpy) when two sizes that must be equal, one of
    them known only at run time, differ."""
    bad = [cmp(b, "ne", x, y) for x, y in pairs if known(x) is None or known(y) is None]
    if bad:
        any_bad = bad[0]
        for c in bad[1:]:
            any_bad = b.emit(arith.OrIOp(any_bad, c))
        b.raise_if(any_bad, SHAPE_ERROR)


def cost_of(names: Sequence[str]) -> int:
    return max(1, sum(COSTS.get(n, 1) for n in names))


# ---------------------------------------------------------------------------
# Elementwise


def lower_elementwise(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    name = op.PRIMITIVE.name
    inputs: list[Operand] = []
    in_types: list[Attribute] = []
    for lv, t in zip(leaves, types, strict=True):
        if is_tensor(t) or lv:
            inputs.append(operand(b, lv, t))
            in_types.append(element_type(t))
    out = result_array(b, op, inputs)
    result = element_type(op.results[0].type)

    def element(b2: Builder, values: list[SSAValue]) -> SSAValue:
        return emit_elementwise(b2, name, values, in_types, result)

    kernels.map_into(b, out, inputs, element, cost_of([name]))
    return out.leaves()


NUMPY_SCALARS = ("where", "astype", "sign")
"""Elementwise primitives without a scalar ``lower`` rule of their own: on numpy
scalars, they compute one element as on arrays (``np.sign(x)``)."""


def _on_arrays(name: str, array_rule: Any) -> None:
    """Register ``array_rule`` as ``name``'s lowering where an operand or the
    result is an array (and, for :data:`NUMPY_SCALARS`, one element's on scalars)."""
    array_rule = pooled(array_rule)

    def on_arrays(b: Builder, op: PrimOp, leaves: list, types: list) -> Any:
        if is_tensor(op.results[0].type) or any(is_tensor(t) for t in types):
            return array_rule(b, op, leaves, types)
        return NotImplemented

    PRIMITIVES[name].rules.register("lower", on_arrays, kind="array")
    if name in NUMPY_SCALARS:
        PRIMITIVES[name].rules.register("lower", partial(_numpy_scalar, name))


def _numpy_scalar(name: str, b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    values = [lv[0] for lv in leaves if lv]
    value_types = [t for lv, t in zip(leaves, types, strict=True) if lv]
    return [emit_elementwise(b, name, values, value_types, op.results[0].type)]


def lower_cast(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    source, target = types[0], op.results[0].type
    if element_type(source) == element_type(target):
        return list(leaves[0])  # only the static sizes differ: the same leaves
    return lower_elementwise(b, op, leaves, types)


# ---------------------------------------------------------------------------
# Fused kernels


def kernel_function(b: Builder, fn_type: Attribute) -> FuncOp:
    assert isinstance(fn_type, FunctionValueType) and len(fn_type.functions) == 1
    return b.layout.func(fn_type.functions.data[0].root_reference.data)


def kernel_element(func: FuncOp) -> Any:
    """Emits the kernel ``func`` (scalar ops) on the scalars of one element."""

    def element(b: Builder, values: list[SSAValue]) -> SSAValue:
        env: dict[SSAValue, SSAValue] = dict(zip(func.args, values, strict=True))
        for inner in func.entry.ops:
            if isinstance(inner, ReturnOp):
                return env[inner.value]
            if isinstance(inner, ConstOp):
                value = literal_value(inner.value)
                if value is not None and not isinstance(value, str):  # (a dtype has no leaves)
                    env[inner.results[0]] = b.constant(value, inner.results[0].type)
                continue
            assert isinstance(inner, PrimOp), inner
            args = [env[a] for a in inner.operands if a in env]
            arg_types = [a.type for a in inner.operands if a in env]
            env[inner.results[0]] = emit_elementwise(
                b, inner.PRIMITIVE.name, args, arg_types, inner.results[0].type
            )
        raise AssertionError("kernel without return")

    return element


def kernel_cost(func: FuncOp) -> int:
    return cost_of([op.PRIMITIVE.name for op in func.entry.ops if isinstance(op, PrimOp)])


def lower_array_map(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    func = kernel_function(b, types[0])
    inputs = [operand(b, lv, t) for lv, t in zip(leaves[1:], types[1:], strict=True)]
    out = result_array(b, op, inputs)
    kernels.map_into(b, out, inputs, kernel_element(func), kernel_cost(func))
    return out.leaves()


def lower_array_reduce(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    func = kernel_function(b, types[0])
    kind = static_operand(op.operands[1])
    axes = static_operand(op.operands[2])
    keepdims = bool(static_operand(op.operands[3]))
    inputs = [operand(b, lv, t) for lv, t in zip(leaves[4:], types[4:], strict=True)]
    static = _map_shape(types[4:])
    dims = kernels.broadcast_dims(b, inputs, static)
    check_broadcast(b, inputs, dims)
    result = element_type(op.results[0].type)
    return kernels.reduce(
        b, dims, axes, keepdims, inputs, kernel_element(func), kind, result, kernel_cost(func)
    )


def _map_shape(types: Sequence[Attribute]) -> tuple[int | None, ...]:
    """The shape an ``array_reduce`` iterates over: the broadcast of its inputs."""
    shapes = [tuple(None if d < 0 else d for d in t.get_shape()) for t in types if is_tensor(t)]
    return broadcast_shapes(*shapes)


# ---------------------------------------------------------------------------
# Reductions


def lower_reduction(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    x = operand(b, leaves[0], types[0])
    assert isinstance(x, ArrayValue)
    axes = static_operand(op.operands[1])
    keepdims = bool(static_operand(op.operands[2]))
    result = element_type(op.results[0].type)
    return kernels.reduce(
        b, x.dims, axes, keepdims, [x], lambda b2, v: v[0], op.PRIMITIVE.name, result
    )


def lower_arg_extremum(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    """argmax/argmin: a loop carrying the best value and its index (strictly
    better replaces: the first extremum wins; a nan is better than any number)."""
    x = ArrayValue.of(b, leaves[0], types[0])
    axis = static_operand(op.operands[1])
    keepdims = bool(static_operand(op.operands[2]))
    largest = op.PRIMITIVE.name == "argmax"
    count = product(b, x.dims) if axis is None else x.dims[axis]
    message = f"attempt to get {op.PRIMITIVE.name} of an empty sequence"
    kernels.raise_if_empty(b, count, message)
    t = machine_scalar(x.elem)
    start = kernels.identity(b, "amin" if not largest else "amax", t, x.elem)

    def better(v: SSAValue, best: SSAValue) -> SSAValue:
        if is_float(t):
            strict = b.emit(arith.CmpfOp(v, best, "ogt" if largest else "olt"))
            nan_first = b.emit(
                arith.AndIOp(
                    b.emit(arith.CmpfOp(v, v, "uno")), b.emit(arith.CmpfOp(best, best, "ord"))
                )
            )
            return b.emit(arith.OrIOp(strict, nan_first))
        pred = (
            ("ugt" if largest else "ult") if is_unsigned(x.elem) else ("sgt" if largest else "slt")
        )
        return b.emit(arith.CmpiOp(v, best, pred))

    def step(v: SSAValue, index: SSAValue, carried: list[SSAValue]) -> list[SSAValue]:
        best, where = carried
        c = better(v, best)
        return [b.emit(arith.SelectOp(c, v, best)), b.emit(arith.SelectOp(c, index, where))]

    if axis is None:
        flat_strides = contiguous_strides(b, x.dims)

        def body(idx: list[SSAValue], carried: list[SSAValue]) -> list[SSAValue]:
            flat = const(b, 0)
            for i, s in zip(idx, flat_strides, strict=True):
                flat = add(b, flat, mul(b, i, s))
            return step(x.load(b, x.offset(b, idx)), flat, carried)

        _, index = kernels.loop_nest(b, x.dims, body, [start, const(b, 0)])
        if not keepdims:
            return [index]
        out = allocate(b, [const(b, 1)] * x.ndim, op.results[0].type.element_type, result=True)
        out.store(b, const(b, 0), index)
        return out.leaves()
    kept = [k for k in range(x.ndim) if k != axis]
    out = allocate(b, [x.dims[k] for k in kept], op.results[0].type.element_type, result=True)

    def outer(idx: list[SSAValue], _: list[SSAValue]) -> None:
        def inner(i: SSAValue, carried: list[SSAValue]) -> list[SSAValue]:
            full = [*idx[:axis], i, *idx[axis:]]
            return step(x.load(b, x.offset(b, full)), i, carried)

        _, index = for_loop(b, const(b, 0), x.dims[axis], inner, [start, const(b, 0)])
        out.store(b, out.offset(b, idx), index)

    kernels.loop_nest(b, out.dims, outer)
    if keepdims:
        dims = [*out.dims[:axis], const(b, 1), *out.dims[axis:]]
        strides = [*out.strides[:axis], const(b, 0), *out.strides[axis:]]
        return [out.ptr, *dims, *strides]
    return out.leaves()


# ---------------------------------------------------------------------------
# Views


def view_leaves(
    x: ArrayValue,
    dims: Sequence[SSAValue],
    strides: Sequence[SSAValue],
    ptr: SSAValue | None = None,
) -> list[SSAValue]:
    return [ptr if ptr is not None else x.ptr, *dims, *strides]


def lower_transpose(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    x = ArrayValue.of(b, leaves[0], types[0])
    axes = static_operand(op.operands[1])
    if axes is None:
        axes = tuple(reversed(range(x.ndim)))
    return view_leaves(x, [x.dims[a] for a in axes], [x.strides[a] for a in axes])


def lower_broadcast_to(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    x = ArrayValue.of(b, leaves[0], types[0])
    t = op.results[0].type
    shape_leaves = list(leaves[1])  # i64 sizes (constants where known)
    dims = [const(b, d) if d >= 0 else shape_leaves[k] for k, d in enumerate(t.get_shape())]
    if any(d < 0 for d in t.get_shape()):
        check_broadcast(b, [x], dims)
    return view_leaves(x, dims, kernels.broadcast_strides(b, x, dims))


def contiguous_copy(b: Builder, x: ArrayValue) -> SSAValue:
    """The pointer to a contiguous version of ``x`` (``x``'s own when it is)."""
    cond = x.contiguous(b)
    if known(cond) not in (None, 0):
        return x.ptr

    def same() -> list[SSAValue]:
        return [x.ptr]

    def copy() -> list[SSAValue]:
        out = allocate(b, x.dims, x.elem)
        kernels.map_into(b, out, [x], lambda b2, v: v[0], flat_ok=False)
        return [out.ptr]

    return if_then_else(b, cond, same, copy, [POINTER])[0]


def lower_reshape(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    x = ArrayValue.of(b, leaves[0], types[0])
    t = op.results[0].type
    given = list(leaves[1])  # i64 sizes, constants where known; one may be -1
    static = list(t.get_shape())
    minus_one = const(b, -1)
    known_part = const(b, 1)
    wanted: list[SSAValue | None] = []
    for d, v in zip(static, given, strict=True):
        if d >= 0:
            wanted.append(const(b, d))
        elif known(v) == -1:
            wanted.append(None)
        else:
            wanted.append(v)
        part = wanted[-1]
        if part is not None:
            known_part = mul(
                b,
                known_part,
                part
                if known(part) is not None
                else select(b, cmp(b, "eq", part, minus_one), const(b, 1), part),
            )
    size = x.size(b)
    missing = b.emit(arith.DivSIOp(size, smax(b, known_part, const(b, 1))))
    dims = []
    for part in wanted:
        if part is None:
            dims.append(missing)
        elif known(part) is None:  # -1 at run time
            dims.append(select(b, cmp(b, "eq", part, minus_one), missing, part))
        else:
            dims.append(part)
    if any(known(d) is None for d in dims):
        bad = cmp(b, "ne", product(b, dims), size)
        if known(bad) in (None, 1):
            b.raise_if(bad, SHAPE_ERROR)
    ptr = contiguous_copy(b, x)
    return [ptr, *dims, *contiguous_strides(b, dims)]


def _normalize_slice(
    b: Builder, parts: list[SSAValue | None], length: SSAValue
) -> tuple[SSAValue, SSAValue, SSAValue]:
    """start, size and step of ``slice(*parts)`` on an axis of ``length``
    (Python's ``slice.indices`` and ``len(range(...))``)."""
    start, stop, step = parts
    zero, one = const(b, 0), const(b, 1)
    if step is None:
        step = one
    ks = known(step)
    negative = cmp(b, "slt", step, zero) if ks is None else b.constant(int(ks < 0), IntegerType(1))
    minus_one = const(b, -1)

    def adjust(value: SSAValue | None, default_pos: SSAValue, default_neg: SSAValue) -> SSAValue:
        if value is None:
            return select(b, negative, default_neg, default_pos)
        wrapped = select(b, cmp(b, "slt", value, zero), add(b, value, length), value)
        low = select(b, negative, minus_one, zero)
        high = select(b, negative, add(b, length, minus_one), length)
        return smin(b, smax(b, wrapped, low), high)

    start_v = adjust(start, zero, add(b, length, minus_one))
    stop_v = adjust(stop, length, minus_one)
    # size = max(0, ceil((stop - start) / step)) for either sign of step
    diff = (
        b.emit(arith.SubiOp(stop_v, start_v))
        if known(stop_v) is None or known(start_v) is None
        else const(b, known(stop_v) - known(start_v))
    )  # type: ignore[operator]
    toward = select(b, negative, add(b, step, one), add(b, step, minus_one))
    numerator = add(b, diff, toward)
    size = (
        b.emit(arith.DivSIOp(numerator, step))
        if known(numerator) is None or ks is None
        else const(b, int(known(numerator) / ks))
    )  # type: ignore[operator]
    size = smax(b, size, zero)
    return start_v, size, step


def index_view(
    b: Builder, x: ArrayValue, item_types: Sequence[Attribute], item_leaves: list[SSAValue]
) -> tuple[SSAValue, list[SSAValue], list[SSAValue]]:
    """The offset, sizes and strides of ``x[items]`` (basic indexing)."""
    offset = const(b, 0)
    dims: list[SSAValue] = []
    strides: list[SSAValue] = []
    axis = 0
    pos = 0
    for t in item_types:
        count = b.layout.count(t)
        lv = item_leaves[pos : pos + count]
        pos += count
        if isinstance(t, TupleType):  # a slice: (start, stop, step), parts i64 or none
            parts: list[SSAValue | None] = []
            k = 0
            for pt in t.types.data:
                if b.layout.count(pt):
                    parts.append(lv[k])
                    k += 1
                else:
                    parts.append(None)
            start, size, step = _normalize_slice(b, parts, x.dims[axis])
            offset = add(b, offset, mul(b, start, x.strides[axis]))
            dims.append(size)
            strides.append(mul(b, x.strides[axis], step))
            axis += 1
        elif lv:  # an index
            (i,) = lv
            length = x.dims[axis]
            wrapped = select(b, cmp(b, "slt", i, const(b, 0)), add(b, i, length), i)
            if known(wrapped) is None or known(length) is None:
                bad = b.emit(
                    arith.OrIOp(cmp(b, "slt", wrapped, const(b, 0)), cmp(b, "sge", wrapped, length))
                )
                b.raise_if(bad, INDEX_ERROR)
            offset = add(b, offset, mul(b, wrapped, x.strides[axis]))
            axis += 1
        else:  # None: a new axis
            dims.append(const(b, 1))
            strides.append(const(b, 0))
    dims.extend(x.dims[axis:])
    strides.extend(x.strides[axis:])
    return offset, dims, strides


def _items(op: PrimOp, leaves: list, types: list) -> tuple[list[Attribute], list[SSAValue]]:
    t = types[1]
    assert isinstance(t, TupleType)
    return list(t.types.data), list(leaves[1])


def lower_array_getitem(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    x = ArrayValue.of(b, leaves[0], types[0])
    item_types, item_leaves = _items(op, leaves, types)
    offset, dims, strides = index_view(b, x, item_types, item_leaves)
    if not is_tensor(op.results[0].type):
        return [x.load(b, offset)]
    return [x.address(b, offset), *dims, *strides]


def lower_array_setitem(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    x = ArrayValue.of(b, leaves[0], types[0])
    out = allocate(b, x.dims, x.elem, result=True)
    kernels.map_into(b, out, [x], lambda b2, v: v[0])
    item_types, item_leaves = _items(op, leaves, types)
    offset, dims, strides = index_view(b, out, item_types, item_leaves)
    value = operand(b, leaves[2], types[2])
    target = ArrayValue(out.address(b, offset), dims, strides, out.elem)
    if not dims:
        target.store(
            b,
            const(b, 0),
            value if not isinstance(value, ArrayValue) else value.load(b, const(b, 0)),
        )
    else:
        kernels.map_into(b, target, [value], lambda b2, v: v[0])
    return out.leaves()


# ---------------------------------------------------------------------------
# Creation, shapes, joins


def lower_full(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    t = op.results[0].type
    shape_leaves = list(leaves[0])
    dims = [const(b, d) if d >= 0 else shape_leaves[i] for i, d in enumerate(t.get_shape())]
    for d in dims:
        if known(d) is None:  # a size given at run time (a negative one is known to inference)
            negative = b.emit(arith.CmpiOp(d, const(b, 0), "slt"))
            raise_when(b, negative, ErrorCode.VALUE, "negative dimensions are not allowed")
    out = allocate(b, dims, t.element_type, result=True)
    (value,) = leaves[1]
    kernels.map_into(b, out, [], lambda b2, v: value)
    return out.leaves()


def lower_array_shape(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    return list(ArrayValue.of(b, leaves[0], types[0]).dims)


def _tuple_arrays(b: Builder, leaves: list[SSAValue], t: TupleType) -> list[ArrayValue]:
    arrays = []
    for i, et in enumerate(t.types.data):
        arrays.append(ArrayValue.of(b, leaves[b.layout.element_slice(t, i)], et))
    return arrays


def lower_concatenate(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    arrays = _tuple_arrays(b, leaves[0], types[0])
    axis = static_operand(op.operands[1])
    t = op.results[0].type
    dims = []
    for k, d in enumerate(t.get_shape()):
        if d >= 0:
            dims.append(const(b, d))
        elif k == axis:
            total = const(b, 0)
            for a in arrays:
                total = add(b, total, a.dims[k])
            dims.append(total)
        else:
            dims.append(arrays[0].dims[k])
    check_equal_sizes(
        b, [(a.dims[k], dims[k]) for a in arrays for k in range(len(dims)) if k != axis]
    )
    out = allocate(b, dims, t.element_type, result=True)
    start = const(b, 0)
    for a in arrays:
        part_dims = [a.dims[k] if k == axis else dims[k] for k in range(len(dims))]
        target = ArrayValue(
            out.address(b, mul(b, start, out.strides[axis])), part_dims, out.strides, out.elem
        )
        kernels.map_into(b, target, [a], lambda b2, v: v[0])
        start = add(b, start, a.dims[axis])
    return out.leaves()


def lower_stack(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    arrays = _tuple_arrays(b, leaves[0], types[0])
    axis = static_operand(op.operands[1])
    t = op.results[0].type
    base = arrays[0]
    dims = [*base.dims[:axis], const(b, len(arrays)), *base.dims[axis:]]
    dims = [const(b, d) if d >= 0 else dims[k] for k, d in enumerate(t.get_shape())]
    inner_dims = dims[:axis] + dims[axis + 1 :]
    check_equal_sizes(b, [(d, e) for a in arrays for d, e in zip(a.dims, inner_dims, strict=True)])
    out = allocate(b, dims, t.element_type, result=True)
    inner_strides = out.strides[:axis] + out.strides[axis + 1 :]
    for i, a in enumerate(arrays):
        target = ArrayValue(
            out.address(b, mul(b, const(b, i), out.strides[axis])),
            inner_dims,
            inner_strides,
            out.elem,
        )
        kernels.map_into(b, target, [a], lambda b2, v: v[0])
    return out.leaves()


def lower_matmul(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
    from myia.lowering.arrays.matmul import lower_matmul as rule

    return rule(b, op, leaves, types)


# ---------------------------------------------------------------------------
# Registration

ARRAY_RULES = {
    "array_map": lower_array_map,
    "array_reduce": lower_array_reduce,
    "transpose": lower_transpose,
    "broadcast_to": lower_broadcast_to,
    "reshape": lower_reshape,
    "array_getitem": lower_array_getitem,
    "array_setitem": lower_array_setitem,
    "full": lower_full,
    "array_shape": lower_array_shape,
    "concatenate": lower_concatenate,
    "stack": lower_stack,
    "argmax": lower_arg_extremum,
    "argmin": lower_arg_extremum,
    **{name: lower_reduction for name in REDUCTIONS},
}


def pooled(rule: Any) -> Any:
    def run(b: Builder, op: PrimOp, leaves: list, types: list) -> list[SSAValue]:
        return rule(Pooled.of(b), op, leaves, types)

    run.__name__ = rule.__name__
    return run


def register() -> None:
    for name, rule in ARRAY_RULES.items():
        PRIMITIVES[name].rules["lower"] = pooled(rule)
    for name in ELEMENTWISE:
        if name == "cast":
            _on_arrays("cast", lower_cast)
        elif name in PRIMITIVES:
            _on_arrays(name, lower_elementwise)
    _on_arrays("matmul", lower_matmul)


__all__ = ["i64", "machine_scalar", "register", "static_operand"]
