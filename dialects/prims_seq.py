"""Sequence and iteration primitives: ``len``, indexing, slicing, ``in``, and the
iterator protocol that ``for`` loops are built on.

Iterators are immutable values: ``next`` returns the element *and* the advanced
iterator, so a ``for`` loop is a tail-recursive function of its iterator. A tuple
is its own iterator (``next`` returns its head and its tail), which lets a loop
over a heterogeneous tuple be specialized element by element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from myia.dialects.abstract import (
    BOTTOM,
    INT64,
    Abstract,
    AbstractArray,
    AbstractBottom,
    AbstractEnumerate,
    AbstractList,
    AbstractNone,
    AbstractRange,
    AbstractScalar,
    AbstractSequenceIterator,
    AbstractSlice,
    AbstractString,
    AbstractTuple,
    AbstractZip,
    JoinError,
    broaden,
    join,
    scalar,
    to_type,
)
from myia.dialects.ops_value import TupleGetOp
from myia.dialects.primitive import PRIMITIVES, expand_rule, infer_rule, primitive
from myia.dialects.prims_scalar import equality
from myia.dialects.rules_util import (
    BOOL_RESULT,
    I64,
    INTEGRAL,
    PY_INT,
    all_of,
    any_of,
    apply,
    bool_const,
    combine_bools,
    get_i64,
    i64_const,
    is_const,
    is_scalar,
    make_tuple,
    py_value,
    quoted,
    tuple_get,
    type_error,
)


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


INDEX_ERRORS = {
    "tuple_index": "tuple index out of range",
    "range_index": "range object index out of range",
}
"""CPython's message for an index out of range, by the primitive that checks it."""


def _index_primitive(name: str, kind: str) -> None:
    message = INDEX_ERRORS[name]

    def impl(i: int, n: int) -> int:
        if not -n <= i < n:
            raise IndexError(message)
        return i + n if i < 0 else i

    impl.__doc__ = (
        f"index i of a {kind} of length n, from the end when negative (i + n); "
        f"IndexError ({message}) unless -n <= i < n"
    )
    impl.__name__ = name
    primitive(name, 2)(impl)


_index_primitive("tuple_index", "tuple")
_index_primitive("range_index", "range")


# ---------------------------------------------------------------------------
# Inference and expansion rules
#
# In typed IR, iterators are tuples of their state (see ``to_type``): a range is
# ``(current, stop, step)`` of i64, ``enumerate`` is ``(count, inner)``, ``zip`` is
# ``(inners...)``, an iterator over a list is ``(list, index)``; a tuple is its own
# iterator. Anything about a tuple's length is known at compile time, so loops over
# tuples unroll; the rest is computed with i64 ops. ``t[i]`` (``t`` a homogeneous
# tuple indexed at run time) and ``range(n)[i]`` check the index (``tuple_index``,
# ``range_index``: IndexError as in Python) before choosing the element.


BOOL_TYPE = scalar("bool")


def _arrays_not_yet(what: str, a: Abstract) -> None:
    if isinstance(a, AbstractArray):
        type_error(f"{what} of an array ({a}) is not supported yet")


def _int_arg(a: Abstract, what: str) -> AbstractScalar:
    if not is_scalar(a, INTEGRAL):
        type_error(f"{quoted(a)} object cannot be interpreted as an integer ({what})")
    return a


def _prim(ex, name, result, *args):
    return ex.prim(name, *args, result=result)


# -- ranges: helpers on (start, stop, step) ------------------------------------


def _range_parts(ex, value, a: AbstractRange):
    """start (or current), stop and step of a typed range; the step is a constant
    when it is known."""
    step = i64_const(ex, a.step) if a.step is not None else get_i64(ex, value, 2)
    return get_i64(ex, value, 0), get_i64(ex, value, 1), step


def _range_not_done(ex, value, a: AbstractRange):
    """Whether a range has an element at ``current``: ``cur < stop`` for a positive
    step, ``cur > stop`` for a negative one."""
    cur, stop, step = _range_parts(ex, value, a)
    if a.step is not None:
        return _prim(ex, "lt" if a.step > 0 else "gt", BOOL_TYPE, cur, stop)
    up = _prim(ex, "lt", BOOL_TYPE, cur, stop)
    down = _prim(ex, "gt", BOOL_TYPE, cur, stop)
    positive = _prim(ex, "gt", BOOL_TYPE, step, i64_const(ex, 0))
    return _prim(ex, "select", BOOL_TYPE, positive, up, down)


