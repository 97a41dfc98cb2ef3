"""A pass plugin for myia-opt's tests (``--load-pass-plugin``): one pass, one dialect."""

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Dialect
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def
from xdsl.passes import ModulePass

from myia.dialects import PrimOp


@irdl_op_definition
class MarkOp(IRDLOperation):
    """Marks a value (does nothing)."""

    name = "testplugin.mark"
    value = operand_def()
    assembly_format = "$value attr-dict `:` type($value)"


TestPlugin = Dialect("testplugin", [MarkOp])


@dataclass(frozen=True)
class DoubleNegPass(ModulePass):
    """Replace neg(neg(x)) by x (a test plugin's pass)."""

    name = "test-double-neg"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for inner in list(op.walk()):
            if isinstance(inner, PrimOp) and inner.PRIMITIVE.name == "neg":
                source = inner.operands[0].owner
                if isinstance(source, PrimOp) and source.PRIMITIVE.name == "neg":
                    inner.results[0].replace_all_uses_with(source.operands[0])


def register(registry):
    registry.register_pass(DoubleNegPass)
    registry.register_dialect(TestPlugin)
