"""Shapes of arrays: ``transpose``, ``reshape``, ``broadcast_to``, ``squeeze``,
``expand_dims``, creation (``full``) and ``array_shape``, joining
(``concatenate``, ``stack``), the shapes given to methods (``shape_args``) and
the attributes and methods of arrays (``x.T``, ``x.shape``, ``x.sum``). See
:mod:`myia.dialects.prims_array` for the conventions of array primitives."""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from myia.dialects.abstract import (
    INT64,
    UNKNOWN,
    Abstract,
    AbstractArray,
    AbstractFunction,
    AbstractNone,
    AbstractScalar,
    AbstractString,
    AbstractTuple,
    FunctionValue,
)
from myia.dialects.ops_value import TupleGetOp, TupleOp
from myia.dialects.primitive import ATTRIBUTE_RULES, PRIMITIVES, primitive
from myia.dialects.prims_array import (
    ARRAY_METHOD_NAMES,
    I64,
    METHOD_SYMBOL_PREFIX,
    Shape,
    array_of,
    as_array,
    cast_to,
    dtype_operand,
    emit_static,
    int_tuple,
    normalize_axis,
    shape_error,
    shape_text,
    shape_values,
    tuple_parts,
    type_error,
)
from myia.dialects.prims_reduce import reduced_axes
from myia.dialects.types import tuple_type

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
    parts = tuple_parts(ex, args[0], arrays_a)
    converted = []
    for v, a in zip(parts, arrays_a.elements, strict=True):
        if isinstance(a, AbstractScalar):
            v = ex.prim("full", emit_static(ex, ()), ex.cast(v, a, AbstractScalar(dtype)),
                        emit_static(ex, dtype), result=AbstractArray(dtype, ()))  # fmt: skip
        else:
            v = cast_to(ex, v, a, dtype)
        converted.append(v)
    arrays = ex.emit(TupleOp(converted, tuple_type(c.type for c in converted)))
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


def _array_attribute(a: AbstractArray, name: str) -> Abstract:
    if name == "shape":
        return shape_abstract(a)
    if name == "ndim":
        return AbstractScalar(INT64, True, len(a.shape))
    if name == "size":
        dims = [d for d in a.shape if d is not None]
        if len(dims) == len(a.shape):
            return AbstractScalar(INT64, True, int(np.prod(dims, dtype=np.int64)))
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
        total = ex.const(1, I64)
        total_a: Abstract = I64
        for i in range(len(obj.shape)):
            d = ex.emit(TupleGetOp(shape, i, ex.type_of(I64)))
            total, total_a = apply(ex, "mul", [total, d], [total_a, I64])
        return ex.cast(total, total_a, result)
    type_error(f"arrays have no attribute '{name}' in compiled code (yet)")


ATTRIBUTE_RULES[AbstractArray] = (_array_attribute, _expand_array_attribute)
