"""``lower-index-to-i64``: the ``index`` type becomes ``i64`` everywhere.

Every value, block argument and attribute of type ``index`` (constants, function
types, ``cf.switch`` case values, nested types such as ``vector<4xindex>``) is
retyped to ``i64``; ``arith.index_cast`` becomes ``arith.extsi``/``arith.trunci``,
or disappears when both sides are 64-bit. The other conversions to the llvm
dialect expect this pass to have run (as ``myia-to-llvm`` does).

This is a single walk, not a ``TypeConversionPattern``: in xDSL 0.74 that
pattern loops forever on a property that converts to a zero ``IntegerAttr``
(``arith.constant 0 : index``).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, llvm
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatData,
    IndexType,
    IntAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    i64,
)
from xdsl.ir import Attribute, Operation, ParametrizedAttribute
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from myia.identity_cache import IdentityCache

_WITHOUT_INDEX = (
    IntegerType,
    Float16Type,
    Float32Type,
    Float64Type,
    llvm.LLVMPointerType,
    IntAttr,
    StringAttr,
    FloatData,
)
"""Attributes that never hold ``index``: most of what the walk meets, answered
without looking at their parameters."""


class IndexConverter:
    """Rewrites attributes containing ``index`` (memoized, one pass, no fixpoint)."""

    def __init__(self, target: IntegerType = i64):
        self.target = target
        # By identity: an attribute without index must come back as itself
        # (an equal copy made every value of that type look retyped), and
        # hashing deep types cost more than converting them.
        self._memo: IdentityCache[Attribute, Attribute] = IdentityCache()

    def convert(self, attr: Attribute) -> Attribute:
        if isinstance(attr, _WITHOUT_INDEX):
            return attr
        if isinstance(attr, IndexType):
            return self.target
        if not isinstance(attr, ParametrizedAttribute):
            if isinstance(attr, ArrayAttr):
                items = [self.convert(a) for a in attr.data]
                if any(a is not b for a, b in zip(items, attr.data)):
                    return ArrayAttr(items)
            elif isinstance(attr, DictionaryAttr):
                entries = {k: self.convert(v) for k, v in attr.data.items()}
                if any(entries[k] is not attr.data[k] for k in entries):
                    return DictionaryAttr(entries)
            return attr
        hit = self._memo.get(attr)
        if hit is not None:
            return hit
        params = attr.parameters
        new_params = tuple(self.convert(p) for p in params)
        if all(a is b for a, b in zip(new_params, params)):
            result: Attribute = attr
        else:
            result = type(attr).new(new_params)
        return self._memo.put(attr, result)


def lower_index_types(module: Operation, target: IntegerType = i64) -> None:
    """Retype ``index`` to ``target`` in ``module`` (see the module docstring)."""
    conv = IndexConverter(target)
    casts: list[arith.IndexCastOp] = []
    for op in module.walk():
        for region in op.regions:
            for block in region.blocks:
                for arg in block.args:
                    new = conv.convert(arg.type)
                    if new is not arg.type:
                        Rewriter.replace_value_with_new_type(arg, new)
        for result in op.results:
            new = conv.convert(result.type)
            if new is not result.type:
                Rewriter.replace_value_with_new_type(result, new)
        for table in (op.properties, op.attributes):
            for name, value in list(table.items()):
                new = conv.convert(value)
                if new is not value:
                    table[name] = new
        if isinstance(op, arith.IndexCastOp):
            casts.append(op)
    for cast in casts:
        _lower_index_cast(cast)


def _lower_index_cast(op: arith.IndexCastOp) -> None:
    src, dst = op.input.type, op.result.type
    assert isinstance(src, IntegerType) and isinstance(dst, IntegerType)
    if src.width.data == dst.width.data:
        op.result.replace_all_uses_with(op.input)
        Rewriter.erase_op(op)
    elif src.width.data < dst.width.data:
        Rewriter.replace_op(op, arith.ExtSIOp(op.input, dst))
    else:
        Rewriter.replace_op(op, arith.TruncIOp(op.input, dst))


@dataclass(frozen=True)
class LowerIndexToI64(ModulePass):
    """Retype index to i64 everywhere (arith.index_cast becomes extsi/trunci or nothing)."""

    name = "lower-index-to-i64"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        lower_index_types(op)
