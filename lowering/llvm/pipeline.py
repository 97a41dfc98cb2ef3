"""The lowering to the llvm dialect as one pipeline, and its checks."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from .arith_to_llvm import ConvertArithToLLVM
from .cf_to_llvm import ConvertCfToLLVM
from .common import LoweringError
from .func_to_llvm import ConvertFuncToLLVM
from .index_to_i64 import LowerIndexToI64
from .interrupt_poll import MyiaPoll
from .math_to_llvm import ConvertMathToLLVM
from .scf_to_cf import MyiaScfToCf
from .stack_check import MyiaStackCheck


def lowering_passes(
    *,
    check_division: bool = True,
    check_ipowi: bool = True,
    stack_check: bool = True,
    poll: bool = True,
) -> list[ModulePass]:
    """The passes of ``myia-to-llvm``, in order."""
    passes: list[ModulePass] = [
        MyiaScfToCf(),
        LowerIndexToI64(),
        ConvertMathToLLVM(check_ipowi=check_ipowi),
        ConvertArithToLLVM(check_division=check_division),
        ConvertCfToLLVM(),
        ConvertFuncToLLVM(),
    ]
    if stack_check:
        passes.append(MyiaStackCheck())
    if poll:
        passes.append(MyiaPoll())
    return passes


def check_llvm_only(module: ModuleOp) -> None:
    """Raise unless every op of ``module`` is in the llvm dialect."""
    for op in module.body.block.ops:
        if not isinstance(op, llvm.FuncOp | llvm.GlobalOp):
            raise LoweringError(f"'{op.name}' is left after lowering to the llvm dialect")
        for inner in op.walk():
            if inner is not op and inner.dialect_name() != "llvm":
                raise LoweringError(f"'{inner.name}' is left after lowering to the llvm dialect")


def lower_to_llvm(
    module: ModuleOp,
    ctx: Context | None = None,
    *,
    check_division: bool = True,
    check_ipowi: bool = True,
    stack_check: bool = True,
    poll: bool = True,
    verify: bool = False,
) -> ModuleOp:
    """Lower ``module`` (func/arith/math/cf/scf and llvm ops) to the llvm dialect,
    in place, and return it. ``verify`` checks the IR after each pass."""
    ctx = ctx or Context()
    for pass_ in lowering_passes(
        check_division=check_division,
        check_ipowi=check_ipowi,
        stack_check=stack_check,
        poll=poll,
    ):
        pass_.apply(ctx, module)
        if verify:
            module.verify()
    check_llvm_only(module)
    return module


@dataclass(frozen=True)
class MyiaToLLVM(ModulePass):
    """Lower func/arith/math/cf/scf to the llvm dialect (all the passes, in order)."""

    name = "myia-to-llvm"

    check_division: bool = True
    check_ipowi: bool = True
    stack_check: bool = True
    poll: bool = True

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        lower_to_llvm(
            op,
            ctx,
            check_division=self.check_division,
            check_ipowi=self.check_ipowi,
            stack_check=self.stack_check,
            poll=self.poll,
        )
