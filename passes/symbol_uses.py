"""Who refers to which function: symbol references, the call graph and its SCCs,
and the removal of functions nothing refers to (used by ``dce`` and the inliner).

A function is used wherever its symbol appears: as the callee of ``myia.call``,
``myia.closure`` or a branch of ``myia.if``, or inside a type (``!myia.fn<@f>``).
Looking at every attribute rather than at a list of known ops keeps this right
for ops added later. The one exception is a function's ``owner``: it names the
user function a generated function belongs to, for tracebacks, which only use
the name; an owner that is no longer called may go.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp, SymbolRefAttr
from xdsl.ir import Attribute, Operation, ParametrizedAttribute

from myia.dialects.ops_function import FuncOp
from myia.identity_cache import IdentityCache

_REFS: IdentityCache[Attribute, frozenset[str]] = IdentityCache()
"""Cache of :func:`refs_in_attr` (by identity: hashing deep types cost more
than the walk it saved)."""

_NO_REFS: frozenset[str] = frozenset()


def refs_in_attr(attr: Attribute) -> frozenset[str]:
    """The root symbol names an attribute (or type) mentions."""
    hit = _REFS.get(attr)
    if hit is not None:
        return hit
    if isinstance(attr, SymbolRefAttr):
        out = frozenset((attr.root_reference.data,))
    else:
        if isinstance(attr, ArrayAttr):
            parts: Iterable[Attribute] = attr.data
        elif isinstance(attr, DictionaryAttr):
            parts = attr.data.values()
        elif isinstance(attr, ParametrizedAttribute):
            parts = attr.parameters
        else:
            parts = ()
        out = _NO_REFS
        for part in parts:
            if isinstance(part, Attribute):
                inner = refs_in_attr(part)
                if inner:
                    out = out | inner
    return _REFS.put(attr, out)


RULE_ATTRIBUTES = frozenset({"myia.custom_vjp"})
"""Attributes of a function naming functions that are not called by it but go
with it (its user derivative rules): they keep them alive, but are no calls."""


def op_refs(op: Operation, *, owner: bool = False, rules: bool = True) -> set[str]:
    """The symbols one op mentions in its properties, attributes and types (not
    in nested ops). ``owner=False`` leaves out a function's owner, which is
    debug information rather than a call; ``rules=False`` leaves out the
    functions of its :data:`RULE_ATTRIBUTES`."""
    out: set[str] = set()
    for key, attr in op.properties.items():
        if key == "owner" and not owner and isinstance(op, FuncOp):
            continue
        out |= refs_in_attr(attr)
    for key, attr in op.attributes.items():
        if key in RULE_ATTRIBUTES and not rules:
            continue
        out |= refs_in_attr(attr)
    for result in op.results:
        out |= refs_in_attr(result.type)
    for region in op.regions:
        for block in region.blocks:
            for arg in block.args:
                out |= refs_in_attr(arg.type)
    return out


def nested_refs(op: Operation, *, owner: bool = False, rules: bool = True) -> set[str]:
    """The symbols ``op`` and every op nested in it mention."""
    out: set[str] = set()
    for inner in op.walk():
        out |= op_refs(inner, owner=owner, rules=rules)
    return out


def functions(module: ModuleOp) -> dict[str, FuncOp]:
    """The module's ``myia.func`` ops by name."""
    return {op.sym_name.data: op for op in module.ops if isinstance(op, FuncOp)}


def replace_functions(module: ModuleOp, source: ModuleOp) -> None:
    """Make ``module`` hold ``source``'s ops instead of its own (a pass that
    builds a new module, as inference and lowering do, hands it back in place)."""
    for op in list(module.ops):
        op.detach()
        op.erase()
    for op in list(source.ops):
        op.detach()
        module.body.block.add_op(op)


