"""``myia-opt -t llvm``: the LLVM IR of a module in the llvm dialect, optimized
(``-t llvm{opt=3}``) by the pipeline the JIT runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from myia.lowering.llvm.to_llvm_ir import check_direct_calls, emit_llvm_ir
from myia.runtime.jit import optimize_ir


@dataclass(frozen=True)
class LLVMIRTarget(Target):
    """Print LLVM IR (``myia-opt -t llvm``, or ``-t llvm{opt=3}`` for optimized IR).

    The module must be in the llvm dialect (``-p myia-to-llvm``).
    """

    name = "llvm"

    opt: int = 0
    """Run LLVM's optimization pipeline at this level (0-3) before printing."""

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        check_direct_calls(module)
        text = emit_llvm_ir(module)
        if self.opt > 0:
            text = optimize_ir(text, self.opt)
        print(text, file=output, end="" if text.endswith("\n") else "\n")