def _range_advance(ex, cur, stop, step, a: AbstractRange):
    """The current element of a range plus its step, or its stop where that sum
    would not fit in 64 bits (it is past the stop then: the loop ends, where a
    wrapped sum would go on). With a step of 1 or -1 it always fits, since the
    current element is before the stop."""
    after = _prim(ex, "add", I64, cur, step)
    if a.step in (1, -1):
        return after
    top, bottom = 2**63 - 1, -(2**63)
    if a.step is not None:  # cur + step overflows past cur > top - step (or < bottom - step)
        limit = i64_const(ex, top - a.step if a.step > 0 else bottom - a.step)
        beyond = _prim(ex, "gt" if a.step > 0 else "lt", BOOL_TYPE, cur, limit)
    else:
        up = _prim(ex, "gt", BOOL_TYPE, cur, _prim(ex, "sub", I64, i64_const(ex, top), step))
        down = _prim(ex, "lt", BOOL_TYPE, cur, _prim(ex, "sub", I64, i64_const(ex, bottom), step))
        positive = _prim(ex, "gt", BOOL_TYPE, step, i64_const(ex, 0))
        beyond = _prim(ex, "select", BOOL_TYPE, positive, up, down)
    return _prim(ex, "select", I64, beyond, stop, after)


def _range_len(ex, value, a: AbstractRange):
    """Python's ``len(range(start, stop, step))``: ``max(0, ceil((stop - start) /
    step))``, computed as ``max(0, -((start - stop) // step))`` with floor division,
    which holds for either sign of the step."""
    start, stop, step = _range_parts(ex, value, a)
    if a.step == 1:
        count = _prim(ex, "sub", I64, stop, start)
    else:
        diff = _prim(ex, "sub", I64, start, stop)
        count = _prim(ex, "neg", I64, _prim(ex, "floordiv", I64, diff, step))
    return _prim(ex, "max", I64, count, i64_const(ex, 0))


def _normalize_index(ex, index, a: AbstractScalar, length):
    """An i64 index with Python's negative indices resolved; ``length`` is a thunk
    giving the sequence's length (only emitted when needed)."""
    index = ex.cast(index, a, I64)
    if a.kind in "bu" or (a.known and py_value(a) >= 0):
        return index
    negative = _prim(ex, "lt", BOOL_TYPE, index, i64_const(ex, 0))
    wrapped = _prim(ex, "add", I64, index, length())
    return _prim(ex, "select", I64, negative, wrapped, index)


@infer_rule("tuple_index", "range_index")
def _infer_index(args: list, op: object) -> Abstract:
    for a in args:
        _int_arg(a, "an index")
    return I64


# -- len -----------------------------------------------------------------------


@infer_rule("len")
def _infer_len(args: list, op: object) -> Abstract:
    (a,) = args
    if isinstance(a, AbstractTuple):
        return AbstractScalar(INT64, True, len(a.elements))
    if isinstance(a, AbstractString) and isinstance(a.value, str):
        return AbstractScalar(INT64, True, len(a.value))
    if isinstance(a, AbstractRange | AbstractList):
        return PY_INT
    if isinstance(a, AbstractArray):
        if not a.shape:
            type_error(f"len() of unsized object ({a})")
        return PY_INT if a.shape[0] is None else AbstractScalar(INT64, True, a.shape[0])
    type_error(f"object of type {quoted(a)} has no len()")


@expand_rule("len")
def _expand_len(ex, op, args, abstracts, result):
    (a,) = abstracts
    if isinstance(a, AbstractRange):
        return _range_len(ex, args[0], a)
    return None  # myia.len of a list (or an array's first dimension)


# -- getitem and slice -----------------------------------------------------------


def _slice_indices(s: AbstractSlice, length: int, what: str) -> range:
    parts: list[int | None] = []
    for part in (s.start, s.stop, s.step):
        if isinstance(part, AbstractNone):
            parts.append(None)
        elif is_const(part) and part.kind in INTEGRAL:
            parts.append(py_value(part))
        else:
            type_error(f"slicing a {what} needs constant bounds (or None), not {quoted(part)}")
    if parts[2] == 0:
        type_error("slice step cannot be zero")
    return range(*slice(*parts).indices(length))


