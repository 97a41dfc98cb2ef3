"""The symbols an op refers to directly, and the recursive functions of a
module (the call graph itself is :mod:`myia.passes.symbol_uses`'s).

A function refers to another through ``myia.call``, ``myia.if``, ``myia.closure``
(a value that may be applied later) and ``!myia.fn`` types. Recursion is a cycle
in the call graph; loops are cycles too (tail-recursive functions).
"""

from __future__ import annotations

from collections.abc import Iterable

from xdsl.dialects.builtin import ModuleOp, SymbolRefAttr
from xdsl.ir import Operation

from myia.passes.symbol_uses import call_graph, recursive_functions


def referenced_symbols(op: Operation) -> Iterable[str]:
    """The function symbols an op refers to (in properties and attributes)."""
    for attr in (*op.properties.values(), *op.attributes.values()):
        if isinstance(attr, SymbolRefAttr):
            yield attr.root_reference.data
    yield from _nested_refs(op)


def _nested_refs(op: Operation) -> Iterable[str]:
    from xdsl.dialects.builtin import ArrayAttr

    for attr in (*op.properties.values(), *op.attributes.values()):
        if isinstance(attr, ArrayAttr):
            for item in attr.data:
                if isinstance(item, SymbolRefAttr):
                    yield item.root_reference.data


def recursive_symbols(module: ModuleOp) -> set[str]:
    """Functions that are part of a cycle (recursion, mutual recursion, loops)."""
    return recursive_functions(call_graph(module))
