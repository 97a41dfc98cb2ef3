"""Arrays: numpy's array operations as primitives, with numpy 2's semantics.

Every array operation is a primitive declared with its numpy reference
implementation (what the interpreter runs), its inference rule (dtype and shape,
each dimension known or ``None``) and its expansion into typed IR, in the module
of its family: this one (the helpers they share, and the elementwise operations:
the array rules of the scalar primitives, ``where``, ``sign``, ``astype``,
``clip``), :mod:`~myia.dialects.prims_reduce` (``matmul`` and reductions),
:mod:`~myia.dialects.prims_shape` (shapes, creation, joining, attributes and
methods), :mod:`~myia.dialects.prims_index` (indexing) and
:mod:`~myia.dialects.prims_kernels` (fused kernels). Their lowerings are in
:mod:`myia.lowering.arrays`.

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

from collections.abc import Sequence
from typing import Any, NoReturn

import numpy as np

from myia.dialects.abstract import (
    BOOL,
    FLOAT64,
    INT64,
    Abstract,
    AbstractArray,
    AbstractNone,
    AbstractScalar,
    AbstractString,
    AbstractTuple,
    promote_dtypes,
)
from myia.dialects.ops_value import TupleGetOp, TupleOp
from myia.dialects.primitive import PRIMITIVES, primitive
from myia.dialects.prims_math import BINARY_MATH, UNARY_MATH
from myia.dialects.prims_scalar import BOOL_LOGICAL
from myia.dialects.types import tuple_type
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


def type_error(message: str) -> NoReturn:
    raise MyiaTypeError(message)


def shape_error(message: str) -> NoReturn:
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


def emit_static(ex: Any, value: Any) -> Any:
    """Typed IR for a static value (a tuple of i64, an i1, a string, none)."""
    if isinstance(value, tuple):
        elements = [emit_static(ex, v) for v in value]
        return ex.emit(TupleOp(elements, tuple_type(e.type for e in elements)))
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


def tuple_parts(ex: Any, value: Any, a: AbstractTuple) -> list[Any]:
    return [ex.emit(TupleGetOp(value, i, ex.type_of(e))) for i, e in enumerate(a.elements)]


def shape_values(ex: Any, value: Any, a: Abstract) -> Any:
    """A shape operand as a typed tuple of i64 (constants where known)."""
    items = a.elements if isinstance(a, AbstractTuple) else (a,)
    values = tuple_parts(ex, value, a) if isinstance(a, AbstractTuple) else [value]
    parts = []
    for v, item in zip(values, items, strict=True):
        if isinstance(item, AbstractScalar) and item.known:
            parts.append(ex.const(int(item.value), I64))
        else:
            parts.append(ex.cast(v, item, I64))
    return ex.emit(TupleOp(parts, tuple_type(p.type for p in parts)))


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
# Methods of arrays (their rules: prims_shape)

ARRAY_METHOD_NAMES = (
    "sum", "mean", "prod", "max", "min", "any", "all", "argmax", "argmin", "reshape", "transpose", "astype", "dot",
    "copy", "flatten", "ravel", "clip", "squeeze",
)  # fmt: skip
"""Methods of arrays; each is a function ``@ndarray.<name>`` of the module
(:mod:`myia.frontend.numpy_api` builds them)."""

METHOD_SYMBOL_PREFIX = "ndarray."
