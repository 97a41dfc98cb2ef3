"""The myia dialect: functional IR for Python programs, before and after inference."""

from myia.dialects.dialect import Myia
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import PRIMITIVES, Primitive, PrimOp, prim_op, primitive
from myia.dialects.types import (
    ANY,
    NONE,
    AnyType,
    FunctionValueType,
    ListType,
    NoneType,
    RecordType,
    type_str,
)

__all__ = [
    "ANY",
    "NONE",
    "PRIMITIVES",
    "AnyType",
    "ApplyOp",
    "CallOp",
    "ClosureOp",
    "ConstOp",
    "FuncOp",
    "FunctionValueType",
    "GetAttrOp",
    "IfOp",
    "ListType",
    "Myia",
    "NoneType",
    "PrimOp",
    "Primitive",
    "RecordOp",
    "RecordType",
    "ReturnOp",
    "TupleGetOp",
    "TupleOp",
    "UndefinedOp",
    "prim_op",
    "primitive",
    "type_str",
]  # fmt: skip