def _tuple_index(t: AbstractTuple, index: AbstractScalar) -> int | None:
    """The position of the constant ``index`` in ``t``, None when it is out of
    range (Python's IndexError when the code runs)."""
    i, n = py_value(index), len(t.elements)
    if not -n <= i < n:
        return None
    return i + n if i < 0 else i


def _homogeneous_element(t: AbstractTuple) -> Abstract:
    """The type of an element of ``t`` picked at run time: its elements must have
    one type. An empty tuple has no element: indexing it raises IndexError in
    Python, so the result has no value (BOTTOM), as after a call that never
    returns; code that only indexes when the tuple is non-empty (``for i in
    range(len(t)): t[i]``) still compiles for empty tuples."""
    if not t.elements:
        return BOTTOM
    try:
        element = broaden(t.elements[0])
        for e in t.elements[1:]:
            element = join(element, broaden(e))
        ok = all(to_type(e) == to_type(element) for e in t.elements)
    except (JoinError, TypeError):
        ok = False
    if not ok:
        type_error(f"the index of a heterogeneous tuple must be a constant: {t}")
    return element


@infer_rule("getitem")
def _infer_getitem(args: list, op: object) -> Abstract:
    seq, index = args
    _arrays_not_yet("indexing", seq)
    if isinstance(index, AbstractSlice):
        if isinstance(seq, AbstractTuple):
            return AbstractTuple(
                tuple(seq.elements[i] for i in _slice_indices(index, len(seq.elements), "tuple"))
            )
        if isinstance(seq, AbstractString) and isinstance(seq.value, str):
            r = _slice_indices(index, len(seq.value), "string")
            return AbstractString("".join(seq.value[i] for i in r))
        type_error(f"slicing a {quoted(seq)} is not supported")
    if not is_scalar(index, INTEGRAL):
        kind = "tuple" if isinstance(seq, AbstractTuple) else str(seq)
        type_error(f"{kind} indices must be integers or slices, not {quoted(index)}")
    if isinstance(seq, AbstractTuple):
        if is_const(index):
            i = _tuple_index(seq, index)
            # Out of range: no value, as after a call that never returns; the
            # op raises IndexError where it runs (see _getitem_never_returns).
            return BOTTOM if i is None else seq.elements[i]
        return _homogeneous_element(seq)
    if isinstance(seq, AbstractRange):
        return PY_INT
    if isinstance(seq, AbstractList):
        return seq.element
    if isinstance(seq, AbstractString) and isinstance(seq.value, str) and is_const(index):
        i = py_value(index)
        if not -len(seq.value) <= i < len(seq.value):
            type_error("string index out of range")
        return AbstractString(seq.value[i])
    type_error(f"{quoted(seq)} object is not subscriptable")


@expand_rule("getitem")
def _expand_getitem(ex, op, args, abstracts, result):
    seq, index = abstracts
    value = args[0]
    if isinstance(seq, AbstractTuple):
        if isinstance(index, AbstractSlice):
            indices = _slice_indices(index, len(seq.elements), "tuple")
            return make_tuple(ex, [tuple_get(ex, value, seq, i) for i in indices], result)
        if is_const(index):
            i = _tuple_index(seq, index)
            assert i is not None  # (out of range, the result is BOTTOM)
            return tuple_get(ex, value, seq, i)
        # t[i] with i known at run time: checked, then a chain of selects.
        n = len(seq.elements)
        i = _prim(ex, "tuple_index", I64, ex.cast(args[1], index, I64), i64_const(ex, n))
        elements = [
            ex.cast(tuple_get(ex, value, seq, k), seq.elements[k], result) for k in range(n)
        ]
        chosen = elements[-1]
        for k in range(n - 2, -1, -1):
            is_k = _prim(ex, "eq", BOOL_TYPE, i, i64_const(ex, k))
            chosen = _prim(ex, "select", result, is_k, elements[k], chosen)
        return chosen
    if isinstance(seq, AbstractRange):
        # range(start, stop, step)[i] == start + i * step
        length = _range_len(ex, value, seq)
        i = _prim(ex, "range_index", I64, ex.cast(args[1], index, I64), length)
        start, _, step = _range_parts(ex, value, seq)
        return _prim(ex, "add", I64, start, _prim(ex, "mul", I64, i, step))
    if isinstance(seq, AbstractList):
        length = lambda: apply(ex, "len", [value], [seq])[0]
        i = _normalize_index(ex, args[1], index, length)
        return _prim(ex, "getitem", result, value, i)
    raise AssertionError(f"getitem of {seq} should be constant")


