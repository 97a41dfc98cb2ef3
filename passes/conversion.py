"""Passes that build a new module from their input, as dialect conversions do.

Inference and the lowering to ``func``/``cf`` are easier written as functions
from one module to a new one than as rewrites in place. A
:class:`ModuleConversion` is such a pass: :meth:`~ModuleConversion.convert`
returns the new module (the input's module attributes move to it), and
``apply``, what ``myia-opt`` and xDSL's pass manager call, puts the new
module's ops in place of the input's. A pipeline runner that wants to keep the
input (``myia.jit`` keeps the typed module of each signature) calls
``convert`` and goes on with its result.
"""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from myia.passes.symbol_uses import replace_functions


class ModuleConversion(ModulePass):
    """A pass whose result is a new module (see the module docstring)."""

    def convert(self, ctx: Context, op: ModuleOp) -> ModuleOp:
        """The new module; ``op``'s module attributes move to it."""
        raise NotImplementedError

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        new = self.convert(ctx, op)
        replace_functions(op, new)
        op.attributes.update(new.attributes)


def move_attributes(source: ModuleOp, target: ModuleOp) -> ModuleOp:
    """Move ``source``'s module attributes to ``target``; returns ``target``."""
    target.attributes.update(source.attributes)
    source.attributes.clear()
    return target


__all__ = ["ModuleConversion", "move_attributes"]
