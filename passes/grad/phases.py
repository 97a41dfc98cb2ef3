"""Which code of a differentiated module runs in which phase: the functions
``myia-grad`` makes are known by their names (``@f.bprop``, ``@f.jvp``), which
``myia-check-nans`` and the step debugger read.

A user function named ``bprop`` inside ``f`` would be taken for a
backpropagator: the names are the transform's, not a reserved namespace.
"""

from __future__ import annotations

import re

from xdsl.dialects.builtin import ModuleOp

from myia.dialects import FuncOp
from myia.passes.callgraph import referenced_symbols

BACKPROPAGATOR = re.compile(r"\.bprop(?:_\d+)?(?:\.|$)")
"""The names of the backpropagators ``myia-grad`` makes (``@f.bprop``,
``@f.bprop.at``, ``@f.bprop_2``)."""
TANGENTS = re.compile(r"\.jvp(?:_\d+)?$")
"""The names of the forward-mode functions ``myia-grad`` makes (``@f.jvp``):
their parameters are the primal values, then the tangents (``d_x``), and they
return ``(primal, tangent)``."""


def function_phases(module: ModuleOp) -> dict[str, str]:
    """The phase each function runs in: ``forward`` when it is reached from the
    entries without entering a backpropagator, ``reverse`` from the
    backpropagators, ``either`` both."""
    functions = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}

    def reach(roots: list[str], stop_at_backpropagators: bool) -> set[str]:
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            name = stack.pop()
            if name in seen or name not in functions:
                continue
            if stop_at_backpropagators and BACKPROPAGATOR.search(name):
                continue
            seen.add(name)
            for op in functions[name].walk():
                stack.extend(referenced_symbols(op))
        return seen

    entries = [n for n, f in functions.items() if f.sym_visibility is None]
    forward = reach(entries, True)
    reverse = reach([n for n in functions if BACKPROPAGATOR.search(n)], False)

    def phase(name: str) -> str:
        if name in reverse:
            return "either" if name in forward else "reverse"
        return "forward"

    return {name: phase(name) for name in functions}
