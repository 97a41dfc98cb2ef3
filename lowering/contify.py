"""Contification: which functions become blocks of another function.

The frontend cuts control flow into functions (branches, loop bodies, the code
after a loop); loops are tail calls. A function that is only ever called
directly, and whose calls all return to the same place, needs no frame of its
own: it becomes a block of the function it returns through (its *host*), a tail
call to it becomes a branch, and its ``return`` becomes a branch to the place its
callers resume at (or the host's own return). Loops become real loops this way:
the tail call from a loop body back to its header is a back edge.

A call *returns to* the host's return when it is in tail position of the host,
or in tail position of a function that itself returns there; it returns to the
code after it otherwise (a call site). A function with one such target over all
its calls is contified (Kennedy, "Compiling with continuations, continued").

Contifying a function called once at a call site is inlining it, and the
inliner declined functions larger than its ``max-size``: such functions are
not contified unless they are part of a loop (a cycle of the call graph).
Otherwise every part of a gradient over a tree (one function per node, each
called once) would end up in one function of fifteen thousand LLVM
instructions, which LLVM optimizes in seconds where it takes milliseconds
apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation

from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.types import FunctionValueType
from myia.passes.inline import function_size
from myia.passes.symbol_uses import call_graph, recursive_functions

LARGEST_CONTIFIED = 64
"""Ops of the largest function outside loops that becomes blocks of another
(the inliner's default ``max-size``)."""

Target = tuple[str, object]
"""("return", host symbol) or ("site", call op): where a local function returns."""

TOP: Target = ("top", None)


@dataclass(frozen=True)
class Site:
    caller: str
    op: Operation
    tail: bool


def is_tail(op: Operation) -> bool:
    """Whether ``op``'s result is returned right away by the next op."""
    nxt = op.next_op
    return isinstance(nxt, ReturnOp) and nxt.value is op.results[0]


def direct_calls(op: Operation) -> Iterator[str]:
    """The functions ``op`` calls directly (a call, or the branches of an if)."""
    if isinstance(op, CallOp):
        yield op.callee.root_reference.data
    elif isinstance(op, IfOp):
        yield op.then_fn.root_reference.data
        yield op.else_fn.root_reference.data


def escaping_functions(module: ModuleOp) -> set[str]:
    """The functions that are not only called directly: exported, or values
    (closures, callees of ``myia.apply``, members of a function type)."""
    funcs = [f for f in module.ops if isinstance(f, FuncOp)]
    escaping: set[str] = {f.sym_name.data for f in funcs if not f.is_private}
    for func in funcs:
        for op in func.entry.ops:
            if isinstance(op, ClosureOp):
                escaping.add(op.callee.root_reference.data)
            if isinstance(op, ApplyOp) and op.callees is not None:
                escaping.update(r.root_reference.data for r in op.callees.data)
            for t in (*op.result_types, *(a.type for a in op.operands)):
                if isinstance(t, FunctionValueType):
                    escaping.update(r.root_reference.data for r in t.functions.data)
    return escaping


def contify(module: ModuleOp) -> tuple[dict[str, Target], dict[str, str]]:
    """The local functions: their return target and their host."""
    funcs = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}
    sites: dict[str, list[Site]] = {name: [] for name in funcs}
    escaping = escaping_functions(module)
    for name, func in funcs.items():
        for op in func.entry.ops:
            for callee in direct_calls(op):
                sites[callee].append(Site(name, op, is_tail(op)))
    in_loops = recursive_functions(call_graph(module))
    # In module order (a dict): the fixed point below depends on the order the
    # candidates are visited in, which must not depend on string hashing.
    candidates = {
        n: None
        for n in funcs
        if n not in escaping
        and sites[n]
        and (n in in_loops or function_size(funcs[n]) <= LARGEST_CONTIFIED)
    }
    target: dict[str, Target | None] = {n: None for n in candidates}
    host: dict[str, str] = {}

    def local(name: str) -> bool:
        return name in candidates and target[name] != TOP

    changed = True
    while changed:
        changed = False
        for name in candidates:
            if target[name] == TOP:
                continue
            found: Target | None = None
            found_host: str | None = None
            for site in sites[name]:
                if local(site.caller):
                    caller_target = target[site.caller]
                    if caller_target is None:
                        continue  # not known yet: optimistic
                    t = caller_target if site.tail else ("site", site.op)
                    h = host[site.caller]
                else:
                    t = ("return", site.caller) if site.tail else ("site", site.op)
                    h = site.caller
                if found is None:
                    found, found_host = t, h
                elif found != t or found_host != h:
                    found = TOP
                    break
            if found is not None and (
                found != target[name] or (found != TOP and host.get(name) != found_host)
            ):
                target[name] = found
                if found != TOP:
                    assert found_host is not None
                    host[name] = found_host
                changed = True
    result = {n: t for n, t in target.items() if t is not None and t != TOP}
    return result, {n: host[n] for n in result}
