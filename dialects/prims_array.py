"""Arrays: numpy's array operations as primitives, with numpy 2's semantics.

Every array operation is a primitive declared here with its numpy reference
implementation (what the interpreter runs), its inference rule (dtype and shape,
each dimension known or ``None``), its expansion into typed IR and, in
:mod:`myia.lowering.arrays`, its lowering.

Static operands -- an axis, a shape, ``keepdims``, a dtype -- are *operands*
whose value inference must know (constants, or values computed from constants
such as ``x.shape``). In typed IR each such operand is made of ``myia.const``
and ``myia.tuple`` ops emitted right before the op (the expansion rules make
them), so later stages read their value from the IR: axes are a tuple of
non-negative ``i64`` in increasing order, ``keepdims`` an ``i1``, a dtype a
``!myia.str`` constant (``"float32"``). Shapes given to ``full`` may hold values
known only at run time (``np.zeros(n)``).

Typed IR is homogeneous: the operands of an elementwise operation have its
computation dtype (arrays are converted with ``myia.astype``, scalars with
``myia.cast``), reductions have their result's dtype, ``matmul`` has both operands
of the result's dtype.

Primitives on arrays (typed forms):

=========================================  ========================================
elementwise (``add``, ``exp``, ``lt``...)  broadcasting, numpy's promotion (NEP 50)
``where(c, a, b)``                         ``np.where``; ``c`` is bool
``astype(x, dtype)``                       conversion (arrays and scalars)
``matmul(a, b)``                           ``@`` (1-D, 2-D, batched, broadcast)
``sum/mean/prod/amax/amin(x, axes, k)``    reductions; ``k`` is keepdims
``argmax/argmin(x, axis, k)``              first index of the extremum (axis None
                                           or an int)
``sum_to_shape(x, shape)``                 sums the axes ``x`` was broadcast along
``transpose(x, axes)``                     ``np.transpose``
``reshape(x, shape)``                      ``np.reshape`` (one ``-1``; sizes may be
                                           known at run time only)
``broadcast_to(x, shape)``                 ``np.broadcast_to``
``full(shape, value, dtype)``              ``np.full`` (``zeros``, ``ones``...)
``array_shape(x)``                         ``x.shape`` when dimensions are dynamic
``array_getitem(x, items)``                ``x[...]``: items are i64 (an index),
                                           ``(start, stop, step)`` (a slice, parts
                                           i64 or none) or none (a new axis)
``array_setitem(x, items, v)``             a copy of ``x`` with ``x[items] = v``
``concatenate(arrays, axis)``              ``np.concatenate`` of a tuple
``stack(arrays, axis)``                    ``np.stack`` of a tuple
``array_map(fn, inputs...)``               fused elementwise kernel (see
                                           ``myia-fuse-arrays``)
``array_reduce(fn, kind, axes, k, ...)``   fused map then reduction
=========================================  ========================================

Shape mistakes are ``MyiaShapeError`` with numpy's message; inference adds the
compile-time traceback. Methods of arrays (``x.sum(axis=1)``) are small functions
(``@ndarray.sum``) that the frontend adds to the module when a program reads an
attribute of that name (:mod:`myia.frontend.numpy_api`): reading one on an array
gives a bound method, as for dataclasses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
from xdsl.traits import SymbolTable

from myia.dialects import prims_seq  # noqa: F401 - getitem and len, extended here
from myia.dialects.abstract import (
    BOOL,
    FLOAT64,
    INT64,
    UNKNOWN,
    Abstract,
    AbstractArray,
    AbstractFunction,
    AbstractNone,
    AbstractScalar,
    AbstractSlice,
    AbstractString,
    AbstractTuple,
    FunctionValue,
    from_type,
    promote_dtypes,
)
from myia.dialects.ops import FuncOp, TupleGetOp, TupleOp
from myia.dialects.primitive import ATTRIBUTE_RULES, PRIMITIVES, primitive
from myia.dialects.prims_math import BINARY_MATH, UNARY_MATH
from myia.dialects.prims_scalar import BOOL_LOGICAL
from myia.dialects.types import AnyType, FunctionValueType
from myia.errors import MyiaShapeError, MyiaTypeError

ELEMENTWISE_BINARY = (
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "min", "max",
    "bitand", "bitor", "bitxor", "lshift", "rshift", "divide", "power", *BINARY_MATH,
)  # fmt: skip
COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
ELEMENTWISE_UNARY = ("neg", "pos", "abs", "invert", *UNARY_MATH)
PREDICATES = ("isnan", "isinf", "isfinite")
REDUCTIONS = ("sum", "mean", "prod", "amax", "amin")
ELEMENTWISE = (*ELEMENTWISE_BINARY, *COMPARISONS, *ELEMENTWISE_UNARY, "not", "where", "astype",
               "cast", "sign")  # fmt: skip
"""The primitives computed element by element (on tensors in typed IR): what
``myia-fuse-arrays`` groups into kernels."""

Shape = tuple[int | None, ...]

I64 = AbstractScalar(INT64)
BOOL_SCALAR = AbstractScalar(BOOL)


# ---------------------------------------------------------------------------
# Helpers


def shape_text(shape: Sequence[int | None]) -> str:
    dims = ["?" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def type_error(message: str) -> Any:
    raise MyiaTypeError(message)


def shape_error(message: str) -> Any:
    raise MyiaShapeError(message)


def broadcast_shapes(*shapes: Shape) -> Shape:
    """numpy's broadcasting; an unknown dimension (None) is taken to agree."""
    ndim = max((len(s) for s in shapes), default=0)
    result: list[int | None] = []
    for axis in range(ndim):
        dims = [s[len(s) - ndim + axis] for s in shapes if len(s) - ndim + axis >= 0]
        known = {d for d in dims if d is not None and d != 1}
        if len(known) > 1:
            raise MyiaShapeError(
                "operands could not be broadcast together with shapes "
                + " ".join(shape_text(s) for s in shapes)
            )
        if known:
            result.append(known.pop())
        elif any(d is None for d in dims):
            result.append(None)
        else:
            result.append(1)
    return tuple(result)


def element(a: Abstract) -> Abstract:
    """The abstract value of one element (array elements are strongly typed)."""
    return AbstractScalar(a.dtype) if isinstance(a, AbstractArray) else a


def has_array(args: Sequence[Abstract]) -> bool:
    return any(isinstance(a, AbstractArray) for a in args)


def kind(dtype: str) -> str:
    return np.dtype(dtype).kind


def _arrays_only(args: Sequence[Abstract], name: str) -> None:
    for a in args:
        if not isinstance(a, AbstractArray | AbstractScalar):
            type_error(f"unsupported operand types for {name}: " + ", ".join(str(x) for x in args))


def _unknown(a: Abstract) -> Abstract:
    if isinstance(a, AbstractScalar) and a.known:
        return AbstractScalar(a.dtype, a.weak)
    return a


def with_dtype(a: Abstract, dtype: str) -> Abstract:
    if isinstance(a, AbstractArray):
        return AbstractArray(dtype, a.shape)
    return AbstractScalar(dtype)


def array_of(dtype: str, shape: Shape) -> Abstract:
    """An array of ``shape``, or a numpy scalar when the shape is ``()`` (what
    numpy's ufuncs and reductions give)."""
    return AbstractArray(dtype, tuple(shape)) if shape else AbstractScalar(dtype)


# -- static operands ---------------------------------------------------------


class NotStatic(Exception):
    pass


def static(a: Abstract) -> Any:
    """The Python value of an abstract value inference knows entirely (None,
    numbers, strings and tuples of them); NotStatic otherwise."""
    if isinstance(a, AbstractNone):
        return None
    if isinstance(a, AbstractScalar):
        if not a.known:
            raise NotStatic
        if a.kind == "b":
            return bool(a.value)
        if a.kind in "iu":
            return int(a.value)
        return float(a.value)
    if isinstance(a, AbstractString) and isinstance(a.value, str):
        return a.value
    if isinstance(a, AbstractTuple):
        return tuple(static(e) for e in a.elements)
    raise NotStatic


