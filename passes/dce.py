"""Dead code elimination: unused pure ops, then unreferenced private functions.

It does what xDSL's ``dce`` does (erase ops whose results nobody uses and that
have no effect: myia's value ops have none, except primitive ops that may raise,
such as ``a // b``, which stay: see :mod:`myia.dialects.raise_rules`) and,
because the frontend cuts a Python function into many small ``myia.func``
(branches, loops, continuations) that other passes make unreachable (a folded
``if``, an inlined call), also erases private functions that no live code
refers to. Public
functions are entry points and always stay. Calls (``myia.call``, ``myia.apply``,
``myia.if``) are not ``Pure``, since the callee may fail, so their results are
kept even when unused.

It replaces xDSL's ``dce`` under the same name: on IR without myia functions it
behaves exactly like it.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.transforms.dead_code_elimination import region_dce

from myia.passes.symbol_uses import remove_unreferenced_functions


def dce(module: ModuleOp) -> None:
    """Erase unused pure ops and unreferenced private functions, to a fixed point
    (erasing a function body can make other functions unreferenced: the walk
    from the public functions handles that in one go)."""
    region_dce(module.body)
    remove_unreferenced_functions(module)


@dataclass(frozen=True)
class DeadCodeElimination(ModulePass):
    """Erase unused pure ops and private myia functions nothing refers to."""

    name = "dce"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        dce(op)
