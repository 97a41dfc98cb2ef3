"""``myia.tree_map``: a function applied to the leaves of trees of values.

Tuples, lists and dataclass instances are the nodes of a tree; ``None`` is a node
without children (mapped to ``None``); everything else (numbers, arrays,
functions...) is a leaf. ``tree_map(fn, tree, *rest)`` calls ``fn`` on each leaf
of ``tree`` with the values at the same place in ``rest`` (which must have the
structure of ``tree`` wherever ``tree`` is a node; where ``tree`` is a leaf, they
are passed whole) and returns a tree of the results with ``tree``'s structure::

    model = tree_map(lambda p, g: p - lr * g, model, dmodel)

It works on Python values (this function) and in compiled code, where inference
expands it for the trees' types into per-leaf calls (``myia.tree_map``, see
:mod:`myia.dialects.prims_list`), so gradients flow through it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

__all__ = ["register_record_type", "tree_map"]


_RECORD_TYPES: list[type] = []
"""Classes of values tree_map treats as records (``class_name`` and ordered
``fields``; built as ``cls(class_name, fields)``): the runtime registers its
``Record`` (it sits above this module, and no record exists before it is loaded)."""


def register_record_type(cls: type) -> None:
    """Make ``tree_map`` map the fields of instances of ``cls`` (see _RECORD_TYPES)."""
    if cls not in _RECORD_TYPES:
        _RECORD_TYPES.append(cls)


def _mismatch(a: Any, b: Any) -> TypeError:
    return TypeError(
        f"tree_map: the trees do not have the same structure: {type(a).__name__} and "
        f"{type(b).__name__}"
    )


def tree_map(fn: Callable[..., Any], tree: Any, *rest: Any) -> Any:
    """``fn`` applied to the leaves of ``tree`` (and of ``rest``, which have the
    same structure), in a tree of ``tree``'s structure."""
    if tree is None:
        return None
    if isinstance(tree, tuple):
        for other in rest:
            if not isinstance(other, tuple) or len(other) != len(tree):
                raise _mismatch(tree, other)
        return tuple(tree_map(fn, *items) for items in zip(tree, *rest, strict=True))
    if isinstance(tree, list):
        for other in rest:
            if not isinstance(other, list):
                raise _mismatch(tree, other)
            if len(other) < len(tree):
                raise IndexError("list index out of range")
        return [tree_map(fn, x, *(other[i] for other in rest)) for i, x in enumerate(tree)]
    if dataclasses.is_dataclass(tree) and not isinstance(tree, type):
        cls = type(tree)
        for other in rest:
            if type(other) is not cls:
                raise _mismatch(tree, other)
        obj = object.__new__(cls)
        for f in dataclasses.fields(tree):
            value = tree_map(fn, getattr(tree, f.name), *(getattr(o, f.name) for o in rest))
            object.__setattr__(obj, f.name, value)
        return obj
    if isinstance(tree, tuple(_RECORD_TYPES)):
        record = type(tree)
        for other in rest:
            if not isinstance(other, record) or list(other.fields) != list(tree.fields):
                raise _mismatch(tree, other)
        return record(
            tree.class_name,
            [(n, tree_map(fn, v, *(o.fields[n] for o in rest))) for n, v in tree.fields.items()],
        )
    return fn(tree, *rest)
