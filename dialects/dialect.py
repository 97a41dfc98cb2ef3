"""The myia dialect object: every op and type, for registration in a context."""

from __future__ import annotations

from xdsl.ir import Dialect, Operation

from myia.dialects import (  # noqa: F401 - declare the primitives
    prims_array,
    prims_checks,
    prims_index,
    prims_kernels,
    prims_list,
    prims_math,
    prims_reduce,
    prims_scalar,
    prims_seq,
    prims_shape,
    raise_rules,
)
from myia.dialects.grad_ops import GRAD_OPS
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import PRIMITIVES
from myia.dialects.types import (
    AnyType,
    EnvSensType,
    FunctionValueType,
    ListType,
    NoneType,
    RecordType,
    StringType,
)

#: The ops of the myia dialect that are not primitives.
STRUCTURAL_OPS: list[type[Operation]] = [
    FuncOp,
    ReturnOp,
    CallOp,
    ApplyOp,
    ClosureOp,
    IfOp,
    ConstOp,
    UndefinedOp,
    TupleOp,
    TupleGetOp,
    RecordOp,
    GetAttrOp,
]

Myia = Dialect(
    "myia",
    [*STRUCTURAL_OPS, *GRAD_OPS, *(p.op for p in PRIMITIVES.values())],
    [AnyType, NoneType, ListType, RecordType, FunctionValueType, StringType, EnvSensType],
)