def call_graph(module: ModuleOp) -> dict[str, set[str]]:
    """``f -> {functions f refers to}`` for every ``myia.func`` of the module.

    Every reference counts, not only direct calls: a closure of ``g`` made in
    ``f`` may be applied there, so ``f`` may call ``g``. Owners and derivative
    rules do not count.
    """
    funcs = functions(module)
    return {name: nested_refs(func, rules=False) & funcs.keys() for name, func in funcs.items()}


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (recursion depth must not limit module size).

    Components come out callees first (reverse topological order of the
    condensed graph), which is the order a bottom-up inliner wants.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
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
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def recursive_functions(graph: dict[str, set[str]]) -> set[str]:
    """Functions that may call themselves, directly or through others."""
    out: set[str] = set()
    for component in strongly_connected_components(graph):
        if len(component) > 1 or component[0] in graph[component[0]]:
            out.update(component)
    return out


def remove_unreferenced_functions(module: ModuleOp, only: set[str] | None = None) -> list[str]:
    """Erase the private ``myia.func`` ops that no live code refers to (and, if
    ``only`` is given, whose names are in it).

    Live code is every op of the module that is not a private function (public
    functions, other dialects' ops), and what it reaches through references.
    Returns the names of the erased functions.
    """
    funcs = functions(module)
    live: set[str] = set()
    work: list[str] = []
    for op in module.ops:
        if isinstance(op, FuncOp) and op.is_private:
            continue
        refs = nested_refs(op)
        if isinstance(op, FuncOp):
            refs.add(op.sym_name.data)
        work.extend(refs)
    refs_of: dict[str, set[str]] = {}
    while work:
        name = work.pop()
        if name in live or name not in funcs:
            continue
        live.add(name)
        if name not in refs_of:
            refs_of[name] = nested_refs(funcs[name])
        work.extend(refs_of[name] - live)
    dead = {name for name in funcs if name not in live}
    if only is not None:
        # Keep any function that a kept (dead but not erasable) one refers to,
        # so that no reference is left dangling.
        dead &= only
        changed = True
        while changed:
            changed = False
            for name in funcs:
                if name in dead:
                    continue
                if name not in refs_of:
                    refs_of[name] = nested_refs(funcs[name])
                kept_refs = refs_of[name] & dead
                if kept_refs:
                    dead -= kept_refs
                    changed = True
    erased = [name for name in funcs if name in dead]
    for name in erased:
        funcs[name].detach()
    for name in erased:
        funcs[name].erase(safe_erase=False)
    return erased


def rename_symbols(ops: Iterable[Operation], mapping: dict[str, str]) -> None:
    """Replace the symbols of ``mapping`` by their new names wherever ``ops`` and
    the ops nested in them mention them: properties, attributes and types."""
    for root in ops:
        for op in root.walk():
            for key, attr in list(op.properties.items()):
                op.properties[key] = _renamed(attr, mapping)
            for key, attr in list(op.attributes.items()):
                op.attributes[key] = _renamed(attr, mapping)
            values = list(op.results)
            for region in op.regions:
                for block in region.blocks:
                    values.extend(block.args)
            for value in values:
                new = _renamed(value.type, mapping)
                if new is not value.type:
                    # xDSL has no setter for a value's type; it is renamed in
                    # place so that every use keeps pointing at the same value.
                    value._type = new
            if isinstance(op, FuncOp):
                op.update_function_type()


def _renamed(attr: Attribute, mapping: dict[str, str]) -> Attribute:
    if isinstance(attr, SymbolRefAttr):
        name = attr.root_reference.data
        return SymbolRefAttr(mapping[name]) if name in mapping else attr
    if isinstance(attr, ArrayAttr):
        items = [_renamed(a, mapping) for a in attr.data]
        changed = any(a is not b for a, b in zip(items, attr.data, strict=True))
        return ArrayAttr(items) if changed else attr
    if isinstance(attr, ParametrizedAttribute):
        params = [_renamed(p, mapping) if isinstance(p, Attribute) else p for p in attr.parameters]
        if all(a is b for a, b in zip(params, attr.parameters, strict=True)):
            return attr
        return type(attr).new(params)
    return attr
