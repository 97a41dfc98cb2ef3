"""Python values across the boundary of compiled code (the ``cpu`` backend): a
value of each type flattened into the leaves a native call takes, and rebuilt
from the leaves it returns. Arrays are :mod:`.array_values`'; lists are here.

A list argument becomes a buffer that Python fills (see
:mod:`myia.lowering.native_lists` for the layout: capacity, used, then one 8-byte slot
per leaf of each element, packed with the calling convention's formats) and
keeps alive during the call; compiled code never writes into it (its capacity
is its length: an append copies). A list result is read back into a Python list
before the call's arena is rewound, each element rebuilt like a result of the
element's type (arrays are copied out of the arena).
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute

from myia.dialects.abstract import dtype_of_type
from myia.dialects.record_classes import RECORD_CLASSES
from myia.dialects.types import FunctionValueType, ListType, NoneType, RecordType, StringType
from myia.lowering.layout import Layout
from myia.lowering.llvm.capi import kind_of
from myia.runtime.abi import _FORMATS
from myia.runtime.array_values import _KEEP, array_builder, array_flattener
from myia.runtime.myia_values import Record

HEADER = 16


def flattener(t: Attribute) -> Callable[[Any, list[Any]], None]:
    """A function appending the leaves of a Python value of type ``t``."""
    if isinstance(t, IntegerType):
        if t.width.data == 1:
            return lambda v, out: out.append(bool(v))
        if is_u64(t):  # passed as the i64 of the same bits
            return lambda v, out: out.append(int(v) - ((int(v) >> 63) << 64))
        return lambda v, out: out.append(int(v))
    if isinstance(t, Float16Type | Float32Type | Float64Type):
        return lambda v, out: out.append(float(v))
    if isinstance(t, NoneType | StringType):
        return lambda v, out: None
    if isinstance(t, TupleType):
        parts = [flattener(e) for e in t.types.data]

        def flat_tuple(v: Any, out: list[Any]) -> None:
            for part, item in zip(parts, v, strict=True):
                part(item, out)

        return flat_tuple
    if isinstance(t, RecordType):
        fields = [(name, flattener(ft)) for name, ft in t.fields]

        def flat_record(v: Any, out: list[Any]) -> None:
            for name, part in fields:
                part(getattr(v, name), out)

        return flat_record
    if isinstance(t, TensorType):
        return array_flattener(t)
    if isinstance(t, ListType):
        return list_flattener(t)
    raise TypeError(f"the cpu backend cannot take an argument of type {t} yet")


def builder(t: Attribute) -> tuple[int, Callable[[tuple[Any, ...], int], Any]]:
    """How many leaves a value of type ``t`` has, and a function rebuilding it
    from the result leaves at an offset."""
    if isinstance(t, IntegerType | Float16Type | Float32Type | Float64Type):
        dtype = dtype_of_type(t)
        if dtype == "bool":
            return 1, lambda r, i: bool(r[i])
        if dtype == "int64":
            return 1, lambda r, i: int(r[i])
        if dtype == "float64":
            return 1, lambda r, i: float(r[i])
        np_type = np.dtype(dtype).type
        if isinstance(t, IntegerType) and t.signedness.data == Signedness.UNSIGNED:
            width = t.width.data
            return 1, lambda r, i: np_type(r[i] % (1 << width))
        return 1, lambda r, i: np_type(r[i])
    if isinstance(t, NoneType | StringType):
        return 0, lambda r, i: None
    if isinstance(t, TupleType):
        parts = [builder(e) for e in t.types.data]
        size = sum(n for n, _ in parts)

        def build_tuple(r: tuple[Any, ...], i: int) -> Any:
            items = []
            for n, part in parts:
                items.append(part(r, i))
                i += n
            return tuple(items)

        return size, build_tuple
    if isinstance(t, RecordType):
        fields = [(name, builder(ft)) for name, ft in t.fields]
        size = sum(n for _, (n, _) in fields)
        cls = RECORD_CLASSES.get(t.class_name.data)

        def build_record(r: tuple[Any, ...], i: int) -> Any:
            values = {}
            for name, (n, part) in fields:
                values[name] = part(r, i)
                i += n
            if cls is None:
                return Record(t.class_name.data, values.items())
            obj = object.__new__(cls)
            for name, value in values.items():
                object.__setattr__(obj, name, value)
            return obj

        return size, build_record
    if isinstance(t, TensorType):
        return array_builder(t)
    if isinstance(t, ListType):
        return list_builder(t)
    if isinstance(t, FunctionValueType):
        raise TypeError("compiled functions cannot return function values to Python yet")
    raise TypeError(f"the cpu backend cannot return a value of type {t} yet")


def is_u64(t: Attribute) -> bool:
    return dtype_of_type(t) == "uint64"


def _element_format(t: ListType) -> tuple[int, str]:
    """How many leaves an element has, and the struct format of one element."""
    leaves = Layout(ModuleOp([])).leaves(t.element)
    return len(leaves), "".join(_FORMATS[kind_of(leaf)] for leaf in leaves)


def list_flattener(t: ListType) -> Callable[[Any, list[Any]], None]:
    element = flattener(t.element)
    m, fmt = _element_format(t)

    def flat_list(v: Any, out: list[Any]) -> None:
        if not isinstance(v, list):
            raise TypeError(f"expected a list, got {type(v).__name__}")
        n = len(v)
        if n == 0:
            out += [0, 0]
            return
        leaves: list[Any] = []
        for x in v:
            element(x, leaves)
        buffer = ctypes.create_string_buffer(HEADER + 8 * m * n)
        struct.pack_into("=qq" + fmt * n, buffer, 0, n, n, *leaves)
        _KEEP.append(buffer)
        out += [ctypes.addressof(buffer), n]

    return flat_list


def list_builder(t: ListType) -> tuple[int, Callable[[tuple[Any, ...], int], Any]]:
    _, element = builder(t.element)
    m, fmt = _element_format(t)

    def build_list(r: tuple[Any, ...], i: int) -> list[Any]:
        ptr, n = r[i], r[i + 1]
        if n <= 0:
            return []
        if m == 0:
            return [element((), 0) for _ in range(n)]
        raw = (ctypes.c_char * (8 * m * n)).from_address(ptr + HEADER)
        values = struct.unpack_from("=" + fmt * n, raw)
        return [element(values, k * m) for k in range(n)]

    return 2, build_list


def list_result_converter(
    entry: str, result_type: Attribute
) -> dict[str, Callable[[tuple[Any, ...]], Any]]:
    """The converter of an entry returning lists (and no arrays): the result is
    rebuilt while the arena still holds it."""
    _, build = builder(result_type)
    return {entry: lambda raw: build(raw, 0)}


def has_list_of_tensors(t: Attribute) -> bool:
    if isinstance(t, ListType):
        return isinstance(t.element, TensorType) or has_list_of_tensors(t.element)
    return False
