"""Reverse-mode automatic differentiation (the ``myia-grad`` pass)."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from myia.dialects.grad_ops import GradApplyOp
from myia.passes.grad.emitter import GradError
from myia.passes.grad.forward_mode import MODES
from myia.passes.grad.transform import GradTransform

__all__ = ["FORWARD_MODE", "GradError", "GradPass", "expand_gradients"]


FORWARD_MODE = "auto"
"""The default of :func:`expand_gradients`' ``forward`` (see
:mod:`myia.passes.grad.forward_mode`): ``"never"`` makes every gradient reverse mode."""


def expand_gradients(
    module: ModuleOp, forward: str | None = None, name_sensitivities: bool = False
) -> bool:
    """Expand every ``myia.grad_apply`` of a typed module; whether there was any.
    ``forward``: ``"auto"`` (forward mode for gradients with respect to one float
    scalar of scalar code) or ``"never"``; default :data:`FORWARD_MODE`.
    ``name_sensitivities``: name the sensitivity of each named value
    ``grad_<name>`` in the backpropagators (for the step debugger)."""
    if not any(isinstance(op, GradApplyOp) for op in module.walk()):
        return False
    forward = forward or FORWARD_MODE
    GradTransform(module, forward=forward, name_sensitivities=name_sensitivities).run()
    return True


@dataclass(frozen=True)
class GradPass(ModulePass):
    """Expand gradients (myia.grad_apply) into J transforms and backpropagators."""

    name = "myia-grad"

    forward: str = "auto"
    """``auto``: forward mode for a gradient with respect to one float scalar of
    scalar code; ``never``: reverse mode always."""

    def __post_init__(self) -> None:
        if self.forward not in MODES:
            raise ValueError(f"forward={self.forward!r}, expected one of: {', '.join(MODES)}")

    names: bool = False
    """Name the sensitivities of named values ``grad_<name>`` (the debugger's)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        expand_gradients(op, self.forward, self.names)
