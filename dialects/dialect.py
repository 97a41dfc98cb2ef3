"""The myia dialect object: every op and type, for registration in a context."""

from __future__ import annotations

from xdsl.ir import Dialect

from myia.dialects import (  # noqa: F401 - declare the primitives
    prims_array,
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
from myia.dialects.ops import STRUCTURAL_OPS
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

Myia = Dialect(
    "myia",
    [*STRUCTURAL_OPS, *GRAD_OPS, *(p.op for p in PRIMITIVES.values())],
    [AnyType, NoneType, ListType, RecordType, FunctionValueType, StringType, EnvSensType],
)