def is_static(a: Abstract) -> bool:
    try:
        static(a)
    except NotStatic:
        return False
    return True


def emit_static(ex: Any, value: Any) -> Any:
    """Typed IR for a static value (a tuple of i64, an i1, a string, none)."""
    if isinstance(value, tuple):
        elements = [emit_static(ex, v) for v in value]
        from xdsl.dialects.builtin import TupleType

        return ex.emit(TupleOp(elements, TupleType(tuple(e.type for e in elements))))
    if value is None:
        return ex.const(None, AbstractNone())
    if isinstance(value, bool):
        return ex.const(value, BOOL_SCALAR)
    if isinstance(value, int):
        return ex.const(value, I64)
    if isinstance(value, str):
        return ex.const(value, AbstractString(value))
    return ex.const(float(value), AbstractScalar(FLOAT64))


def int_tuple(a: Abstract, what: str, allow_unknown: bool = False) -> tuple[int | None, ...]:
    """A shape or axes operand: an int or a tuple of ints (known, or None where
    ``allow_unknown`` and the value is only known at run time)."""
    items = a.elements if isinstance(a, AbstractTuple) else (a,)
    out: list[int | None] = []
    for item in items:
        if not (isinstance(item, AbstractScalar) and item.kind in "iu"):
            type_error(f"{what} must be an int or a tuple of ints, not {a}")
        if item.known:
            out.append(int(item.value))
        elif allow_unknown:
            out.append(None)
        else:
            type_error(
                f"{what} must be known at compile time (a constant, or computed from constants)"
            )
    return tuple(out)


def dtype_operand(a: Abstract, what: str = "dtype") -> str | None:
    """A dtype operand: a constant string (``np.float32`` is the string
    ``"float32"`` in myia) or None."""
    if isinstance(a, AbstractNone):
        return None
    if isinstance(a, AbstractString) and isinstance(a.value, str):
        try:
            return np.dtype(a.value).name
        except TypeError:
            type_error(f"data type {a.value!r} not understood")
    type_error(
        f"{what} must be a numpy dtype known at compile time (np.float32, 'float32'...), not {a}"
    )