def _getitem_never_returns(ex, op, args, abstracts) -> None:
    """``s[i]`` where inference found no value: a tuple indexed out of range (a
    constant index, or an empty tuple), or a list that is always empty. The
    check of the index remains, and raises Python's IndexError where the code
    runs."""
    seq, index = abstracts
    if not is_scalar(index, INTEGRAL):
        return
    if isinstance(seq, AbstractTuple):
        i = ex.cast(args[1], index, I64)
        _prim(ex, "tuple_index", I64, i, i64_const(ex, len(seq.elements)))
    elif isinstance(seq, AbstractList) and isinstance(seq.element, AbstractBottom):
        i = _normalize_index(ex, args[1], index, lambda: apply(ex, "len", [args[0]], [seq])[0])
        _prim(ex, "getitem", AbstractNone(), args[0], i)


PRIMITIVES["getitem"].rules["never_returns"] = _getitem_never_returns


@infer_rule("slice")
def _infer_slice(args: list, op: object) -> Abstract:
    for part in args:
        if not (isinstance(part, AbstractNone) or is_scalar(part, INTEGRAL)):
            type_error(f"slice indices must be integers or None, not {quoted(part)}")
    return AbstractSlice(*args)


@expand_rule("slice")
def _expand_slice(ex, op, args, abstracts, result):
    # A slice is the tuple of its parts (None parts are !myia.none).
    return make_tuple(ex, args)


# -- contains --------------------------------------------------------------------


def _contains_tuple(t: AbstractTuple, item: Abstract) -> AbstractScalar:
    return combine_bools([equality(e, item) for e in t.elements], conjunction=False)


@infer_rule("contains")
def _infer_contains(args: list, op: object) -> Abstract:
    container, item = args
    if isinstance(container, AbstractTuple):
        return _contains_tuple(container, item)
    if isinstance(container, AbstractRange):
        if is_scalar(item, INTEGRAL):
            return BOOL_RESULT
        if is_scalar(item):
            type_error(f"`in` a range is only supported for integers, not {quoted(item)}")
        return bool_const(False)  # None in range(3), (1,) in range(3)
    if isinstance(container, AbstractString) and isinstance(container.value, str):
        if isinstance(item, AbstractString) and isinstance(item.value, str):
            return bool_const(item.value in container.value)
        type_error(f"'in <string>' requires a constant string as left operand, not {quoted(item)}")
    _arrays_not_yet("`in`", container)
    if isinstance(container, AbstractList):
        type_error("`in` a list is not supported yet")
    type_error(f"argument of type {quoted(container)} is not iterable")


@expand_rule("contains")
def _expand_contains(ex, op, args, abstracts, result):
    container, item = abstracts
    if isinstance(container, AbstractTuple):
        conds = []
        for k, element in enumerate(container.elements):
            v = tuple_get(ex, args[0], container, k)
            value, abstract = apply(ex, "eq", [v, args[1]], [element, item])
            if not abstract.known:
                conds.append(value)
        return any_of(ex, conds)
    # x in range(start, stop, step): within the bounds and on the grid.
    assert isinstance(container, AbstractRange)
    x = ex.cast(args[1], item, I64)
    start, stop, step = _range_parts(ex, args[0], container)

    def bounds(positive: bool):
        if positive:  # start <= x < stop
            return all_of(
                ex, [_prim(ex, "le", BOOL_TYPE, start, x), _prim(ex, "lt", BOOL_TYPE, x, stop)]
            )
        return all_of(
            ex, [_prim(ex, "lt", BOOL_TYPE, stop, x), _prim(ex, "le", BOOL_TYPE, x, start)]
        )

    if container.step is not None:
        within = bounds(container.step > 0)
    else:
        positive = _prim(ex, "gt", BOOL_TYPE, step, i64_const(ex, 0))
        within = _prim(ex, "select", BOOL_TYPE, positive, bounds(True), bounds(False))
    if container.step in (1, -1):
        return within
    offset = _prim(ex, "mod", I64, _prim(ex, "sub", I64, x, start), step)
    on_grid = _prim(ex, "eq", BOOL_TYPE, offset, i64_const(ex, 0))
    return all_of(ex, [within, on_grid])


