"""The dataclasses the frontend has seen, by the class name their records carry."""

from __future__ import annotations

#: Dataclasses seen by any frontend, by the class name their records carry.
RECORD_CLASSES: dict[str, type] = {}


def record_class_name(cls: type) -> str:
    name = f"{cls.__module__}.{cls.__qualname__}".replace(".<locals>", "")
    RECORD_CLASSES.setdefault(name, cls)
    return name
