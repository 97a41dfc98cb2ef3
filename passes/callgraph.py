"""The static call graph of a myia module: which functions may call which.

A function refers to another through ``myia.call``, ``myia.if``, ``myia.closure``
(a value that may be applied later) and ``!myia.fn`` types. Recursion is a cycle
in this graph; loops are cycles too (tail-recursive functions).
"""

from __future__ import annotations

from collections.abc import Iterable

from xdsl.dialects.builtin import ModuleOp, SymbolRefAttr
from xdsl.ir import Operation

from myia.dialects.ops import FuncOp


def referenced_symbols(op: Operation) -> Iterable[str]:
    """The function symbols an op refers to (in properties and attributes)."""
    for attr in (*op.properties.values(), *op.attributes.values()):
        if isinstance(attr, SymbolRefAttr):
            yield attr.root_reference.data
    for inner in _nested_refs(op):
        yield inner


def _nested_refs(op: Operation) -> Iterable[str]:
    from xdsl.dialects.builtin import ArrayAttr

    for attr in (*op.properties.values(), *op.attributes.values()):
        if isinstance(attr, ArrayAttr):
            for item in attr.data:
                if isinstance(item, SymbolRefAttr):
                    yield item.root_reference.data


def call_graph(module: ModuleOp) -> dict[str, set[str]]:
    funcs = {op.sym_name.data: op for op in module.ops if isinstance(op, FuncOp)}
    graph: dict[str, set[str]] = {}
    for name, func in funcs.items():
        edges: set[str] = set()
        for op in func.walk():
            if op is func:
                continue
            edges.update(s for s in referenced_symbols(op) if s in funcs)
        graph[name] = edges
    return graph


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (call graphs of generated code are deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    component.append(item)
                    if item == node:
                        break
                result.append(component)
    return result


def recursive_symbols(module: ModuleOp) -> set[str]:
    """Functions that are part of a cycle (recursion, mutual recursion, loops)."""
    graph = call_graph(module)
    result: set[str] = set()
    for component in strongly_connected_components(graph):
        if len(component) > 1 or component[0] in graph.get(component[0], ()):
            result.update(component)
    return result
