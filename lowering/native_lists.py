"""Lists in native code.

A ``!myia.list<T>`` is two leaves (see :mod:`myia.lowering.layout`): a pointer
to its *buffer* and its length (``i64``). The buffer is in the call's arena
(``myia_alloc``; lists that Python passes in are buffers Python made); it starts
with two ``i64`` -- its capacity and how many elements are *used* -- followed by
the elements. Each element is the leaves of ``T``, one 8-byte slot per leaf
(the calling convention's slots: :mod:`myia.runtime.abi`); bools are one byte.
An empty list may have a null buffer.

Lists are immutable values that share buffers: a list is a prefix of its
buffer's used part, and many lists may be prefixes of one buffer. Appending to
the list that *is* the used part, when there is room, writes the element in
place and bumps ``used``; any other append copies into a new buffer of twice the
size. So ``xs = xs + [x]`` in a loop is amortized O(1), and no list ever sees
another one change (a list only reads its own prefix; only the longest list of
a buffer can extend it). Buffers from Python have ``capacity == used ==
length``: they are never written.

Operations: ``make_list``, ``len``, ``list_getitem`` (and ``getitem`` with an
index known to be valid; an index out of range raises ``IndexError``),
``list_append``, ``list_concat``, ``list_slice`` (a prefix is O(1): it shares
the buffer), ``list_repeat``, and casts between list types.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects import arith, llvm
from xdsl.dialects.builtin import IntegerType, i64
from xdsl.ir import Attribute, SSAValue

from myia.dialects.primitive import PRIMITIVES
from myia.dialects.types import ListType
from myia.lowering.arrays.array_codegen import (
    add,
    cmp,
    const,
    for_loop,
    if_then_else,
    known,
    load,
    mul,
    smax,
    store,
    sub,
)
from myia.lowering.layout import POINTER

Builder = Any
HEADER = 2
"""Slots before the first element: capacity, used."""
INDEX_ERROR = 8  # myia.lowering.llvm.runtime_decls.ErrorCode.INDEX
I1 = IntegerType(1)


class ListLayout:
    """The element leaves of a list type in one lowering."""

    def __init__(self, b: Builder, t: Attribute):
        assert isinstance(t, ListType), t
        self.t = t
        self.types = b.layout.leaves(t.element)
        self.m = len(self.types)

    def slot(self, b: Builder, buf: SSAValue, index: SSAValue) -> SSAValue:
        """The address of slot ``index`` of a buffer (0 is the capacity)."""
        return b.emit(llvm.GEPOp.from_mixed_indices(buf, [index], i64))

    def element_slot(self, b: Builder, buf: SSAValue, k: SSAValue, j: int = 0) -> SSAValue:
        index = add(b, const(b, HEADER + j), mul(b, k, const(b, self.m)))
        return self.slot(b, buf, index)

    def load(self, b: Builder, buf: SSAValue, k: SSAValue) -> list[SSAValue]:
        return [load(b, self.element_slot(b, buf, k, j), t) for j, t in enumerate(self.types)]

    def store(self, b: Builder, buf: SSAValue, k: SSAValue, leaves: Sequence[SSAValue]) -> None:
        for j, (v, t) in enumerate(zip(leaves, self.types, strict=True)):
            store(b, self.element_slot(b, buf, k, j), v, t)

    def header(self, b: Builder, buf: SSAValue) -> tuple[SSAValue, SSAValue]:
        cap = b.emit(llvm.LoadOp(self.slot(b, buf, const(b, 0)), i64))
        used = b.emit(llvm.LoadOp(self.slot(b, buf, const(b, 1)), i64))
        return cap, used

    def set_used(self, b: Builder, buf: SSAValue, used: SSAValue) -> None:
        b.emit(llvm.StoreOp(used, self.slot(b, buf, const(b, 1))))

    def allocate(self, b: Builder, capacity: SSAValue, used: SSAValue) -> SSAValue:
        slots = add(b, const(b, HEADER), mul(b, capacity, const(b, self.m)))
        nbytes = mul(b, slots, const(b, 8))
        (buf,) = b.call_runtime("myia_alloc", [nbytes], [POINTER])
        b.emit(llvm.StoreOp(capacity, self.slot(b, buf, const(b, 0))))
        self.set_used(b, buf, used)
        return buf

    def copy(
        self,
        b: Builder,
        dst: SSAValue,
        at: SSAValue,
        src: SSAValue,
        start: SSAValue,
        count: SSAValue,
    ) -> None:
        """Elements ``start .. start + count`` of ``src`` to ``at ..`` of ``dst``."""
        if self.m == 0 or known(count) == 0:
            return
        to = self.element_slot(b, dst, at)
        frm = self.element_slot(b, src, start)
        nbytes = mul(b, count, const(b, 8 * self.m))
        b.call_runtime("memcpy", [to, frm, nbytes], [POINTER])


def is_null(b: Builder, ptr: SSAValue) -> SSAValue:
    address = b.emit(llvm.PtrToIntOp(ptr, i64))
    return cmp(b, "eq", address, const(b, 0))


def _grown(b: Builder, n: SSAValue) -> SSAValue:
    """The capacity of a new buffer for ``n`` elements: twice, at least 4."""
    return smax(b, mul(b, n, const(b, 2)), const(b, 4))


def has_room(b: Builder, lay: ListLayout, buf: SSAValue, n: SSAValue, extra: SSAValue) -> SSAValue:
    """Whether the list ``(buf, n)`` ends its buffer's used part and the buffer
    has room for ``extra`` more elements (false for a null buffer)."""

    def check() -> list[SSAValue]:
        cap, used = lay.header(b, buf)
        at_end = cmp(b, "eq", used, n)
        fits = cmp(b, "sle", add(b, n, extra), cap)
        return [b.emit(arith.AndIOp(at_end, fits))]

    return if_then_else(b, is_null(b, buf), lambda: [b.constant(0, I1)], check, [I1])[0]


def extend(
    b: Builder, lay: ListLayout, buf: SSAValue, n: SSAValue, extra: SSAValue, fill: Any
) -> SSAValue:
    """The buffer of ``(buf, n)`` extended by ``extra`` elements written by
    ``fill(new_buffer, n)``: in place when the list ends its buffer and there is
    room, else in a new buffer (twice as big) after a copy of the ``n`` first."""
    total = add(b, n, extra)

    def in_place() -> list[SSAValue]:
        fill(buf, n)
        lay.set_used(b, buf, total)
        return [buf]

    def copied() -> list[SSAValue]:
        new = lay.allocate(b, _grown(b, total), total)
        lay.copy(b, new, const(b, 0), buf, const(b, 0), n)
        fill(new, n)
        return [new]

    return if_then_else(b, has_room(b, lay, buf, n, extra), in_place, copied, [POINTER])[0]


# ---------------------------------------------------------------------------
# Lower rules


def lower_make_list(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    lay = ListLayout(b, op.results[0].type)
    n = len(leaves)
    if n == 0:
        return [b.constant(0, POINTER), const(b, 0)]
    count = const(b, n)
    buf = lay.allocate(b, count, count)
    for k, element in enumerate(leaves):
        lay.store(b, buf, const(b, k), element)
    return [buf, count]


def lower_len(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    if not isinstance(types[0], ListType):
        raise NotImplementedError(f"len of {types[0]}")
    return [leaves[0][1]]


def lower_getitem(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """``xs[i]`` for an i64 ``i``: IndexError unless ``0 <= i < len(xs)``."""
    if not isinstance(types[0], ListType):
        raise NotImplementedError(f"getitem of {types[0]}")
    lay = ListLayout(b, types[0])
    (buf, n), (i,) = leaves
    b.raise_if(
        cmp(b, "uge", i, n), INDEX_ERROR, "list index out of range"
    )  # (unsigned: i < 0 is huge)
    return lay.load(b, buf, i)


def lower_list_set(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """``xs[i] = x`` in place (on sensitivities nothing else reads)."""
    lay = ListLayout(b, types[0])
    (buf, n), (i,), x = leaves
    lay.store(b, buf, i, x)
    return [buf, n]


def lower_list_append(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    lay = ListLayout(b, types[0])
    (buf, n), x = leaves
    new = extend(b, lay, buf, n, const(b, 1), lambda dst, at: lay.store(b, dst, at, x))
    return [new, add(b, n, const(b, 1))]


def lower_list_concat(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    lay = ListLayout(b, types[0])
    (ba, na), (bb, nb) = leaves

    def general() -> list[SSAValue]:
        def fill(dst: SSAValue, at: SSAValue) -> None:
            lay.copy(b, dst, at, bb, const(b, 0), nb)

        return [extend(b, lay, ba, na, nb, fill)]

    def unless_a_empty() -> list[SSAValue]:
        return if_then_else(b, cmp(b, "eq", na, const(b, 0)), lambda: [bb], general, [POINTER])

    buf = if_then_else(b, cmp(b, "eq", nb, const(b, 0)), lambda: [ba], unless_a_empty, [POINTER])[0]
    return [buf, add(b, na, nb)]


def _slice_count(b: Builder, start: SSAValue, stop: SSAValue, step: int) -> SSAValue:
    """``len(range(start, stop, step))`` for a constant step."""
    if step > 0:
        span = add(b, sub(b, stop, start), const(b, step - 1))
    else:
        span = add(b, sub(b, start, stop), const(b, -step - 1))
    count = span if abs(step) == 1 else b.emit(arith.DivSIOp(span, const(b, abs(step))))
    return smax(b, count, const(b, 0))


def lower_list_slice(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """``[xs[i] for i in range(start, stop, step)]`` (bounds normalized): a
    prefix shares the buffer, anything else is copied."""
    lay = ListLayout(b, types[0])
    (buf, _), (start,), (stop,), (step_value,) = leaves
    step = known(step_value)
    if step is None:
        raise NotImplementedError("list_slice with a step known only at run time")
    count = _slice_count(b, start, stop, step)
    if step == 1 and known(start) == 0:
        return [buf, count]  # a prefix: the same buffer
    empty = cmp(b, "eq", count, const(b, 0))

    def copy() -> list[SSAValue]:
        new = lay.allocate(b, count, count)
        if step == 1:
            lay.copy(b, new, const(b, 0), buf, start, count)
        elif lay.m:

            def body(k: SSAValue, carried: list[SSAValue]) -> None:
                src = add(b, start, mul(b, k, const(b, step)))
                lay.store(b, new, k, lay.load(b, buf, src))

            for_loop(b, const(b, 0), count, body)
        return [new]

    new = if_then_else(b, empty, lambda: [b.constant(0, POINTER)], copy, [POINTER])[0]
    return [new, count]


def lower_list_repeat(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    lay = ListLayout(b, types[0])
    (buf, n), (times,) = leaves
    times = smax(b, times, const(b, 0))
    count = mul(b, n, times)
    empty = cmp(b, "eq", count, const(b, 0))

    def copy() -> list[SSAValue]:
        new = lay.allocate(b, count, count)

        def body(k: SSAValue, carried: list[SSAValue]) -> None:
            lay.copy(b, new, mul(b, k, n), buf, const(b, 0), n)

        for_loop(b, const(b, 0), times, body)
        return [new]

    new = if_then_else(b, empty, lambda: [b.constant(0, POINTER)], copy, [POINTER])[0]
    return [new, count]


def lower_list_contains(b: Builder, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """``x in xs``: every element compared leaf by leaf (floats ordered-equal)."""
    from myia.lowering.scalar_rules import is_float

    lay = ListLayout(b, types[0])
    (buf, n), x = leaves

    def body(k: SSAValue, carried: list[SSAValue]) -> list[SSAValue]:
        element = lay.load(b, buf, k)
        same = b.constant(1, I1)
        for a, c in zip(element, x, strict=True):
            if is_float(a.type):
                eq = b.emit(arith.CmpfOp(a, c, "oeq"))
            else:
                eq = b.emit(arith.CmpiOp(a, c, "eq"))
            same = b.emit(arith.AndIOp(same, eq))
        return [b.emit(arith.OrIOp(carried[0], same))]

    return for_loop(b, const(b, 0), n, body, [b.constant(0, I1)])


def lower_list_cast(
    b: Builder, leaves: list[SSAValue], source: ListType, target: ListType
) -> list[SSAValue]:
    """A list converted to another list type, element by element (the same
    leaves when the elements are stored alike)."""
    from myia.lowering.scalar_rules import convert_leaves

    src, dst = ListLayout(b, source), ListLayout(b, target)
    buf, n = leaves
    if src.types == dst.types:
        return list(leaves)
    if src.m == 0:
        # A list of no-value elements is empty (``[]`` before it met a type).
        return [b.constant(0, POINTER), const(b, 0)]
    if dst.m == 0:
        return [b.constant(0, POINTER), n]  # elements without leaves: no buffer needed
    empty = cmp(b, "eq", n, const(b, 0))

    def convert() -> list[SSAValue]:
        new = dst.allocate(b, n, n)

        def body(k: SSAValue, carried: list[SSAValue]) -> None:
            element = src.load(b, buf, k)
            dst.store(b, new, k, convert_leaves(b, element, source.element, target.element))

        for_loop(b, const(b, 0), n, body)
        return [new]

    new = if_then_else(b, empty, lambda: [b.constant(0, POINTER)], convert, [POINTER])[0]
    return [new, n]


_REGISTERED = False


def register_lowering() -> None:
    """Install the lower rules of the list primitives (once)."""
    global _REGISTERED
    if _REGISTERED:
        return
    _REGISTERED = True
    rules = {
        "make_list": lower_make_list,
        "list_getitem": lower_getitem,
        "list_append": lower_list_append,
        "list_concat": lower_list_concat,
        "list_slice": lower_list_slice,
        "list_repeat": lower_list_repeat,
        "list_set": lower_list_set,
        "list_contains": lower_list_contains,
    }
    # Typed, ``len`` and ``getitem`` are on lists only (tuples' are expanded).
    rules.update(len=lower_len, getitem=lower_getitem)
    for name, rule in rules.items():
        PRIMITIVES[name].rules.register("lower", rule)
