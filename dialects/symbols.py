"""Fresh symbol names: every pass that adds functions (the frontend, inference's
specializations, grad's transforms, fusion's kernels, list helpers) names them
``base``, ``base_1``, ``base_2``... apart from the names already taken."""

from __future__ import annotations


def fresh_symbol(base: str, used: set[str]) -> str:
    """The first of ``base``, ``base_1``, ``base_2``... not in ``used``, added to it."""
    name, i = base, 0
    while name in used:
        i += 1
        name = f"{base}_{i}"
    used.add(name)
    return name
