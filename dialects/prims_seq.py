"""Sequence and iteration primitives: ``len``, indexing, slicing, ``in``, and the
iterator protocol that ``for`` loops are built on.

Iterators are immutable values: ``next`` returns the element *and* the advanced
iterator, so a ``for`` loop is a tail-recursive function of its iterator. A tuple
is its own iterator (``next`` returns its head and its tail), which lets a loop
over a heterogeneous tuple be specialized element by element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from myia.dialects.primitive import primitive


@dataclass(frozen=True)
class RangeIterator:
    """The state of ``for i in range(start, stop, step)``."""

    current: int
    stop: int
    step: int


@dataclass(frozen=True)
class SequenceIterator:
    """The state of a loop over a list or an array (its first axis)."""

    seq: Any
    index: int


@dataclass(frozen=True)
class ZipIterator:
    iterators: tuple[Any, ...]


@dataclass(frozen=True)
class EnumerateIterator:
    count: int
    iterator: Any


@primitive("len", 1)
def _len(x: Any) -> int:
    """len(x)"""
    return len(x)


@primitive("getitem", 2)
def _getitem(x: Any, index: Any) -> Any:
    """x[index], where index is an int or a slice"""
    return x[index]


@primitive("slice", 3)
def _slice(start: Any, stop: Any, step: Any) -> slice:
    """start:stop:step (each may be None)"""
    return slice(start, stop, step)


@primitive("contains", 2)
def _contains(container: Any, item: Any) -> bool:
    """item in container"""
    return item in container


@primitive("range", 3)
def _range(start: int, stop: int, step: int) -> range:
    """range(start, stop, step)"""
    return range(start, stop, step)


@primitive("zip", (1, 16))
def _zip(*seqs: Any) -> ZipIterator:
    """zip(a, b, ...)"""
    return ZipIterator(tuple(_iter(s) for s in seqs))


@primitive("enumerate", 2)
def _enumerate(seq: Any, start: int) -> EnumerateIterator:
    """enumerate(seq, start)"""
    return EnumerateIterator(start, _iter(seq))


def _iter(x: Any) -> Any:
    if isinstance(x, range):
        return RangeIterator(x.start, x.stop, x.step)
    if isinstance(x, tuple | RangeIterator | ZipIterator | EnumerateIterator):
        return x
    if isinstance(x, SequenceIterator):
        return x
    if hasattr(x, "__len__") and hasattr(x, "__getitem__"):
        return SequenceIterator(x, 0)
    raise TypeError(f"'{type(x).__name__}' object is not iterable")


def _hasnext(it: Any) -> bool:
    if isinstance(it, tuple):
        return len(it) > 0
    if isinstance(it, RangeIterator):
        return it.current < it.stop if it.step > 0 else it.current > it.stop
    if isinstance(it, SequenceIterator):
        return it.index < len(it.seq)
    if isinstance(it, ZipIterator):
        return all(_hasnext(i) for i in it.iterators)
    if isinstance(it, EnumerateIterator):
        return _hasnext(it.iterator)
    raise TypeError(f"'{type(it).__name__}' object is not an iterator")


def _next(it: Any) -> tuple[Any, Any]:
    if isinstance(it, tuple):
        return it[0], it[1:]
    if isinstance(it, RangeIterator):
        return it.current, RangeIterator(it.current + it.step, it.stop, it.step)
    if isinstance(it, SequenceIterator):
        return it.seq[it.index], SequenceIterator(it.seq, it.index + 1)
    if isinstance(it, ZipIterator):
        pairs = [_next(i) for i in it.iterators]
        return tuple(p[0] for p in pairs), ZipIterator(tuple(p[1] for p in pairs))
    if isinstance(it, EnumerateIterator):
        value, rest = _next(it.iterator)
        return (it.count, value), EnumerateIterator(it.count + 1, rest)
    raise TypeError(f"'{type(it).__name__}' object is not an iterator")


primitive("iter", 1)(_iter).doc = "iter(x): the iterator a for loop starts from"
primitive("hasnext", 1)(_hasnext).doc = "whether the iterator has an element left"
primitive("next", 1)(_next).doc = "(element, advanced iterator)"
