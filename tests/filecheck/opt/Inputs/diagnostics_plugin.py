"""Test passes: one reports warnings (an analysis), one leaves invalid IR."""

import warnings
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from myia.dialects import PrimOp, ReturnOp
from myia.errors import MyiaWarning, SourceLocation


@dataclass(frozen=True)
class WarnNeg(ModulePass):
    """Warn at each myia.neg (a test analysis)."""

    name = "test-warn-neg"

    def apply(self, ctx, op: ModuleOp) -> None:
        for inner in op.walk():
            if isinstance(inner, PrimOp) and inner.PRIMITIVE.name == "neg":
                location = SourceLocation.from_attr(inner.location)
                warnings.warn(MyiaWarning("a negation", location))


@dataclass(frozen=True)
class DropReturns(ModulePass):
    """Erase every myia.return (a broken test pass)."""

    name = "test-drop-returns"

    def apply(self, ctx, op: ModuleOp) -> None:
        for inner in list(op.walk()):
            if isinstance(inner, ReturnOp):
                inner.detach()
                inner.erase()
