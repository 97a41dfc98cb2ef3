"""The Python classes of record types (``!myia.record<"mod.Point", ...>``), by the
class name their records carry: the frontend adds the dataclasses it meets,
``jit`` those of its arguments; inference and the runtime look them up."""

from __future__ import annotations

#: Dataclasses seen by any frontend or ``jit``, by the class name their records carry.
RECORD_CLASSES: dict[str, type] = {}


def record_class_name(cls: type) -> str:
    """The class name of ``cls``'s records (``cls`` is then known by it)."""
    name = f"{cls.__module__}.{cls.__qualname__}".replace(".<locals>", "")
    RECORD_CLASSES.setdefault(name, cls)
    return name
