"""numpy arrays across the boundary of compiled code.

Arguments are not copied: an array's leaves are its data pointer, its sizes and
its strides in elements (see :mod:`myia.lowering.arrays.array_codegen`), read from
numpy's own buffer, views (transposes, steps, negative strides) included. Only
arrays numpy could not describe that way (a byte order other than the machine's,
misaligned data, strides not a multiple of the item size) are copied first.

Results: an array made by an op of the entry function that returns it directly
(``myia.result``, see ``myia-mark-results``) is not copied. Of a static shape, it
is a result slot: numpy allocates it just before the call and the compiled code
writes into it (``myia_alloc_result_slot``); of a shape known only at run time,
it is allocated outside the arena (``myia_alloc_result``) and becomes a numpy
array that owns that memory (freed with it). Any other array in the result (a view of an argument, an
array made in a loop) is copied out of the call's arena by the result converter,
before the arena is rewound; memory stays flat however many calls are made.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute

from myia.dialects.abstract import dtype_of_type
from myia.dialects.types import has_tensor
from myia.lowering.arrays.results import MAX_RESULT_SLOTS

_KEEP: list[Any] = []
"""Copies made for the current call's arguments (kept alive until it returns)."""

_LIBC = ctypes.CDLL(None)
_LIBC.free.argtypes = [ctypes.c_void_p]
_RESULTS: tuple[Any, Any] | None = None
"""The runtime's list of result allocations: (array of 64 pointers, count)."""

_SLOTS: Any = None
"""The runtime's result slots: (64 pointers, their sizes in bytes), the arrays
numpy allocated for the call."""

MAX_SLOTS = MAX_RESULT_SLOTS


def bind_results(
    list_address: int, count_address: int, slots_address: int, sizes_address: int
) -> None:
    global _RESULTS, _SLOTS
    _RESULTS = (
        (ctypes.c_uint64 * 64).from_address(list_address),
        ctypes.c_int64.from_address(count_address),
    )
    _SLOTS = (
        (ctypes.c_uint64 * MAX_SLOTS).from_address(slots_address),
        (ctypes.c_int64 * MAX_SLOTS).from_address(sizes_address),
    )


def _result_pointers() -> dict[int, None]:
    if _RESULTS is None:
        return {}
    table, count = _RESULTS
    return dict.fromkeys(table[: count.value])


def _release_results(owned: dict[int, Any]) -> None:
    """Free the listed result allocations nobody took, and empty the list."""
    if _RESULTS is None:
        return
    table, count = _RESULTS
    for ptr in table[: count.value]:
        if ptr not in owned:
            _LIBC.free(ptr)
    count.value = 0


class _Owner:
    """Owns a result allocation: numpy arrays made of it keep it alive, the last
    one to go frees it."""

    __slots__ = ("__array_interface__", "_ptr")

    def __init__(self, ptr: int, shape: tuple[int, ...], typestr: str):
        self._ptr = ptr
        self.__array_interface__ = {
            "data": (ptr, False),
            "shape": shape,
            "typestr": typestr,
            "version": 3,
        }

    def __del__(self) -> None:
        _LIBC.free(self._ptr)


def _interface_pointer(v: np.ndarray) -> int:
    return v.__array_interface__["data"][0]


def _struct_pointer(v: np.ndarray) -> int:
    # numpy's PyArrayObject starts with its data pointer, after the object
    # header (PyArray_DATA): several times cheaper than __array_interface__,
    # which builds a dict (figures in bench/RESULTS.md).
    return _POINTER_AT(id(v) + _HEADER).value


_POINTER_AT = ctypes.c_void_p.from_address
_HEADER = object.__basicsize__
_probe = np.arange(3.0)[1:]
data_pointer: Callable[[np.ndarray], int] = (
    _struct_pointer if _struct_pointer(_probe) == _interface_pointer(_probe) else _interface_pointer
)
"""The address of an array's first element (checked once against
``__array_interface__``; that is used if the layout ever differs)."""
del _probe


