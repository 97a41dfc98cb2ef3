"""``convert-cf-to-llvm``: cf branches become llvm branches.

``cf.br`` -> ``llvm.br``, ``cf.cond_br`` -> ``llvm.cond_br``, ``cf.switch`` ->
``llvm.switch`` (block arguments are kept: the translation to LLVM IR makes them
phi nodes), and ``cf.assert %ok, "msg"`` -> a branch to a block that calls
``myia_raise`` with :attr:`ErrorCode.ASSERTION` when ``%ok`` is false.

The ``index`` type must be gone (``lower-index-to-i64``).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import cf, llvm
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i1
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from . import extra_ops
from .common import RaiseBlocks, guard, reject_index
from .runtime_decls import ErrorCode

PASS_NAME = "convert-cf-to-llvm"


def convert_cf(module: Operation) -> None:
    raise_blocks = RaiseBlocks()
    for op in list(module.walk()):
        if isinstance(op, cf.BranchOp):
            reject_index(op, PASS_NAME)
            Rewriter.replace_op(op, llvm.BrOp(op.successor, *op.arguments))
        elif isinstance(op, cf.ConditionalBranchOp):
            reject_index(op, PASS_NAME)
            branch = llvm.CondBrOp(
                op.cond,
                op.then_block,
                list(op.then_arguments),
                op.else_block,
                list(op.else_arguments),
            )
            branch.attributes.update(op.attributes)  # (myia.bounded_loop)
            Rewriter.replace_op(op, branch)
        elif isinstance(op, cf.SwitchOp):
            reject_index(op, PASS_NAME)
            Rewriter.replace_op(
                op,
                extra_ops.SwitchOp(
                    op.flag,
                    op.default_block,
                    list(op.default_operands),
                    op.case_values,
                    list(op.case_blocks),
                    [list(group) for group in op.case_operand],
                ),
            )
        elif isinstance(op, cf.AssertOp):
            true = llvm.ConstantOp(IntegerAttr(-1, i1), i1)
            failed = llvm.XOrOp(op.arg, true.result)
            Rewriter.insert_op([true, failed], InsertPoint.before(op))
            rest = guard(op, failed.res, ErrorCode.ASSERTION, raise_blocks)
            assert op.parent is rest
            Rewriter.erase_op(op)


@dataclass(frozen=True)
class ConvertCfToLLVM(ModulePass):
    """Convert cf branches (br, cond_br, switch, assert) to the llvm dialect."""

    name = "convert-cf-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        convert_cf(op)
