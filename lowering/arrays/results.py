"""``myia-mark-results``: the arrays an entry point returns are made for Python.

An array made by an op of an exported function (``myia.exports``) that the
function returns, directly or in the returned tuple or record, gets the
attribute ``myia.result`` (see :data:`~myia.lowering.arrays.array_codegen.RESULT`):
its lowering allocates it outside the call's arena, and Python takes the memory
without a copy. Of a static, non-empty shape (and at most :data:`MAX_SLOT_BYTES`), it gets a *result
slot* (``myia.result = k``, for the first :data:`MAX_RESULT_SLOTS`): numpy allocates
it before each call and the compiled code writes into it. The slots' types are
left on the module for the runtime::

    builtin.module attributes {myia.result_slots = {f = [tensor<256x10xf64>]}}

Runs on typed myia after fusion, before ``convert-myia-to-cf``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    IntegerAttr,
    ModuleOp,
    TensorType,
    UnitAttr,
)
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from myia.dialects.abstract import dtype_of_type
from myia.dialects.ops_function import ReturnOp
from myia.dialects.ops_value import RecordOp, TupleOp
from myia.dialects.primitive import PrimOp
from myia.lowering.arrays.array_codegen import RESULT
from myia.lowering.arrays.fuse import is_elementwise
from myia.lowering.exports import exports_of
from myia.passes.symbol_uses import functions

RESULT_SLOTS = "myia.result_slots"
"""Module attribute: entry point name -> the types of its result slots, in order."""

MAX_RESULT_SLOTS = 64
"""How many result slots the runtime has (``myia_result_slots``)."""

MAX_SLOT_BYTES = 1 << 32
"""Arrays larger than this are not given as slots: the compiled code allocates
them (and raises ``MemoryError`` at the user's line when that fails)."""

ALLOCATING = frozenset(
    {"array_map", "array_reduce", "matmul", "full", "array_setitem", "concatenate",
     "stack", "sum", "mean", "prod", "amax", "amin"}
)  # fmt: skip
"""Array primitives (besides elementwise ones) whose result is a new array."""


def mark_results(module: ModuleOp, entry: str) -> list[TensorType]:
    """Mark ``myia.result`` the ops of ``entry`` whose new array it returns, and
    return the types of the result slots given (see the module docstring)."""
    func = functions(module).get(entry)
    slots: list[TensorType] = []
    if func is None or not isinstance(func.entry.last_op, ReturnOp):
        return slots
    todo = [func.entry.last_op.value]
    seen = set()
    while todo:
        v = todo.pop()
        if v in seen:
            continue
        seen.add(v)
        op = v.owner
        if isinstance(op, TupleOp | RecordOp):
            todo.extend(op.operands)
        elif (
            isinstance(op, PrimOp)
            and op.parent_op() is func
            and isinstance(v.type, TensorType)
            and (op.PRIMITIVE.name in ALLOCATING or is_elementwise(op))
        ):
            shape = tuple(v.type.get_shape())
            if RESULT in op.attributes:
                continue
            itemsize = np.dtype(dtype_of_type(v.type.element_type)).itemsize
            small = math.prod(shape) * itemsize <= MAX_SLOT_BYTES
            if len(slots) < MAX_RESULT_SLOTS and all(d > 0 for d in shape) and small:
                op.attributes[RESULT] = IntegerAttr(len(slots), 64)
                slots.append(TensorType(v.type.element_type, shape))
            else:
                op.attributes[RESULT] = UnitAttr()
    return slots


def result_slots_of(module: ModuleOp, entry: str) -> list[TensorType]:
    """The result slots ``myia-mark-results`` gave ``entry``."""
    table = module.attributes.get(RESULT_SLOTS)
    if not isinstance(table, DictionaryAttr):
        return []
    slots = table.data.get(entry)
    if not isinstance(slots, ArrayAttr):
        return []
    return [t for t in slots.data if isinstance(t, TensorType)]


@dataclass(frozen=True)
class MarkResults(ModulePass):
    """Make the arrays the exported functions return for Python (myia.result,
    result slots)."""

    name = "myia-mark-results"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        table: dict[str, Attribute] = {}
        for entry in exports_of(op):
            slots = mark_results(op, entry)
            if slots:
                table[entry] = ArrayAttr(slots)
        if table:
            op.attributes[RESULT_SLOTS] = DictionaryAttr(table)


__all__ = ["MAX_RESULT_SLOTS", "RESULT_SLOTS", "MarkResults", "mark_results", "result_slots_of"]