# -- range, zip, enumerate, iter -------------------------------------------------


@infer_rule("range")
def _infer_range(args: list, op: object) -> Abstract:
    for k, a in enumerate(args):
        _int_arg(a, f"range() argument {k + 1}")
    step = args[2]
    if is_const(step):
        if py_value(step) == 0:
            type_error("range() arg 3 must not be zero")
        return AbstractRange(int(py_value(step)))
    return AbstractRange(None)


@expand_rule("range")
def _expand_range(ex, op, args, abstracts, result):
    parts = [ex.cast(v, a, I64) for v, a in zip(args, abstracts, strict=True)]
    return make_tuple(ex, parts, result)


def iter_abstract(a: Abstract) -> Abstract:
    """The iterator ``iter(a)`` (for loops start from it)."""
    if isinstance(
        a,
        AbstractTuple | AbstractRange | AbstractZip | AbstractEnumerate | AbstractSequenceIterator,
    ):
        return a
    if isinstance(a, AbstractList):
        return AbstractSequenceIterator(a)
    if isinstance(a, AbstractString):
        type_error("iterating over a string is not supported")
    _arrays_not_yet("iterating over the rows", a)
    type_error(f"{quoted(a)} object is not iterable")


def _iter_value(ex, value, a: Abstract):
    if isinstance(a, AbstractList):
        return make_tuple(ex, [value, i64_const(ex, 0)], AbstractSequenceIterator(a))
    return value


@infer_rule("iter")
def _infer_iter(args: list, op: object) -> Abstract:
    return iter_abstract(args[0])


@expand_rule("iter")
def _expand_iter(ex, op, args, abstracts, result):
    return _iter_value(ex, args[0], abstracts[0])


@infer_rule("zip")
def _infer_zip(args: list, op: object) -> Abstract:
    return AbstractZip(tuple(iter_abstract(a) for a in args))


@expand_rule("zip")
def _expand_zip(ex, op, args, abstracts, result):
    return make_tuple(
        ex, [_iter_value(ex, v, a) for v, a in zip(args, abstracts, strict=True)], result
    )


@infer_rule("enumerate")
def _infer_enumerate(args: list, op: object) -> Abstract:
    seq, start = args
    _int_arg(start, "enumerate() start")
    return AbstractEnumerate(iter_abstract(seq))


@expand_rule("enumerate")
def _expand_enumerate(ex, op, args, abstracts, result):
    """``(start, position, iterator)``: the count of an element is ``start +
    position``, a Python int, exact or an OverflowError when it is taken (a
    count kept for the next element would overflow after an element counted
    ``2**63 - 1``)."""
    start = ex.cast(args[1], abstracts[1], I64)
    position = i64_const(ex, 0)
    return make_tuple(ex, [start, position, _iter_value(ex, args[0], abstracts[0])], result)


# -- hasnext and next --------------------------------------------------------------


def _not_an_iterator(a: Abstract) -> NoReturn:
    type_error(f"{quoted(a)} object is not an iterator")


def hasnext_abstract(a: Abstract) -> AbstractScalar:
    if isinstance(a, AbstractTuple):
        return bool_const(len(a.elements) > 0)
    if isinstance(a, AbstractRange | AbstractSequenceIterator):
        return BOOL_RESULT
    if isinstance(a, AbstractZip):
        return combine_bools([hasnext_abstract(i) for i in a.iterators], conjunction=True)
    if isinstance(a, AbstractEnumerate):
        return hasnext_abstract(a.iterator)
    _not_an_iterator(a)


@infer_rule("hasnext")
def _infer_hasnext(args: list, op: object) -> Abstract:
    return hasnext_abstract(args[0])


