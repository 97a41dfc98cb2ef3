"""Passes on the myia dialect, and how they are registered.

Each pass is a ``@dataclass(frozen=True)`` xDSL ``ModulePass`` in its own module;
:data:`MYIA_PASSES` maps pass names to factories so that ``myia-opt`` imports a
pass's module only when the pass is used. A new pass adds one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from myia.registry import lazy_attribute

if TYPE_CHECKING:
    from xdsl.passes import ModulePass

    from myia.registry import Registry


def _lazy(module: str, cls: str) -> Callable[[], Any]:
    return lazy_attribute(f"myia.passes.{module}", cls)


MYIA_PASSES: dict[str, Callable[[], type[ModulePass]]] = {
    "cse": _lazy("cse", "CSEPass"),
    "dce": _lazy("dce", "DeadCodeElimination"),
    "canonicalize": _lazy("canonicalize", "CanonicalizePass"),
    "myia-inline": _lazy("inline", "InlinePass"),
    "myia-infer": _lazy("infer", "InferPass"),
    "myia-grad": _lazy("grad", "GradPass"),
    "myia-check-nans": _lazy("check_nans", "CheckNans"),
}
"""myia's passes by name (``cse``, ``dce`` and ``canonicalize`` replace xDSL's
passes of the same name, doing what those do plus the myia-specific parts)."""


def register_passes(registry: Registry) -> None:
    """Add myia's passes to ``registry``, replacing upstream passes of the same
    name on purpose, and the ``dot`` target (pictures of a module)."""
    for name, factory in MYIA_PASSES.items():
        registry.register_pass(name, factory, replace=name in registry.passes)
    registry.register_target("dot", _lazy("ir_graph", "DotTarget"))
