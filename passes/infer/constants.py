"""The abstract values of constants (``myia.const`` and default values)."""

from __future__ import annotations

from xdsl.dialects.builtin import FloatAttr, IntegerAttr, StringAttr, UnitAttr
from xdsl.ir import Attribute

from myia.dialects.abstract import (
    BOOL,
    FLOAT64,
    INT64,
    Abstract,
    AbstractNone,
    AbstractScalar,
    AbstractString,
    dtype_of_type,
    from_type,
)
from myia.dialects.ops_value import ConstOp
from myia.dialects.types import AnyType
from myia.errors import MyiaTypeError


def const_attr_abstract(value: Attribute) -> Abstract:
    """The abstract value of a constant attribute (a default value): weak, as a
    Python literal."""
    return const_abstract(ConstOp(value))


def const_abstract(op: ConstOp) -> Abstract:
    value = op.value
    strong = op.strong is not None or not isinstance(op.result.type, AnyType)
    if isinstance(value, UnitAttr):
        return AbstractNone()
    if isinstance(value, StringAttr):
        return AbstractString(value.data)
    if isinstance(op.result.type, AnyType):
        dtype = dtype_of_type(value.type)  # type: ignore[attr-defined]
    else:
        dtype = dtype_of_type(op.result.type)
        if dtype is None:
            return from_type(op.result.type)
    if isinstance(value, IntegerAttr):
        raw = value.value.data
        if dtype == BOOL:
            return AbstractScalar(BOOL, not strong, bool(raw))
        if dtype is not None and dtype.startswith("float"):
            return AbstractScalar(dtype, not strong, float(raw))
        return AbstractScalar(dtype or INT64, not strong, int(raw))
    if isinstance(value, FloatAttr):
        return AbstractScalar(dtype or FLOAT64, not strong, float(value.value.data))
    raise MyiaTypeError(f"unsupported constant {value}")
