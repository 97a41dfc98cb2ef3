"""Arrays: the elementwise primitives on numpy arrays (with broadcasting), matrix
products, and array attributes (``.shape``, ``.T``, ``.ndim``).

Elementwise primitives keep their scalar rule for the dtype (numpy 2's promotion,
Python scalars weak) and take the broadcast shape of their operands; a shape
mistake is a ``MyiaShapeError`` with numpy's message.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from myia.dialects.abstract import (
    BOOL,
    INT64,
    Abstract,
    AbstractArray,
    AbstractScalar,
    AbstractTuple,
    promote_dtypes,
)
from myia.dialects.abstract import UNKNOWN as _UNKNOWN
from myia.dialects import prims_scalar  # noqa: F401 - the scalar rules extended here
from myia.dialects.ops import TupleOp
from myia.dialects.prims_math import BINARY_MATH, UNARY_MATH
from myia.dialects.primitive import ATTRIBUTE_RULES, PRIMITIVES, primitive
from myia.errors import MyiaShapeError, MyiaTypeError

ELEMENTWISE_BINARY = (
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "min", "max",
    "bitand", "bitor", "bitxor", "lshift", "rshift", *BINARY_MATH,
)  # fmt: skip
COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")
ELEMENTWISE_UNARY = ("neg", "pos", "abs", "invert", *UNARY_MATH)
PREDICATES = ("isnan", "isinf", "isfinite")

Shape = tuple[int | None, ...]


def shape_text(shape: Shape) -> str:
    dims = ["?" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


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
    """The abstract value of one element (arrays are strongly typed)."""
    return AbstractScalar(a.dtype) if isinstance(a, AbstractArray) else a


def has_array(args: list[Abstract]) -> bool:
    return any(isinstance(a, AbstractArray) for a in args)


def _arrays_only(args: list[Abstract], name: str) -> None:
    for a in args:
        if not isinstance(a, AbstractArray | AbstractScalar):
            raise MyiaTypeError(f"unsupported operand types for {name}: " + ", ".join(str(x) for x in args))


# ---------------------------------------------------------------------------
# Elementwise primitives: their scalar rules, extended to arrays


def _extend_elementwise(name: str) -> None:
    prim = PRIMITIVES[name]
    scalar_infer = prim.rules["infer"]
    scalar_expand = prim.rules.get("expand")

    def infer(args: list[Abstract], op: Any) -> Abstract:
        if not has_array(args):
            return scalar_infer(args, op)
        _arrays_only(args, name)
        elem = scalar_infer([_unknown(element(a)) for a in args], op)
        shape = broadcast_shapes(*[a.shape for a in args if isinstance(a, AbstractArray)])
        return AbstractArray(elem.dtype, shape)

    def expand(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
        if not isinstance(result, AbstractArray):
            return scalar_expand(ex, op, args, abstracts, result) if scalar_expand else None
        compute = _compute_dtype(name, abstracts, result)
        cast = [ex.cast(v, a, _with_dtype(a, compute)) for v, a in zip(args, abstracts, strict=True)]
        return ex.prim(name, *cast, result=result)

    prim.rules["infer"] = infer
    prim.rules["expand"] = expand


def _unknown(a: Abstract) -> Abstract:
    if isinstance(a, AbstractScalar) and a.known:
        return AbstractScalar(a.dtype, a.weak)
    return a


def _compute_dtype(name: str, abstracts: list[Abstract], result: AbstractArray) -> str:
    """The dtype the operands are converted to before the elementwise operation."""
    if name in COMPARISONS:
        a, b = (element(x) for x in abstracts)
        return promote_dtypes(a, b)[0]  # type: ignore[arg-type]
    if name in PREDICATES:
        return element(abstracts[0]).dtype  # type: ignore[attr-defined]
    return result.dtype


def _with_dtype(a: Abstract, dtype: str) -> Abstract:
    if isinstance(a, AbstractArray):
        return AbstractArray(dtype, a.shape)
    return AbstractScalar(dtype)


for _name in (*ELEMENTWISE_BINARY, *COMPARISONS, *ELEMENTWISE_UNARY):
    _extend_elementwise(_name)


# ---------------------------------------------------------------------------
# Matrix products


def matmul_shape(a: Shape, b: Shape) -> Shape:
    """The shape of ``a @ b`` (1-D, 2-D, and batched with broadcast batch axes)."""

    def incompatible() -> MyiaShapeError:
        return MyiaShapeError(
            f"Incompatible shapes in dot: {shape_text(a)} and {shape_text(b)}"
        )

    if not a or not b:
        raise MyiaTypeError("matmul: input operands must be arrays of at least one dimension")
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
        raise MyiaTypeError(f"unsupported operand types for @: '{a}' and '{b}'")
    dtype, _ = promote_dtypes(a, b)
    if dtype == BOOL:
        dtype = INT64
    shape = matmul_shape(a.shape, b.shape)
    return AbstractArray(dtype, shape) if shape else AbstractScalar(dtype)


def _expand_matmul(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    cast = [ex.cast(v, a, _with_dtype(a, result.dtype)) for v, a in zip(args, abstracts, strict=True)]  # type: ignore[attr-defined]
    return ex.prim("matmul", *cast, result=result)


PRIMITIVES["matmul"].rules.update(infer=_infer_matmul, expand=_expand_matmul, display="dot")


# ---------------------------------------------------------------------------
# Attributes of arrays


@primitive("transpose", 1)
def _transpose(x: Any) -> Any:
    """x.T: the axes in reverse order"""
    return np.transpose(x)


PRIMITIVES["transpose"].rules["infer"] = lambda args, op: _transposed(args[0])


def _transposed(a: Abstract) -> Abstract:
    if not isinstance(a, AbstractArray):
        raise MyiaTypeError(f"transpose of {a}")
    return AbstractArray(a.dtype, tuple(reversed(a.shape)))


def _array_attribute(a: AbstractArray, name: str) -> Abstract:
    if name == "shape":
        return AbstractTuple(tuple(
            AbstractScalar(INT64, True, d if d is not None else _UNKNOWN) for d in a.shape
        ))
    if name == "ndim":
        return AbstractScalar(INT64, True, len(a.shape))
    if name == "size" and all(d is not None for d in a.shape):
        return AbstractScalar(INT64, True, int(np.prod(a.shape, dtype=np.int64)))
    if name == "T":
        return _transposed(a)
    raise MyiaTypeError(f"arrays have no attribute '{name}' in myia (yet)")


def _expand_array_attribute(ex: Any, op: Any, value: Any, obj: AbstractArray, result: Abstract) -> Any:
    name = op.attr.data
    if name == "T":
        return ex.prim("transpose", value, result=result)
    if name == "shape" and isinstance(result, AbstractTuple):
        dims = []
        for d in result.elements:
            if not (isinstance(d, AbstractScalar) and d.known):
                raise MyiaTypeError("the shape of an array with dimensions known only at run time")
            dims.append(ex.const(d.value, d))
        return ex.emit(TupleOp(dims, ex.type_of(result)))
    raise MyiaTypeError(f"arrays have no attribute '{name}' in compiled code (yet)")


ATTRIBUTE_RULES[AbstractArray] = (_array_attribute, _expand_array_attribute)


# ---------------------------------------------------------------------------
# Reductions


def _reduce_impl(fn: Any) -> Any:
    def impl(x: Any, axis: Any, keepdims: Any) -> Any:
        return fn(x, axis=axis, keepdims=keepdims)

    return impl


for _name, _fn in (("sum", np.sum), ("mean", np.mean)):
    _impl = _reduce_impl(_fn)
    _impl.__doc__ = f"numpy.{_name}(x, axis, keepdims): axis is None, an int or a tuple of ints"
    _impl.__name__ = _name
    primitive(_name, 3)(_impl)


def reduced_axes(axis: Abstract, ndim: int, name: str) -> tuple[int, ...]:
    """The axes a reduction runs over, from its (constant) axis operand."""
    from myia.dialects.abstract import AbstractNone

    if isinstance(axis, AbstractNone):
        return tuple(range(ndim))
    items = axis.elements if isinstance(axis, AbstractTuple) else (axis,)
    axes = []
    for item in items:
        if not (isinstance(item, AbstractScalar) and item.known and item.kind in "iu"):
            raise MyiaTypeError(f"numpy.{name}: axis must be a constant int or tuple of ints")
        a = int(item.value)
        if not -ndim <= a < ndim:
            raise MyiaShapeError(f"numpy.{name}: axis {a} is out of bounds for an array of dimension {ndim}")
        axes.append(a % ndim)
    if len(set(axes)) != len(axes):
        raise MyiaShapeError(f"numpy.{name}: duplicate value in axis")
    return tuple(sorted(axes))


def _infer_reduce(name: str, args: list[Abstract], op: Any) -> Abstract:
    x, axis, keepdims = args
    if isinstance(x, AbstractScalar):
        x = AbstractArray(x.dtype, ())
    if not isinstance(x, AbstractArray):
        raise MyiaTypeError(f"numpy.{name}() of {x}")
    if not (isinstance(keepdims, AbstractScalar) and keepdims.known and keepdims.kind == "b"):
        raise MyiaTypeError(f"numpy.{name}: keepdims must be a constant bool")
    axes = reduced_axes(axis, len(x.shape), name)
    dtype = x.dtype
    if name == "mean" and np.dtype(dtype).kind in "biu":
        dtype = "float64"
    elif name == "sum" and np.dtype(dtype).kind == "b":
        dtype = INT64
    elif name == "sum" and np.dtype(dtype).kind in "iu" and np.dtype(dtype).itemsize < 8:
        dtype = "int64" if np.dtype(dtype).kind == "i" else "uint64"
    if keepdims.value:
        shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
    else:
        shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    return AbstractArray(dtype, shape) if shape else AbstractScalar(dtype)


for _name in ("sum", "mean"):
    PRIMITIVES[_name].rules["infer"] = partial(_infer_reduce, _name)
