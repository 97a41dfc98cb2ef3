"""Reductions and products of arrays: ``matmul`` (``@``), ``sum``, ``mean``,
``prod``, ``amax``, ``amin``, ``argmax``, ``argmin``, and ``sum_to_shape`` (the
gradient of broadcasting). See :mod:`myia.dialects.prims_array` for the
conventions of array primitives."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from myia.dialects.abstract import (
    FLOAT64,
    INT64,
    Abstract,
    AbstractArray,
    AbstractNone,
    AbstractScalar,
    AbstractTuple,
    promote_dtypes,
)
from myia.dialects.primitive import PRIMITIVES, primitive
from myia.dialects.prims_array import (
    REDUCTIONS,
    Shape,
    array_of,
    as_array,
    broadcast_shapes,
    cast_to,
    emit_static,
    has_array,
    int_tuple,
    kind,
    normalize_axis,
    scalar_of_0d,
    shape_error,
    shape_text,
    type_error,
    with_dtype,
)
from myia.errors import MyiaShapeError

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


@primitive("dot", 2)
def _dot(a: Any, b: Any) -> Any:
    """numpy.dot(a, b): a product of scalars, a matrix product (1-D and 2-D),
    or, for more dimensions, the sum over the last axis of a and the
    second-to-last of b (not matmul's batches)"""
    return np.dot(a, b)


def dot_shape(a: Shape, b: Shape) -> Shape:
    """The shape of ``np.dot(a, b)`` for arrays of at least one dimension."""
    if (len(a) <= 2 and len(b) <= 2) or len(b) == 1:
        return matmul_shape(a, b)
    k1, k2 = a[-1], b[-2]
    if k1 is not None and k2 is not None and k1 != k2:
        raise MyiaShapeError(f"Incompatible shapes in dot: {shape_text(a)} and {shape_text(b)}")
    return (*a[:-1], *b[:-2], b[-1])


def _infer_dot(args: list[Abstract], op: Any) -> Abstract:
    a, b = args
    if not (isinstance(a, AbstractArray) and isinstance(b, AbstractArray)):
        if isinstance(a, AbstractScalar | AbstractArray) and isinstance(
            b, AbstractScalar | AbstractArray
        ):
            return PRIMITIVES["mul"].rules["infer"](args, op)  # a scalar operand: a * b
        type_error(f"unsupported operand types for dot: '{a}' and '{b}'")
    if not a.shape or not b.shape:
        return PRIMITIVES["mul"].rules["infer"](args, op)  # (0-d arrays too)
    dtype, _ = promote_dtypes(a, b)
    return array_of(dtype, dot_shape(a.shape, b.shape))


def _expand_dot(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    """``a * b`` with a scalar, ``a @ b`` where numpy's dot is matmul (1-D and
    2-D operands, or a 1-D ``b``), else a matrix product of ``a`` as (P, n)
    and ``b``'s second-to-last axis moved first, as (n, Q), reshaped."""
    a, b = abstracts
    if not (isinstance(a, AbstractArray) and a.shape and isinstance(b, AbstractArray) and b.shape):
        return ex.prim("mul", *args, result=result)
    if (len(a.shape) <= 2 and len(b.shape) <= 2) or len(b.shape) == 1:
        return _expand_matmul(ex, op, args, abstracts, result)
    dims = (*a.shape, *b.shape)
    if any(d is None for d in dims):
        type_error("np.dot of arrays of more than two dimensions needs static shapes")
    dtype = result.dtype  # type: ignore[attr-defined]
    x, y = (cast_to(ex, v, t, dtype) for v, t in zip(args, abstracts, strict=True))
    n = a.shape[-1]
    rows = math.prod(d for d in a.shape[:-1] if d is not None)
    ndim = len(b.shape)
    axes = (ndim - 2, *range(ndim - 2), ndim - 1)
    moved = AbstractArray(dtype, tuple(b.shape[i] for i in axes))
    y = ex.prim("transpose", y, emit_static(ex, axes), result=moved)
    columns = math.prod(d for d in moved.shape[1:] if d is not None)
    a2, b2 = AbstractArray(dtype, (rows, n)), AbstractArray(dtype, (n, columns))
    x = ex.prim("reshape", x, emit_static(ex, (rows, n)), result=a2)
    y = ex.prim("reshape", y, emit_static(ex, (n, columns)), result=b2)
    product = ex.prim("matmul", x, y, result=AbstractArray(dtype, (rows, columns)))
    return ex.prim("reshape", product, emit_static(ex, result.shape), result=result)  # type: ignore[attr-defined]


PRIMITIVES["dot"].rules.update(infer=_infer_dot, expand=_expand_dot, display="dot")


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
