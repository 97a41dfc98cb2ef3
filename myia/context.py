"""An xDSL context that knows every dialect myia uses.

Dialects are *registered*, not loaded: xDSL imports a dialect's module the first
time the parser meets one of its ops or types, so making a context costs
microseconds whatever the number of dialects available.
"""

from __future__ import annotations

from xdsl.context import Context

from myia.registry import Registry, default_registry


def make_context(registry: Registry | None = None, *, allow_unregistered: bool = False) -> Context:
    """A context with builtin, myia, every upstream xDSL dialect and the installed
    plugins' dialects registered (lazily)."""
    if registry is None:
        registry = default_registry()
    return registry.make_context(allow_unregistered=allow_unregistered)
