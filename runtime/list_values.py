"""Python lists across the boundary of compiled code (the ``cpu`` backend).

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

from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import Attribute

from myia.dialects.types import ListType

HEADER = 16


def _element_format(t: ListType) -> tuple[int, str]:
    """How many leaves an element has, and the struct format of one element."""
    from myia.lowering.layout import Layout
    from myia.lowering.llvm.capi import kind_of
    from myia.runtime.abi import _FORMATS

    leaves = Layout(ModuleOp([])).leaves(t.element)
    return len(leaves), "".join(_FORMATS[kind_of(leaf)] for leaf in leaves)


def list_flattener(t: ListType) -> Callable[[Any, list[Any]], None]:
    from myia.runtime.array_values import _KEEP
    from myia.runtime.cpu import flattener

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
    from myia.runtime.cpu import builder

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
    from myia.runtime.cpu import builder

    _, build = builder(result_type)
    return {entry: lambda raw: build(raw, 0)}


def has_list_of_tensors(t: Attribute) -> bool:
    if isinstance(t, ListType):
        return isinstance(t.element, TensorType) or has_list_of_tensors(t.element)
    return False