def array_flattener(t: TensorType) -> Callable[[Any, list[Any]], None]:
    dtype = np.dtype(dtype_of_type(t.element_type))
    itemsize = dtype.itemsize
    ndim = len(t.get_shape())

    def flat_array(v: Any, out: list[Any]) -> None:
        if v.__class__ is not np.ndarray or v.dtype != dtype:
            v = np.asarray(v, dtype=dtype)
            _KEEP.append(v)  # (a copy: alive until the call returns)
        flags = v.flags
        if not (flags.aligned and v.dtype.isnative) or (
            not flags.c_contiguous and any(s % itemsize for s in v.strides)
        ):
            v = np.ascontiguousarray(v, dtype=dtype.newbyteorder("="))
            _KEEP.append(v)
        if v.ndim != ndim:
            raise TypeError(f"expected an array of {ndim} dimension(s), got {v.ndim}")
        out.append(data_pointer(v))
        out.extend(v.shape)
        out.extend([s // itemsize for s in v.strides])

    return flat_array


def array_builder(t: TensorType) -> tuple[int, Callable[[tuple[Any, ...], int], Any]]:
    """Leaves -> a numpy array: the result allocation itself when the leaves
    point to one, else a copy of the memory they describe."""
    dtype = np.dtype(dtype_of_type(t.element_type))
    itemsize = dtype.itemsize
    n = len(t.get_shape())

    typestr = dtype.str

    def build_array(r: tuple[Any, ...], i: int) -> Any:
        owned = _OWNED[-1] if _OWNED else None
        ptr = r[i]
        shape = r[i + 1 : i + 1 + n]
        strides = r[i + 1 + n : i + 1 + 2 * n]
        if owned is not None and ptr in owned and _contiguous(shape, strides):
            # a result allocation, as it was made: no copy (a view of it, such as
            # its transpose returned beside it, is copied below)
            made = owned[ptr]
            if made is None:
                made = owned[ptr] = np.asarray(_Owner(ptr, tuple(shape), typestr))
            if made.size == _size(shape):
                return made if made.shape == tuple(shape) else made.reshape(shape)
        if any(d == 0 for d in shape) or not ptr:
            return np.zeros(shape, dtype)
        lo = sum(min(0, (d - 1) * s) for d, s in zip(shape, strides))
        hi = sum(max(0, (d - 1) * s) for d, s in zip(shape, strides))
        nbytes = (hi - lo + 1) * itemsize
        buffer = (ctypes.c_char * nbytes).from_address(ptr + lo * itemsize)
        view = np.ndarray(
            shape,
            dtype,
            buffer=buffer,
            offset=-lo * itemsize,
            strides=[s * itemsize for s in strides],
        )
        return view.copy()

    return 1 + 2 * n, build_array


def _size(shape: Sequence[int]) -> int:
    size = 1
    for d in shape:
        size *= d
    return size


def _contiguous(shape: Sequence[int], strides: Sequence[int]) -> bool:
    """Whether strides (in elements) are those of a C-contiguous array of ``shape``
    (a dimension of length one may have any stride)."""
    expected = 1
    for d, s in zip(reversed(shape), reversed(strides)):
        if d != 1 and s != expected:
            return False
        expected *= d
    return True


def array_runner(
    call: Callable[..., Any],
    flatteners: list[Callable[[Any, list[Any]], None]],
    build: Any = None,
    converter: Any = None,
) -> Callable[..., Any]:
    """The Python callable of an entry point taking or returning arrays;
    ``build`` rebuilds the result from the leaves (None: the call does it);
    ``converter`` (a :func:`result_converter`'s) provides the result slots."""
    provide = getattr(converter, "provide", None)
    withdraw = getattr(converter, "withdraw", None)

    def run(*args: Any) -> Any:
        global _ACTIVE
        leaves: list[Any] = []
        outer = _ACTIVE
        if outer:
            suspended = _suspend_call()
        elif _RESULTS is not None and _RESULTS[1].value:
            _release_results({})  # left by a call that failed
        _ACTIVE = outer + 1
        kept = len(_KEEP)
        try:
            for flat, arg in zip(flatteners, args, strict=True):
                flat(arg, leaves)
            if provide is None:
                result = call(*leaves)
            else:
                provide()
                try:
                    result = call(*leaves)
                finally:
                    withdraw()
        finally:
            del _KEEP[kept:]
            _ACTIVE = outer
            if outer:
                _resume_call(suspended)
        return result if build is None else build(result, 0)

    return run


_ACTIVE = 0
"""Calls of compiled code with arrays under way: more than one when a Python
signal handler, run by a poll of compiled code (:mod:`.native_runtime`), calls
compiled code itself. The inner call then works on a result list and slots of
its own (:func:`_suspend_call`), and keeps the outer call's argument copies."""


def _suspend_call() -> tuple[list[int], list[int], list[int]]:
    """The outer call's listed results and result slots, taken off the runtime's
    tables for an inner call."""
    if _RESULTS is None or _SLOTS is None:
        return [], [], []
    table, count = _RESULTS
    slots, sizes = _SLOTS
    state = (table[: count.value], slots[:], sizes[:])
    count.value = 0
    for k in range(MAX_SLOTS):
        slots[k] = 0
    return state


def _resume_call(state: tuple[list[int], list[int], list[int]]) -> None:
    """Put back what :func:`_suspend_call` took (after the inner call)."""
    if _RESULTS is None or _SLOTS is None:
        return
    listed, slot_pointers, slot_sizes = state
    table, count = _RESULTS
    if count.value:
        _release_results({})  # the inner call failed
    table[: len(listed)] = listed
    count.value = len(listed)
    slots, sizes = _SLOTS
    slots[:] = slot_pointers
    sizes[:] = slot_sizes


def result_converter(
    entry: str,
    result_type: Attribute,
    build: Callable[[tuple[Any, ...], int], Any],
    slot_types: Sequence[TensorType] = (),
) -> dict[str, Callable[[tuple[Any, ...]], Any]] | None:
    """The result converter of an entry returning arrays (None if it returns
    none), rebuilding the result with ``build`` (a
    :func:`~myia.runtime.conversion.builder`'s). Its ``provide()`` allocates the
    arrays of the result slots (of ``slot_types``: see ``myia-mark-results``)
    before a call: the converter returns them as they are."""
    if not has_tensor(result_type):
        return None
    empty = np.empty
    slots = [(tuple(t.get_shape()), np.dtype(dtype_of_type(t.element_type))) for t in slot_types]
    given: list[dict[int, Any]] = []

    def provide() -> None:
        arrays = {}
        table, sizes = _SLOTS
        for k, (shape, dtype) in enumerate(slots):
            try:
                a = empty(shape, dtype)
            except MemoryError:  # the compiled code allocates it, or raises at its line
                table[k], sizes[k] = 0, 0
                continue
            p = data_pointer(a)
            table[k] = p
            sizes[k] = a.nbytes
            arrays[p] = a
        given.append(arrays)

    def withdraw() -> None:
        """After the call: the slots it did not take are emptied (a later call
        must not write into arrays nobody holds)."""
        table = _SLOTS[0]
        for k in range(len(slots)):
            table[k] = 0
        given.pop()

    def convert(raw: tuple[Any, ...]) -> Any:
        owned = _result_pointers()
        if given:
            owned.update(given[-1])
        _OWNED.append(owned)
        try:
            return build(raw, 0)
        finally:
            _OWNED.pop()
            _release_results({p: v for p, v in owned.items() if v is not None})

    convert.provide = provide if slots else None  # type: ignore[attr-defined]
    convert.withdraw = withdraw  # type: ignore[attr-defined]
    return {entry: convert}


_OWNED: list[dict[int, Any]] = []
"""The result allocations of the results being built (innermost last)."""