@expand_rule("hasnext")
def _expand_hasnext(ex, op, args, abstracts, result):
    (a,), (value,) = abstracts, args
    if isinstance(a, AbstractRange):
        return _range_not_done(ex, value, a)
    if isinstance(a, AbstractSequenceIterator):
        seq = ex.emit(TupleGetOp(value, 0, ex.type_of(a.sequence)))
        index = get_i64(ex, value, 1)
        length = apply(ex, "len", [seq], [a.sequence])[0]
        return _prim(ex, "lt", BOOL_TYPE, index, length)
    if isinstance(a, AbstractZip):
        conds = []
        for k, inner in enumerate(a.iterators):
            v = ex.emit(TupleGetOp(value, k, ex.type_of(inner)))
            cond, abstract = apply(ex, "hasnext", [v], [inner])
            if not abstract.known:
                conds.append(cond)
        return all_of(ex, conds)
    if isinstance(a, AbstractEnumerate):
        inner = ex.emit(TupleGetOp(value, 2, ex.type_of(a.iterator)))
        return apply(ex, "hasnext", [inner], [a.iterator])[0]
    raise AssertionError(f"hasnext of {a} should be constant")


def next_abstract(a: Abstract) -> AbstractTuple:
    """``(element, advanced iterator)``."""
    if isinstance(a, AbstractTuple):
        if not a.elements:
            type_error("next() of an exhausted tuple iterator")
        return AbstractTuple((a.elements[0], AbstractTuple(a.elements[1:])))
    if isinstance(a, AbstractRange):
        return AbstractTuple((PY_INT, a))
    if isinstance(a, AbstractSequenceIterator):
        if not isinstance(a.sequence, AbstractList):
            _arrays_not_yet("iterating over the rows", a.sequence)
            _not_an_iterator(a)
        return AbstractTuple((a.sequence.element, a))
    if isinstance(a, AbstractZip):
        pairs = [next_abstract(i) for i in a.iterators]
        return AbstractTuple(
            (
                AbstractTuple(tuple(p.elements[0] for p in pairs)),
                AbstractZip(tuple(p.elements[1] for p in pairs)),
            )
        )
    if isinstance(a, AbstractEnumerate):
        element, rest = next_abstract(a.iterator).elements
        return AbstractTuple((AbstractTuple((PY_INT, element)), AbstractEnumerate(rest)))
    _not_an_iterator(a)


def _next_values(ex, value, a: Abstract):
    """The element and the advanced iterator of a typed iterator."""
    if isinstance(a, AbstractTuple):
        rest = AbstractTuple(a.elements[1:])
        tail = [tuple_get(ex, value, a, k) for k in range(1, len(a.elements))]
        return tuple_get(ex, value, a, 0), make_tuple(ex, tail, rest)
    if isinstance(a, AbstractRange):
        cur, stop, step = _range_parts(ex, value, a)
        return cur, make_tuple(ex, [_range_advance(ex, cur, stop, step, a), stop, step], a)
    if isinstance(a, AbstractSequenceIterator):
        seq = ex.emit(TupleGetOp(value, 0, ex.type_of(a.sequence)))
        index = get_i64(ex, value, 1)
        assert isinstance(a.sequence, AbstractList)  # (next_abstract allows no other)
        element = _prim(ex, "getitem", a.sequence.element, seq, index)
        after = _prim(ex, "add", I64, index, i64_const(ex, 1))
        return element, make_tuple(ex, [seq, after], a)
    if isinstance(a, AbstractZip):
        elements, rests = [], []
        for k, inner in enumerate(a.iterators):
            v = ex.emit(TupleGetOp(value, k, ex.type_of(inner)))
            e, r = _next_values(ex, v, inner)
            elements.append(e)
            rests.append(r)
        return make_tuple(ex, elements), make_tuple(ex, rests)
    if isinstance(a, AbstractEnumerate):
        start, position = get_i64(ex, value, 0), get_i64(ex, value, 1)
        inner = ex.emit(TupleGetOp(value, 2, ex.type_of(a.iterator)))
        e, r = _next_values(ex, inner, a.iterator)
        count = _prim(ex, "add", PY_INT, start, position)  # (checked: a Python int)
        after = _prim(ex, "add", I64, position, i64_const(ex, 1))
        return make_tuple(ex, [count, e]), make_tuple(ex, [start, after, r])
    raise AssertionError(f"next of {a}")


@infer_rule("next")
def _infer_next(args: list, op: object) -> Abstract:
    return next_abstract(args[0])


@expand_rule("next")
def _expand_next(ex, op, args, abstracts, result):
    element, rest = _next_values(ex, args[0], abstracts[0])
    return make_tuple(ex, [element, rest], result)
