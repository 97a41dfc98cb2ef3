"""The static types the generators track, so that every program they write is
one myia's typed backends accept: each variable keeps one type, both branches
of a conditional give the same type, a call's arguments match its function."""

from __future__ import annotations

from dataclasses import dataclass

INT = "int"
FLOAT = "float"
BOOL = "bool"
SCALARS = (INT, FLOAT, BOOL)


@dataclass(frozen=True)
class TupleT:
    items: tuple[Type, ...]


@dataclass(frozen=True)
class FnT:
    params: tuple[Type, ...]
    ret: Type


@dataclass(frozen=True)
class ArrayT:
    """A numpy array of a static shape (shapes are part of myia's signatures)."""

    shape: tuple[int, ...]
    dtype: str = "float64"


Type = str | TupleT | FnT | ArrayT


def float_leaves(t: Type, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """The index paths of the float scalars inside a value of type ``t``."""
    if t == FLOAT:
        return [path]
    if isinstance(t, TupleT):
        return [p for i, item in enumerate(t.items) for p in float_leaves(item, (*path, i))]
    return []


def is_homogeneous(t: Type) -> bool:
    return isinstance(t, TupleT) and len(t.items) > 0 and len(set(t.items)) == 1


def contains_fn(t: Type) -> bool:
    if isinstance(t, FnT):
        return True
    return isinstance(t, TupleT) and any(contains_fn(i) for i in t.items)
