"""Reverse-mode automatic differentiation (the ``myia-grad`` pass)."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from myia.passes.grad.transform import GradError, GradTransform

__all__ = ["GradError", "GradPass", "expand_gradients"]


def expand_gradients(module: ModuleOp) -> bool:
    """Expand every ``myia.grad_apply`` of a typed module; whether there was any."""
    from myia.dialects.grad_ops import GradApplyOp

    if not any(isinstance(op, GradApplyOp) for op in module.walk()):
        return False
    GradTransform(module).run()
    return True


@dataclass(frozen=True)
class GradPass(ModulePass):
    """Expand gradients (myia.grad_apply) into J transforms and backpropagators."""

    name = "myia-grad"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        expand_gradients(op)
