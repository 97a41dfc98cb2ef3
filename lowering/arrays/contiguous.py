"""``myia-mark-contiguous``: which arrays an entry point's callers pass C-contiguous.

``myia.jit`` compiles a specialization per layout of the array arguments, as
numba does for its 'C' and 'A' arrays. This pass writes the layout of one
signature on the entry function (``myia.contiguous``, see
:data:`~myia.lowering.arrays.array_codegen.CONTIGUOUS`): ``layout`` has one bool per
array the arguments hold, in the order of their leaves. ``convert-myia-to-cf``
then computes those arrays' strides from their sizes.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ArrayAttr, BoolAttr, ModuleOp
from xdsl.passes import ModulePass

from myia.lowering.arrays.array_codegen import CONTIGUOUS
from myia.lowering.llvm.common import LoweringError
from myia.passes.symbol_uses import functions


def mark_contiguous(module: ModuleOp, entry: str, layout: tuple[bool, ...]) -> None:
    """Mark the arrays of ``entry``'s arguments that ``layout`` says are
    C-contiguous (nothing when none is)."""
    if not any(layout):
        return
    func = functions(module).get(entry)
    if func is None:
        raise LoweringError(f"the module has no myia.func @{entry}")
    func.attributes[CONTIGUOUS] = ArrayAttr([BoolAttr.from_bool(flag) for flag in layout])


@dataclass(frozen=True)
class MarkContiguous(ModulePass):
    """Mark the array arguments of an entry point that callers pass C-contiguous
    (myia.contiguous)."""

    name = "myia-mark-contiguous"

    entry: str
    layout: tuple[bool, ...] = ()
    """One bool per array the arguments hold, in the order of their leaves."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        mark_contiguous(op, self.entry, self.layout)


__all__ = ["MarkContiguous", "mark_contiguous"]