def normalize_axis(axis: int, ndim: int, what: str) -> int:
    if not -ndim <= axis < ndim:
        shape_error(f"{what}: axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def as_array(a: Abstract, what: str) -> AbstractArray:
    """An array operand (a scalar is a 0-d array)."""
    if isinstance(a, AbstractScalar):
        return AbstractArray(a.dtype, ())
    if not isinstance(a, AbstractArray):
        type_error(f"{what} expects an array, not {a}")
    return a


# -- typed IR helpers ----------------------------------------------------------


def cast_to(ex: Any, value: Any, a: Abstract, dtype: str) -> Any:
    """``value`` converted to ``dtype``: ``astype`` for arrays, ``cast`` for scalars."""
    if isinstance(a, AbstractArray):
        if a.dtype == dtype:
            return value
        return ex.prim(
            "astype", value, emit_static(ex, dtype), result=AbstractArray(dtype, a.shape)
        )
    return ex.cast(value, a, AbstractScalar(dtype))


def scalar_of_0d(ex: Any, value: Any, a: Abstract) -> tuple[Any, Abstract]:
    """A 0-d array as a scalar (numpy's ufuncs give scalars for 0-d arrays)."""
    if isinstance(a, AbstractArray) and a.shape == ():
        result = AbstractScalar(a.dtype)
        return ex.prim("array_getitem", value, emit_static(ex, ()), result=result), result
    return value, a


def _tuple_parts(ex: Any, value: Any, a: AbstractTuple) -> list[Any]:
    return [ex.emit(TupleGetOp(value, i, ex.type_of(e))) for i, e in enumerate(a.elements)]


def shape_values(ex: Any, value: Any, a: Abstract) -> Any:
    """A shape operand as a typed tuple of i64 (constants where known)."""
    items = a.elements if isinstance(a, AbstractTuple) else (a,)
    values = _tuple_parts(ex, value, a) if isinstance(a, AbstractTuple) else [value]
    parts = []
    for v, item in zip(values, items, strict=True):
        if isinstance(item, AbstractScalar) and item.known:
            parts.append(ex.const(int(item.value), I64))
        else:
            parts.append(ex.cast(v, item, I64))
    from xdsl.dialects.builtin import TupleType

    return ex.emit(TupleOp(parts, TupleType(tuple(p.type for p in parts))))


# ---------------------------------------------------------------------------
# Elementwise primitives: the scalar rules extended to arrays


def _extend_elementwise(name: str) -> None:
    prim = PRIMITIVES[name]

    def infer(args: list[Abstract], op: Any) -> Abstract:
        if not has_array(args):
            return NotImplemented
        _arrays_only(args, name)
        elem = prim.rules.own("infer")([_unknown(element(a)) for a in args], op)
        shape = broadcast_shapes(*[a.shape for a in args if isinstance(a, AbstractArray)])
        return array_of(elem.dtype, shape)

    def expand(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
        if not has_array(abstracts):
            return NotImplemented
        if not isinstance(result, AbstractArray):  # 0-d arrays: compute on scalars
            pairs = [scalar_of_0d(ex, v, a) for v, a in zip(args, abstracts, strict=True)]
            args, abstracts = [p[0] for p in pairs], [p[1] for p in pairs]
            return _emit_scalar(ex, name, args, abstracts, result)
        compute = _compute_dtype(name, abstracts, result)
        if compute == BOOL and name in BOOL_LOGICAL:
            name2 = BOOL_LOGICAL[name]
        elif name == "pos" or (name == "abs" and kind(compute) in "bu"):
            return cast_to(ex, args[0], abstracts[0], result.dtype)
        else:
            name2 = name
        cast = [cast_to(ex, v, a, compute) for v, a in zip(args, abstracts, strict=True)]
        return ex.prim(name2, *cast, result=result)

    prim.rules.register("infer", infer, kind="array")
    prim.rules.register("expand", expand, kind="array")


def _emit_scalar(ex: Any, name: str, args: list, abstracts: list, result: Abstract) -> Any:
    from myia.dialects.rules_util import apply

    value, _ = apply(ex, name, args, abstracts)
    return value


def _compute_dtype(name: str, abstracts: list[Abstract], result: AbstractArray) -> str:
    """The dtype the operands are converted to before the elementwise operation."""
    if name in COMPARISONS:
        from myia.dialects.prims_scalar import compare_dtype

        a, b = (_unknown(element(x)) for x in abstracts)
        return compare_dtype(name, a, b)[0]  # type: ignore[arg-type]
    if name in PREDICATES:
        return element(abstracts[0]).dtype  # type: ignore[attr-defined]
    return result.dtype


for _name in (*ELEMENTWISE_BINARY, *COMPARISONS, *ELEMENTWISE_UNARY):
    _extend_elementwise(_name)


# -- where, sign, astype ---------------------------------------------------------


@primitive("where", 3)
def _where(cond: Any, a: Any, b: Any) -> Any:
    """numpy.where(cond, a, b): a where cond holds, else b (elementwise, broadcast)"""
    return np.where(cond, a, b)


def _infer_where(args: list[Abstract], op: Any) -> Abstract:
    _, a, b = args
    _arrays_only(args, "where")
    dtype, _ = promote_dtypes(_unknown(element(a)), _unknown(element(b)))  # type: ignore[arg-type]
    shape = broadcast_shapes(*[x.shape if isinstance(x, AbstractArray) else () for x in args])
    return AbstractArray(dtype, shape)


def _expand_where(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    c, a, b = abstracts
    cond = cast_to(ex, args[0], c, BOOL)
    dtype = result.dtype  # type: ignore[attr-defined]
    return ex.prim(
        "where", cond, cast_to(ex, args[1], a, dtype), cast_to(ex, args[2], b, dtype), result=result
    )


PRIMITIVES["where"].rules.update(infer=_infer_where, expand=_expand_where)


@primitive("sign", 1)
def _sign(x: Any) -> Any:
    """numpy.sign(x): -1, 0 or 1 (nan for nan)"""
    return np.sign(x)


def _infer_sign(args: list[Abstract], op: Any) -> Abstract:
    (a,) = args
    _arrays_only(args, "sign")
    if element(a).dtype == BOOL:  # type: ignore[attr-defined]
        type_error("numpy.sign is not supported for bools")
    if isinstance(a, AbstractScalar):
        from myia.dialects.rules_util import fold

        return fold(np.sign, [a], a.dtype, AbstractScalar(a.dtype, a.weak))
    return a


PRIMITIVES["sign"].rules["infer"] = _infer_sign


@primitive("astype", 2)
def _astype(x: Any, dtype: Any) -> Any:
    """x.astype(dtype) for arrays, numpy.<dtype>(x) for scalars (a numpy scalar);
    x itself when dtype is None"""
    if dtype is None:
        return x
    if isinstance(x, np.ndarray):
        return x.astype(dtype)
    return np.dtype(dtype).type(x)


def _infer_astype(args: list[Abstract], op: Any) -> Abstract:
    x, dt = args
    dtype = dtype_operand(dt)
    if dtype is None:  # no conversion (numpy.sum(x, dtype=None))
        return x
    if isinstance(x, AbstractArray):
        return AbstractArray(dtype, x.shape)
    if not isinstance(x, AbstractScalar):
        type_error(f"cannot convert {x} to {dtype}")
    if x.known:
        from myia.dialects.rules_util import convert

        try:
            value = np.dtype(dtype).type(x.value)
            return AbstractScalar(dtype, False, convert(value, dtype))
        except (OverflowError, ValueError):
            pass
    return AbstractScalar(dtype)


def _expand_astype(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x = abstracts[0]
    if isinstance(abstracts[1], AbstractNone):
        return args[0]
    if isinstance(x, AbstractArray):
        if x.dtype == result.dtype:  # type: ignore[attr-defined]
            return args[0]
        return ex.prim("astype", args[0], emit_static(ex, result.dtype), result=result)  # type: ignore[attr-defined]
    return ex.cast(args[0], x, result)


PRIMITIVES["astype"].rules.update(infer=_infer_astype, expand=_expand_astype)


@primitive("clip", 3)
def _clip(x: Any, lo: Any, hi: Any) -> Any:
    """numpy.clip(x, lo, hi): minimum(maximum(x, lo), hi); None is no bound"""
    return np.clip(x, lo, hi)


def _infer_clip(args: list[Abstract], op: Any) -> Abstract:
    x, lo, hi = args
    result = x
    for bound, name in ((lo, "max"), (hi, "min")):
        if not isinstance(bound, AbstractNone):
            result = PRIMITIVES[name].rules["infer"]([result, bound], op)
    if isinstance(lo, AbstractNone) and isinstance(hi, AbstractNone):
        type_error("numpy.clip: one of min or max must be given")
    return result


def _expand_clip(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    from myia.dialects.rules_util import apply

    value, a = args[0], abstracts[0]
    for bound_value, bound, name in (
        (args[1], abstracts[1], "max"),
        (args[2], abstracts[2], "min"),
    ):
        if not isinstance(bound, AbstractNone):
            value, a = apply(ex, name, [value, bound_value], [a, bound])
    return value


PRIMITIVES["clip"].rules.update(infer=_infer_clip, expand=_expand_clip)


# ---------------------------------------------------------------------------
# Matrix products


def matmul_shape(a: Shape, b: Shape) -> Shape:
    """The shape of ``a @ b`` (1-D, 2-D, and batched with broadcast batch axes)."""

    def incompatible() -> MyiaShapeError:
        return MyiaShapeError(f"Incompatible shapes in dot: {shape_text(a)} and {shape_text(b)}")

    if not a or not b:
        type_error("matmul: input operands must be arrays of at least one dimension")
    a2 = (1, *a) if len(a) == 1 else a
    b2 = (*b, 1) if len(b) == 1 else b
    k1, k2 = a2[-1], b2[-2]
    if k1 is not None and k2 is not None and k1 != k2:
        raise incompatible()
    try:
        batch = broadcast_shapes(a2[:-2], b2[:-2])
    except MyiaShapeError:
        raise incompatible() from None
    out = (*batch, a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out


def _infer_matmul(args: list[Abstract], op: Any) -> Abstract:
    a, b = args
    if not (isinstance(a, AbstractArray) and isinstance(b, AbstractArray)):
        if has_array(args):
            type_error(
                f"unsupported operand types for @: '{a}' and '{b}' (matmul needs two arrays)"
            )
        type_error(f"unsupported operand types for @: '{a}' and '{b}'")
    dtype, _ = promote_dtypes(a, b)
    shape = matmul_shape(a.shape, b.shape)
    return array_of(dtype, shape)


def _expand_matmul(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    dtype = result.dtype  # type: ignore[attr-defined]
    cast = [cast_to(ex, v, a, dtype) for v, a in zip(args, abstracts, strict=True)]
    return ex.prim("matmul", *cast, result=result)


PRIMITIVES["matmul"].rules.update(infer=_infer_matmul, expand=_expand_matmul, display="dot")


# ---------------------------------------------------------------------------
# Reductions


def _reduce_impl(name: str, fn: Any) -> Any:
    def impl(x: Any, axis: Any, keepdims: Any) -> Any:
        return fn(x, axis=axis, keepdims=bool(keepdims))

    impl.__doc__ = (
        f"numpy.{fn.__name__}(x, axis, keepdims): axis is None, an int or a tuple of ints"
    )
    impl.__name__ = name
    return impl


for _name, _fn in (("sum", np.sum), ("mean", np.mean), ("prod", np.prod), ("amax", np.max),
                   ("amin", np.min)):  # fmt: skip
    primitive(_name, 3)(_reduce_impl(_name, _fn))

REDUCE_DISPLAY = {"amax": "max", "amin": "min"}


def reduced_axes(axis: Abstract, ndim: int, name: str) -> tuple[int, ...]:
    """The axes a reduction runs over, from its (constant) axis operand."""
    if isinstance(axis, AbstractNone):
        return tuple(range(ndim))
    items = axis.elements if isinstance(axis, AbstractTuple) else (axis,)
    axes = []
    for item in items:
        if not (isinstance(item, AbstractScalar) and item.known and item.kind in "iu"):
            type_error(f"numpy.{name}: axis must be a constant int or tuple of ints")
        axes.append(normalize_axis(int(item.value), ndim, f"numpy.{name}"))
    if len(set(axes)) != len(axes):
        shape_error(f"numpy.{name}: duplicate value in axis")
    return tuple(sorted(axes))


def reduction_dtype(name: str, dtype: str) -> str:
    k = kind(dtype)
    if name == "mean":
        return FLOAT64 if k in "biu" else dtype
    if name in ("sum", "prod"):
        if k == "b":
            return INT64
        if k in "iu" and np.dtype(dtype).itemsize < 8:
            return "int64" if k == "i" else "uint64"
    return dtype


def _infer_reduce(name: str, args: list[Abstract], op: Any) -> Abstract:
    x, axis, keepdims = args
    shown = REDUCE_DISPLAY.get(name, name)
    x = as_array(x, f"numpy.{shown}")
    if not (isinstance(keepdims, AbstractScalar) and keepdims.known and keepdims.kind == "b"):
        type_error(f"numpy.{shown}: keepdims must be a constant bool")
    axes = reduced_axes(axis, len(x.shape), shown)
    # max/min of no elements raise numpy's ValueError when they run, even when the
    # shape says so (the line may never run): see the lowering and the interpreter.
    dtype = reduction_dtype(name, x.dtype)
    if keepdims.value:
        shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
    else:
        shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    return array_of(dtype, shape)


def _expand_reduce(
    name: str, ex: Any, op: Any, args: list, abstracts: list, result: Abstract
) -> Any:
    x, axis, keepdims = abstracts
    dtype = result.dtype  # type: ignore[attr-defined]
    if isinstance(x, AbstractScalar):
        return ex.cast(args[0], x, result)  # the reduction of one number is itself
    axes = reduced_axes(axis, len(x.shape), name)
    value = cast_to(ex, args[0], x, dtype)
    if not axes:
        return (
            value
            if isinstance(result, AbstractArray)
            else scalar_of_0d(ex, value, with_dtype(x, dtype))[0]
        )
    return ex.prim(
        name, value, emit_static(ex, axes), emit_static(ex, bool(keepdims.value)), result=result
    )


for _name in REDUCTIONS:
    PRIMITIVES[_name].rules.update(
        infer=partial(_infer_reduce, _name),
        expand=partial(_expand_reduce, _name),
        display=REDUCE_DISPLAY.get(_name, _name),
    )


@primitive("argmax", 3)
def _argmax(x: Any, axis: Any, keepdims: Any) -> Any:
    """numpy.argmax(x, axis, keepdims): the index of the first largest element
    (of the flattened array for axis None); the first nan wins"""
    return np.argmax(x, axis=axis, keepdims=bool(keepdims))


@primitive("argmin", 3)
def _argmin(x: Any, axis: Any, keepdims: Any) -> Any:
    """numpy.argmin(x, axis, keepdims): the index of the first smallest element"""
    return np.argmin(x, axis=axis, keepdims=bool(keepdims))


def _infer_arg(name: str, args: list[Abstract], op: Any) -> Abstract:
    x, axis, keepdims = args
    x = as_array(x, f"numpy.{name}")
    if not (isinstance(keepdims, AbstractScalar) and keepdims.known and keepdims.kind == "b"):
        type_error(f"numpy.{name}: keepdims must be a constant bool")
    # Of no elements: numpy's ValueError when it runs (as max and min).
    if isinstance(axis, AbstractNone):
        shape = (1,) * len(x.shape) if keepdims.value else ()
        return array_of(INT64, shape)
    if not (isinstance(axis, AbstractScalar) and axis.known and axis.kind in "iu"):
        type_error(f"numpy.{name}: axis must be None or a constant int")
    a = normalize_axis(int(axis.value), len(x.shape), f"numpy.{name}")
    if keepdims.value:
        return array_of(INT64, tuple(1 if i == a else d for i, d in enumerate(x.shape)))
    return array_of(INT64, tuple(d for i, d in enumerate(x.shape) if i != a))


def _expand_arg(name: str, ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x, axis, keepdims = abstracts
    value = args[0]
    if isinstance(x, AbstractScalar):
        value = ex.prim("full", emit_static(ex, ()), ex.cast(value, x, AbstractScalar(x.dtype)),
                        emit_static(ex, x.dtype), result=AbstractArray(x.dtype, ()))  # fmt: skip
        x = AbstractArray(x.dtype, ())
    a = (
        None
        if isinstance(axis, AbstractNone)
        else normalize_axis(int(axis.value), len(x.shape), name)
    )
    return ex.prim(
        name, value, emit_static(ex, a), emit_static(ex, bool(keepdims.value)), result=result
    )


for _name in ("argmax", "argmin"):
    PRIMITIVES[_name].rules.update(
        infer=partial(_infer_arg, _name), expand=partial(_expand_arg, _name)
    )


@primitive("sum_to_shape", 2)
def _sum_to_shape(x: Any, shape: Any) -> Any:
    """Sum ``x`` over the axes along which ``shape`` was broadcast to ``x``'s
    shape (the gradient of broadcasting): the result has ``shape``."""
    shape = tuple(shape)
    lead = np.ndim(x) - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and np.shape(x)[lead + i] != 1
    )
    result = np.sum(x, axis=axes, keepdims=True) if axes else np.asarray(x)
    return np.reshape(result, shape)


def _infer_sum_to_shape(args: list[Abstract], op: Any) -> Abstract:
    x, shape_a = args
    x = as_array(x, "sum_to_shape")
    shape = int_tuple(shape_a, "sum_to_shape: shape")
    try:
        target = broadcast_shapes(shape, x.shape)
    except MyiaShapeError:
        target = None
    if (
        target is None
        or len(target) != len(x.shape)
        or any(t is not None and d is not None and t != d for t, d in zip(target, x.shape))
    ):
        shape_error(
            f"sum_to_shape: {shape_text(shape)} does not broadcast to {shape_text(x.shape)}"
        )
    return array_of(x.dtype, shape)


def _expand_sum_to_shape(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x, shape_a = abstracts
    shape = int_tuple(shape_a, "shape")
    if isinstance(x, AbstractScalar):
        return ex.cast(args[0], x, result)
    lead = len(x.shape) - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and x.shape[lead + i] != 1
    )
    value = args[0]
    if axes == tuple(range(lead)) and lead:  # only leading axes: one reduction, no reshape
        return ex.prim("sum", value, emit_static(ex, axes), emit_static(ex, False), result=result)
    if axes:
        summed = AbstractArray(x.dtype, tuple(1 if i in axes else d for i, d in enumerate(x.shape)))
        value = ex.prim("sum", value, emit_static(ex, axes), emit_static(ex, True), result=summed)
        x = summed
    if tuple(x.shape) == shape:
        return value
    if not shape:
        return ex.prim("array_getitem", value, emit_static(ex, (0,) * len(x.shape)), result=result)
    return ex.prim("reshape", value, emit_static(ex, shape), result=result)


PRIMITIVES["sum_to_shape"].rules.update(infer=_infer_sum_to_shape, expand=_expand_sum_to_shape)


# ---------------------------------------------------------------------------
# Shapes: transpose, reshape, broadcast_to, squeeze


@primitive("transpose", 2)
def _transpose(x: Any, axes: Any) -> Any:
    """numpy.transpose(x, axes): axes None reverses them (x.T)"""
    return np.transpose(x, None if axes is None else tuple(axes))


def transpose_axes(x: AbstractArray, axes_a: Abstract) -> tuple[int, ...]:
    ndim = len(x.shape)
    if isinstance(axes_a, AbstractNone):
        return tuple(reversed(range(ndim)))
    axes = int_tuple(axes_a, "transpose: axes")
    if len(axes) != ndim:
        shape_error("axes don't match array")
    normalized = tuple(normalize_axis(a, ndim, "transpose") for a in axes)  # type: ignore[arg-type]
    if sorted(normalized) != list(range(ndim)):
        shape_error("repeated axis in transpose")
    return normalized


def _infer_transpose(args: list[Abstract], op: Any) -> Abstract:
    x = as_array(args[0], "transpose")
    axes = transpose_axes(x, args[1])
    return array_of(x.dtype, tuple(x.shape[a] for a in axes))


def _expand_transpose(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x = abstracts[0]
    if isinstance(x, AbstractScalar) or len(x.shape) < 2:
        return args[0]
    axes = transpose_axes(x, abstracts[1])
    if axes == tuple(range(len(axes))):
        return args[0]
    return ex.prim("transpose", args[0], emit_static(ex, axes), result=result)


PRIMITIVES["transpose"].rules.update(infer=_infer_transpose, expand=_expand_transpose)


@primitive("reshape", 2)
def _reshape(x: Any, shape: Any) -> Any:
    """numpy.reshape(x, shape): one dimension may be -1"""
    return np.reshape(x, shape)


def reshape_shape(x: AbstractArray, shape: tuple[int | None, ...]) -> Shape:
    """The result shape of a reshape (-1 inferred); a MyiaShapeError when the
    sizes cannot match."""
    if sum(1 for d in shape if d == -1) > 1:
        shape_error("can only specify one unknown dimension")
    if any(d is not None and d < -1 for d in shape):
        shape_error(f"negative dimensions not allowed in reshape: {shape_text(shape)}")
    known_in = None if any(d is None for d in x.shape) else math.prod(x.shape)  # type: ignore[arg-type]
    rest = [d for d in shape if d != -1]
    known_out = None if any(d is None for d in rest) else math.prod(rest)  # type: ignore[arg-type]
    out: list[int | None] = []
    for d in shape:
        if d == -1:
            if known_in is not None and known_out is not None:
                if known_out == 0 or known_in % known_out:
                    shape_error(
                        f"cannot reshape array of size {known_in} into shape {shape_text(shape)}"
                    )
                out.append(known_in // known_out)
            else:
                out.append(None)
        else:
            out.append(d)
    if -1 not in shape and known_in is not None and known_out is not None and known_in != known_out:
        shape_error(f"cannot reshape array of size {known_in} into shape {shape_text(shape)}")
    return tuple(out)


def _infer_reshape(args: list[Abstract], op: Any) -> Abstract:
    x = as_array(args[0], "reshape")
    shape = int_tuple(args[1], "reshape: shape", allow_unknown=True)
    return AbstractArray(x.dtype, reshape_shape(x, shape))


def _expand_reshape(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x = abstracts[0]
    value = args[0]
    if isinstance(x, AbstractScalar):
        value = ex.prim("full", emit_static(ex, ()), ex.cast(value, x, AbstractScalar(x.dtype)),
                        emit_static(ex, x.dtype), result=AbstractArray(x.dtype, ()))  # fmt: skip
        x = AbstractArray(x.dtype, ())
    if x.shape == result.shape and None not in x.shape:  # type: ignore[attr-defined]
        return value
    return ex.prim("reshape", value, shape_values(ex, args[1], abstracts[1]), result=result)


PRIMITIVES["reshape"].rules.update(infer=_infer_reshape, expand=_expand_reshape)


@primitive("broadcast_to", 2)
def _broadcast_to(x: Any, shape: Any) -> Any:
    """numpy.broadcast_to(x, shape)"""
    return np.broadcast_to(x, tuple(shape))


def _infer_broadcast_to(args: list[Abstract], op: Any) -> Abstract:
    x = as_array(args[0], "broadcast_to")
    shape = int_tuple(args[1], "broadcast_to: shape", allow_unknown=True)
    if len(shape) < len(x.shape):
        shape_error("input operand has more dimensions than allowed by the axis remapping")
    for d, t in zip(reversed(x.shape), reversed(shape)):
        if d is not None and d != 1 and t is not None and d != t:
            shape_error(
                f"operands could not be broadcast together with remapped shapes "
                f"[original->remapped]: {shape_text(x.shape)} and requested shape {shape_text(shape)}"
            )
    return AbstractArray(x.dtype, shape)


def _expand_broadcast_to(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    """Sizes known only at run time (the gradient of a reduction of such an
    array) are operands, as for ``full``; known sizes are constants."""
    x = abstracts[0]
    value = args[0]
    if isinstance(x, AbstractScalar):
        value = ex.prim("full", emit_static(ex, ()), ex.cast(value, x, AbstractScalar(x.dtype)),
                        emit_static(ex, x.dtype), result=AbstractArray(x.dtype, ()))  # fmt: skip
    elif x.shape == result.shape and None not in x.shape:  # type: ignore[attr-defined]
        return value
    if None in result.shape:  # type: ignore[attr-defined]
        return ex.prim(
            "broadcast_to", value, shape_values(ex, args[1], abstracts[1]), result=result
        )
    return ex.prim("broadcast_to", value, emit_static(ex, result.shape), result=result)  # type: ignore[attr-defined]


PRIMITIVES["broadcast_to"].rules.update(infer=_infer_broadcast_to, expand=_expand_broadcast_to)


@primitive("squeeze", 2)
def _squeeze(x: Any, axis: Any) -> Any:
    """numpy.squeeze(x, axis): drop axes of length one (all of them for None)"""
    return np.squeeze(
        x, axis=None if axis is None else tuple(axis) if isinstance(axis, tuple) else axis
    )


def _squeezed(args: list[Abstract]) -> tuple[AbstractArray, tuple[int, ...]]:
    x = as_array(args[0], "squeeze")
    if isinstance(args[1], AbstractNone):
        if any(d is None for d in x.shape):
            type_error("squeeze: the axes of length one must be known at compile time")
        return x, tuple(i for i, d in enumerate(x.shape) if d == 1)
    axes = reduced_axes(args[1], len(x.shape), "squeeze")
    for a in axes:
        if x.shape[a] != 1:
            shape_error("cannot select an axis to squeeze out which has size not equal to one")
    return x, axes


def _infer_squeeze(args: list[Abstract], op: Any) -> Abstract:
    x, axes = _squeezed(args)
    return AbstractArray(x.dtype, tuple(d for i, d in enumerate(x.shape) if i not in axes))


def _expand_squeeze(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    _, axes = _squeezed(abstracts)
    if not axes:
        return args[0]
    return ex.prim("reshape", args[0], emit_static(ex, result.shape), result=result)  # type: ignore[attr-defined]


PRIMITIVES["squeeze"].rules.update(infer=_infer_squeeze, expand=_expand_squeeze)


@primitive("expand_dims", 2)
def _expand_dims(x: Any, axis: Any) -> Any:
    """numpy.expand_dims(x, axis)"""
    return np.expand_dims(x, axis)


def _infer_expand_dims(args: list[Abstract], op: Any) -> Abstract:
    x = as_array(args[0], "expand_dims")
    axes = int_tuple(args[1], "expand_dims: axis")
    ndim = len(x.shape) + len(axes)
    new = sorted(normalize_axis(a, ndim, "expand_dims") for a in axes)  # type: ignore[arg-type]
    if len(set(new)) != len(new):
        shape_error("repeated axis")
    dims = iter(x.shape)
    return AbstractArray(x.dtype, tuple(1 if i in new else next(dims) for i in range(ndim)))


def _expand_expand_dims(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x = abstracts[0]
    value = args[0]
    if isinstance(x, AbstractScalar):
        return ex.prim("full", emit_static(ex, result.shape), ex.cast(value, x, AbstractScalar(x.dtype)),  # type: ignore[attr-defined]
                       emit_static(ex, x.dtype), result=result)  # fmt: skip
    if any(d is None for d in x.shape):
        # dynamic sizes: an index with a new axis where each one goes
        ndim = len(result.shape)  # type: ignore[attr-defined]
        axes = int_tuple(abstracts[1], "axis")
        new_axes = {normalize_axis(a, ndim, "expand_dims") for a in axes}  # type: ignore[arg-type]
        items = tuple(None if i in new_axes else (None, None, None) for i in range(ndim))
        return ex.prim("array_getitem", value, emit_static(ex, items), result=result)
    return ex.prim("reshape", value, emit_static(ex, result.shape), result=result)  # type: ignore[attr-defined]


PRIMITIVES["expand_dims"].rules.update(infer=_infer_expand_dims, expand=_expand_expand_dims)


# ---------------------------------------------------------------------------
# Creation: full (zeros, ones, full, *_like) and the shape of an array


@primitive("full", 3)
def _full(shape: Any, value: Any, dtype: Any) -> Any:
    """numpy.full(shape, value, dtype): dtype None is the value's (float64 for
    Python floats, int64 for ints, bool for bools)"""
    return np.full(shape, value, dtype=dtype)


def _infer_full(args: list[Abstract], op: Any) -> Abstract:
    shape_a, value, dt = args
    shape = int_tuple(shape_a, "full: shape", allow_unknown=True)
    if any(d is not None and d < 0 for d in shape):
        shape_error("negative dimensions are not allowed")
    if not isinstance(value, AbstractScalar):
        type_error(f"full: the fill value must be a number, not {value}")
    dtype = dtype_operand(dt) or value.dtype
    return AbstractArray(dtype, shape)


def _expand_full(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    shape_a, value_a, _ = abstracts
    dtype = result.dtype  # type: ignore[attr-defined]
    shape = shape_values(ex, args[0], shape_a)
    value = ex.cast(args[1], value_a, AbstractScalar(dtype))
    return ex.prim("full", shape, value, emit_static(ex, dtype), result=result)


PRIMITIVES["full"].rules.update(infer=_infer_full, expand=_expand_full)


@primitive("array_shape", 1)
def _array_shape(x: Any) -> tuple[int, ...]:
    """x.shape, as a tuple of ints"""
    return tuple(int(d) for d in np.shape(x))


def shape_abstract(x: AbstractArray) -> AbstractTuple:
    return AbstractTuple(
        tuple(AbstractScalar(INT64, True, UNKNOWN if d is None else d) for d in x.shape)
    )


def _infer_array_shape(args: list[Abstract], op: Any) -> Abstract:
    return shape_abstract(as_array(args[0], "shape"))


def _expand_array_shape(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x = abstracts[0]
    if None not in x.shape:
        return emit_static(ex, tuple(x.shape))
    dynamic = ex.prim("array_shape", args[0], result=AbstractTuple(tuple(I64 for _ in x.shape)))
    parts = [ex.const(d, I64) if d is not None else ex.emit(TupleGetOp(dynamic, i, ex.type_of(I64)))
             for i, d in enumerate(x.shape)]  # fmt: skip
    return ex.emit(TupleOp(parts, ex.type_of(result)))


PRIMITIVES["array_shape"].rules.update(infer=_infer_array_shape, expand=_expand_array_shape)


# ---------------------------------------------------------------------------
# Indexing


def _impl_items(items: Any) -> tuple[Any, ...]:
    return tuple(slice(*i) if isinstance(i, tuple) else i for i in items)


@primitive("array_getitem", 2)
def _array_getitem(x: Any, items: Any) -> Any:
    """x[items]: each item an int, a (start, stop, step) slice or None (a new axis)"""
    return np.asarray(x)[_impl_items(items)]


@primitive("array_setitem", 3)
def _array_setitem(x: Any, items: Any, value: Any) -> Any:
    """A copy of x in which x[items] = value (the gradient of indexing scatters
    into zeros with it)"""
    result = np.array(x, copy=True)
    result[_impl_items(items)] = value
    return result


Item = tuple[str, Any]
"""("int", abstract) | ("slice", (start, stop, step)) | ("new", None)."""


def index_items(index: Abstract) -> list[Item]:
    """The items of an index written ``x[index]`` (a tuple is several items)."""
    parts = index.elements if isinstance(index, AbstractTuple) else (index,)
    items: list[Item] = []
    for p in parts:
        if isinstance(p, AbstractNone):
            items.append(("new", None))
        elif isinstance(p, AbstractSlice):
            items.append(("slice", (p.start, p.stop, p.step)))
        elif isinstance(p, AbstractScalar) and p.kind in "iu":
            items.append(("int", p))
        elif isinstance(p, AbstractArray):
            type_error("indexing an array with an array is not supported yet")
        else:
            type_error(
                f"only integers, slices (`:`) and None (`numpy.newaxis`) are valid indices, not {p}"
            )
    return items


def canonical_items(items_a: Abstract) -> list[Item]:
    """The items of a typed ``array_getitem``: i64, (start, stop, step) or none."""
    if not isinstance(items_a, AbstractTuple):
        return index_items(items_a)
    items: list[Item] = []
    for p in items_a.elements:
        if isinstance(p, AbstractTuple) and len(p.elements) == 3:
            items.append(("slice", tuple(p.elements)))
        elif isinstance(p, AbstractSlice):
            items.append(("slice", (p.start, p.stop, p.step)))
        else:
            items.extend(index_items(p))
    return items


def _part(a: Abstract, what: str) -> int | type[Ellipsis] | None:
    """A slice bound: its value, None, or ``...`` when known only at run time."""
    if isinstance(a, AbstractNone):
        return None
    if not (isinstance(a, AbstractScalar) and a.kind in "iu"):
        type_error(f"slice indices must be integers or None, not {a} ({what})")
    return int(a.value) if a.known else ...


def indexed_shape(x: AbstractArray, items: list[Item]) -> Shape:
    """The shape of ``x[items]`` (numpy's basic indexing)."""
    consumed = sum(1 for k, _ in items if k != "new")
    ndim = len(x.shape)
    if consumed > ndim:
        raise MyiaShapeError(
            f"too many indices for array: array is {ndim}-dimensional, but {consumed} were indexed"
        )
    out: list[int | None] = []
    axis = 0
    for k, v in items:
        if k == "new":
            out.append(1)
            continue
        dim = x.shape[axis]
        if k == "int":
            if v.known and dim is not None and not -dim <= int(v.value) < dim:
                raise MyiaShapeError(
                    f"index {int(v.value)} is out of bounds for axis {axis} with size {dim}"
                )
        else:
            start, stop, step = (_part(p, "slice") for p in v)
            if step == 0:
                shape_error("slice step cannot be zero")
            if dim is not None and ... not in (start, stop, step):
                out.append(len(range(*slice(start, stop, step).indices(dim))))
            elif (start, stop) == (None, None) and step in (None, 1):
                out.append(dim)
            else:
                out.append(None)
        axis += 1
    out.extend(x.shape[axis:])
    return tuple(out)


def _infer_array_getitem(args: list[Abstract], op: Any) -> Abstract:
    x = as_array(args[0], "indexing")
    shape = indexed_shape(x, canonical_items(args[1]))
    return array_of(x.dtype, shape)


def emit_items(ex: Any, index_value: Any, index: Abstract) -> Any:
    """The typed items tuple of ``x[index]``: i64, (start, stop, step) of i64 or
    none, or none (a new axis)."""
    parts = list(index.elements) if isinstance(index, AbstractTuple) else [index]
    values = (
        _tuple_parts(ex, index_value, index) if isinstance(index, AbstractTuple) else [index_value]
    )
    typed = []
    for v, p in zip(values, parts, strict=True):
        if isinstance(p, AbstractNone):
            typed.append(ex.const(None, p))
        elif isinstance(p, AbstractSlice):
            bounds = []
            raw = [
                ex.emit(TupleGetOp(v, i, ex.type_of(b)))
                for i, b in enumerate((p.start, p.stop, p.step))
            ]
            for rv, b in zip(raw, (p.start, p.stop, p.step), strict=True):
                if isinstance(b, AbstractNone):
                    bounds.append(ex.const(None, b))
                elif b.known:
                    bounds.append(ex.const(int(b.value), I64))
                else:
                    bounds.append(ex.cast(rv, b, I64))
            from xdsl.dialects.builtin import TupleType

            typed.append(ex.emit(TupleOp(bounds, TupleType(tuple(b.type for b in bounds)))))
        elif p.known:
            typed.append(ex.const(int(p.value), I64))
        else:
            typed.append(ex.cast(v, p, I64))
    from xdsl.dialects.builtin import TupleType

    return ex.emit(TupleOp(typed, TupleType(tuple(t.type for t in typed))))


def _extend_getitem() -> None:
    prim = PRIMITIVES["getitem"]

    def infer(args: list[Abstract], op: Any) -> Abstract:
        x, index = args
        if not isinstance(x, AbstractArray):
            return NotImplemented
        return array_of(x.dtype, indexed_shape(x, index_items(index)))

    def expand(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
        if not isinstance(abstracts[0], AbstractArray):
            return NotImplemented
        items = emit_items(ex, args[1], abstracts[1])
        return ex.prim("array_getitem", args[0], items, result=result)

    prim.rules.register("infer", infer, kind="array")
    prim.rules.register("expand", expand, kind="array")


_extend_getitem()
PRIMITIVES["array_getitem"].rules["infer"] = _infer_array_getitem


def _infer_array_setitem(args: list[Abstract], op: Any) -> Abstract:
    x, items, value = args
    x = as_array(x, "array_setitem")
    target = indexed_shape(x, canonical_items(items))
    v = value.shape if isinstance(value, AbstractArray) else ()
    try:
        out = broadcast_shapes(v, target)
    except MyiaShapeError:
        out = None
    if (
        out is None
        or len(out) != len(target)
        or any(a is not None and b is not None and a != b for a, b in zip(out, target))
    ):
        shape_error(
            f"could not broadcast input array from shape {shape_text(v)} into shape {shape_text(target)}"
        )
    return x


def _expand_array_setitem(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x, _, value_a = abstracts
    value = cast_to(ex, args[2], value_a, x.dtype)
    return ex.prim("array_setitem", args[0], args[1], value, result=result)


PRIMITIVES["array_setitem"].rules.update(infer=_infer_array_setitem, expand=_expand_array_setitem)


def _extend_len() -> None:
    prim = PRIMITIVES["len"]

    def expand(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
        (a,) = abstracts
        if not isinstance(a, AbstractArray):
            return NotImplemented
        shape = ex.prim("array_shape", args[0], result=AbstractTuple(tuple(I64 for _ in a.shape)))
        return ex.cast(ex.emit(TupleGetOp(shape, 0, ex.type_of(I64))), I64, result)

    prim.rules.register("expand", expand, kind="array")


_extend_len()


# ---------------------------------------------------------------------------
# concatenate and stack


@primitive("concatenate", 2)
def _concatenate(arrays: Any, axis: Any) -> Any:
    """numpy.concatenate(arrays, axis): arrays is a tuple"""
    return np.concatenate(tuple(arrays), axis=axis)


@primitive("stack", 2)
def _stack(arrays: Any, axis: Any) -> Any:
    """numpy.stack(arrays, axis): arrays is a tuple of arrays of one shape"""
    return np.stack(tuple(arrays), axis=axis)


def _join_inputs(name: str, arrays: Abstract) -> tuple[list[AbstractArray], str]:
    if not isinstance(arrays, AbstractTuple):
        type_error(f"numpy.{name} takes a tuple (or a list literal) of arrays, not {arrays}")
    if not arrays.elements:
        type_error(
            "need at least one array to concatenate"
            if name == "concatenate"
            else "need at least one array to stack"
        )
    items = []
    for e in arrays.elements:
        if not isinstance(e, AbstractArray | AbstractScalar):
            type_error(f"numpy.{name} of {e}")
        items.append(as_array(e, name))
    dtype = items[0].dtype
    for e in items[1:]:
        dtype = str(np.result_type(np.dtype(dtype), np.dtype(e.dtype)))
    return items, dtype


def _axis_value(a: Abstract, what: str) -> int:
    if not (isinstance(a, AbstractScalar) and a.known and a.kind in "iu"):
        type_error(f"{what}: axis must be a constant int")
    return int(a.value)


def _infer_concatenate(args: list[Abstract], op: Any) -> Abstract:
    items, dtype = _join_inputs("concatenate", args[0])
    ndim = len(items[0].shape)
    if ndim == 0:
        shape_error("zero-dimensional arrays cannot be concatenated")
    axis = normalize_axis(_axis_value(args[1], "numpy.concatenate"), ndim, "numpy.concatenate")
    for i, e in enumerate(items[1:], 1):
        if len(e.shape) != ndim:
            shape_error(
                "all the input array dimensions except for the concatenation axis must match exactly, "
                f"but the array at index 0 has {ndim} dimension(s) and the array at index {i} has "
                f"{len(e.shape)} dimension(s)"
            )
    shape: list[int | None] = []
    for d in range(ndim):
        dims = [e.shape[d] for e in items]
        if d == axis:
            shape.append(None if None in dims else sum(dims))  # type: ignore[arg-type]
            continue
        known = [x for x in dims if x is not None]
        for i, x in enumerate(dims):
            if x is not None and known and x != known[0]:
                first = dims.index(known[0])
                shape_error(
                    "all the input array dimensions except for the concatenation axis must match "
                    f"exactly, but along dimension {d}, the array at index {first} has size {known[0]} "
                    f"and the array at index {i} has size {x}"
                )
        shape.append(known[0] if known else None)
    return AbstractArray(dtype, tuple(shape))


def _infer_stack(args: list[Abstract], op: Any) -> Abstract:
    items, dtype = _join_inputs("stack", args[0])
    shape = items[0].shape
    for e in items[1:]:
        if len(e.shape) != len(shape) or any(
            a is not None and b is not None and a != b for a, b in zip(e.shape, shape)
        ):
            shape_error("all input arrays must have the same shape")
    merged = tuple(
        next((e.shape[d] for e in items if e.shape[d] is not None), None) for d in range(len(shape))
    )
    axis = normalize_axis(_axis_value(args[1], "numpy.stack"), len(shape) + 1, "numpy.stack")
    return AbstractArray(dtype, (*merged[:axis], len(items), *merged[axis:]))


def _expand_join(name: str, ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    arrays_a = abstracts[0]
    dtype = result.dtype  # type: ignore[attr-defined]
    parts = _tuple_parts(ex, args[0], arrays_a)
    converted = []
    for v, a in zip(parts, arrays_a.elements, strict=True):
        if isinstance(a, AbstractScalar):
            v = ex.prim("full", emit_static(ex, ()), ex.cast(v, a, AbstractScalar(dtype)),
                        emit_static(ex, dtype), result=AbstractArray(dtype, ()))  # fmt: skip
        else:
            v = cast_to(ex, v, a, dtype)
        converted.append(v)
    from xdsl.dialects.builtin import TupleType

    arrays = ex.emit(TupleOp(converted, TupleType(tuple(c.type for c in converted))))
    ndim = len(result.shape) - (1 if name == "stack" else 0)  # type: ignore[attr-defined]
    axis = normalize_axis(
        _axis_value(abstracts[1], name), ndim + (1 if name == "stack" else 0), name
    )
    return ex.prim(name, arrays, emit_static(ex, axis), result=result)


PRIMITIVES["concatenate"].rules.update(
    infer=_infer_concatenate, expand=partial(_expand_join, "concatenate")
)
PRIMITIVES["stack"].rules.update(infer=_infer_stack, expand=partial(_expand_join, "stack"))


# ---------------------------------------------------------------------------
# Varargs of methods: x.reshape(2, 3) and x.reshape((2, 3)), x.transpose(1, 0)

METHOD_VARARGS = 6


@primitive("shape_args", (1, 16))
def _shape_args(*args: Any) -> Any:
    """The shape (or axes) given to a method as several ints or as one tuple:
    (2, 3) for reshape(2, 3) and reshape((2, 3)); None for transpose()"""
    given = [a for a in args if a is not None]
    if len(given) == 1 and args[0] is not None and isinstance(args[0], tuple | list):
        return tuple(args[0])
    if not given:
        return None
    return tuple(given)


def _shape_args_items(args: list[Abstract]) -> Abstract:
    present = [a for a in args if not isinstance(a, AbstractNone)]
    if len(present) == 1 and isinstance(args[0], AbstractTuple):
        return args[0]
    if not present:
        return AbstractNone()
    if any(isinstance(a, AbstractNone) for a in args[: len(present)]):
        type_error("the shape must be ints (or one tuple of ints)")
    return AbstractTuple(tuple(present))


def _expand_shape_args(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    if isinstance(result, AbstractNone):
        return ex.const(None, result)
    if isinstance(abstracts[0], AbstractTuple):
        return args[0]
    values = [v for v, a in zip(args, abstracts) if not isinstance(a, AbstractNone)]
    return ex.emit(TupleOp(values, ex.type_of(result)))


PRIMITIVES["shape_args"].rules.update(
    infer=lambda args, op: _shape_args_items(args), expand=_expand_shape_args
)


# ---------------------------------------------------------------------------
# Attributes and methods of arrays

ARRAY_METHOD_NAMES = (
    "sum", "mean", "prod", "max", "min", "any", "all", "argmax", "argmin", "reshape", "transpose", "astype", "dot",
    "copy", "flatten", "ravel", "clip", "squeeze",
)  # fmt: skip
"""Methods of arrays; each is a function ``@ndarray.<name>`` of the module
(:mod:`myia.frontend.numpy_api` builds them)."""

METHOD_SYMBOL_PREFIX = "ndarray."


def _array_attribute(a: AbstractArray, name: str) -> Abstract:
    if name == "shape":
        return shape_abstract(a)
    if name == "ndim":
        return AbstractScalar(INT64, True, len(a.shape))
    if name == "size":
        if all(d is not None for d in a.shape):
            return AbstractScalar(INT64, True, int(np.prod(a.shape, dtype=np.int64)))
        return AbstractScalar(INT64, True)
    if name == "T":
        return _infer_transpose([a, AbstractNone()], None)
    if name == "dtype":
        return AbstractString(a.dtype)
    if name in ARRAY_METHOD_NAMES:
        return AbstractFunction.of(FunctionValue(METHOD_SYMBOL_PREFIX + name, None, (a,)))
    type_error(f"arrays have no attribute '{name}' in myia (yet)")


def _expand_array_attribute(
    ex: Any, op: Any, value: Any, obj: AbstractArray, result: Abstract
) -> Any:
    name = op.attr.data
    if name == "T":
        return _expand_transpose(ex, op, [value, None], [obj, AbstractNone()], result)
    if name == "shape":
        return _expand_array_shape(ex, op, [value], [obj], result)
    if name == "size":  # dynamic: the product of the dimensions
        from myia.dialects.rules_util import apply

        shape = _expand_array_shape(ex, op, [value], [obj], shape_abstract(obj))
        total, total_a = ex.const(1, I64), I64
        for i in range(len(obj.shape)):
            d = ex.emit(TupleGetOp(shape, i, ex.type_of(I64)))
            total, total_a = apply(ex, "mul", [total, d], [total_a, I64])
        return ex.cast(total, total_a, result)
    type_error(f"arrays have no attribute '{name}' in compiled code (yet)")


ATTRIBUTE_RULES[AbstractArray] = (_array_attribute, _expand_array_attribute)


# ---------------------------------------------------------------------------
# Fused kernels (typed IR only, made by myia-fuse-arrays)


@primitive("array_map", (2, 64))
def _array_map(fn: Any, *inputs: Any) -> Any:
    """fn applied elementwise to the (broadcast) inputs: fn is a scalar function
    (a kernel made by myia-fuse-arrays); compiled code only"""
    raise NotImplementedError("array_map only runs in compiled code")


@primitive("array_reduce", (5, 64))
def _array_reduce(fn: Any, kind_: Any, axes: Any, keepdims: Any, *inputs: Any) -> Any:
    """A reduction (kind: "sum", "mean", "prod", "amax", "amin") over axes of
    fn applied elementwise to the inputs, without the intermediate array;
    compiled code only"""
    raise NotImplementedError("array_reduce only runs in compiled code")


def _infer_from_type(args: list[Abstract], op: Any) -> Abstract:
    result_type = getattr(op, "results", None) and op.results[0].type
    if result_type is None or isinstance(result_type, AnyType):
        type_error("kernels only exist in typed IR (myia-fuse-arrays makes them)")
    result = from_type(result_type)
    _check_kernel(op, args, result)
    return result


def _check_kernel(op: Any, args: list[Abstract], result: Abstract) -> None:
    """A kernel takes one scalar per input, of its element type; an
    ``array_map``'s inputs broadcast to its result, and an ``array_reduce`` has
    the result of its reduction of the kernel's values."""
    reduce = op.PRIMITIVE.name == "array_reduce"
    inputs = args[4:] if reduce else args[1:]
    fn_type = op.operands[0].type
    if not isinstance(fn_type, FunctionValueType) or len(fn_type.functions) != 1:
        type_error(f"the kernel of {op.name} must be one function, not {fn_type}")
    kernel = SymbolTable.lookup_symbol(op, fn_type.functions.data[0])
    if not isinstance(kernel, FuncOp):
        type_error(f"the kernel of {op.name} is not a myia.func")
    params = [from_type(a.type) for a in kernel.params]
    if [element(a) for a in inputs] != params:
        type_error(
            f"the kernel @{kernel.sym_name.data} takes {', '.join(map(str, params))}; "
            f"the inputs' elements are {', '.join(str(element(a)) for a in inputs)}"
        )
    if reduce:
        _check_reduction(args, inputs, from_type(kernel.result_type), result)
        return
    if not isinstance(result, AbstractArray):
        return
    shapes = [a.shape for a in inputs if isinstance(a, AbstractArray)]
    shape = broadcast_shapes(*shapes, result.shape)
    if len(shape) != len(result.shape) or any(
        a is not None and b is not None and a != b for a, b in zip(shape, result.shape)
    ):
        shape_error(
            f"inputs of shapes {' '.join(map(shape_text, shapes))} do not broadcast to "
            f"the result's {shape_text(result.shape)}"
        )
    if from_type(kernel.result_type) != element(result):
        type_error(f"the kernel @{kernel.sym_name.data} returns {kernel.result_type}")


def _check_reduction(
    args: list[Abstract], inputs: list[Abstract], value: Abstract, result: Abstract
) -> None:
    """The reduction of an ``array_reduce`` (its kind, axes and keepdims, by
    the inference rule of that reduction) applied to the kernel's values, of
    the inputs' broadcast shape, gives its result."""
    kind = args[1]
    if not (isinstance(kind, AbstractString) and kind.value in REDUCTIONS):
        shown = repr(kind.value) if isinstance(kind, AbstractString) else kind
        type_error(f"the kind of array_reduce is one of {', '.join(REDUCTIONS)}, not {shown}")
    shape = broadcast_shapes(*[a.shape for a in inputs if isinstance(a, AbstractArray)])
    if not isinstance(value, AbstractScalar):
        type_error(f"the kernel of array_reduce returns {value}, not a scalar")
    reduced = PRIMITIVES[kind.value].rules["infer"](
        [AbstractArray(value.dtype, shape), *args[2:4]], None
    )
    if isinstance(reduced, AbstractArray) and isinstance(result, AbstractArray):
        same = len(reduced.shape) == len(result.shape) and all(
            a is None or b is None or a == b for a, b in zip(reduced.shape, result.shape)
        )
    else:
        same = isinstance(reduced, AbstractScalar) and isinstance(result, AbstractScalar)
    same = same and element(reduced).dtype == element(result).dtype  # type: ignore[attr-defined]
    if not same:
        type_error(f"the {kind.value} of the kernel's values is {reduced}, not {result}")


PRIMITIVES["array_map"].rules["infer"] = _infer_from_type
PRIMITIVES["array_reduce"].rules["infer"] = _infer_from_type
