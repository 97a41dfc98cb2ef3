"""``myia-poll``: long-running compiled code polls for signals (Ctrl-C).

Code runs long only in a loop or a recursion, so a poll goes at the head of
every loop whose trip count is not bounded by an array's size, and on entry to
every function in a cycle of direct calls that has no stack check
(``myia-stack-check``'s, which polls at no cost of its own: the runtime lowers
the stack limit to ask for a poll)::

    %p = llvm.mlir.addressof @myia_poll_request : !llvm.ptr
    %r = llvm.load %p atomic monotonic {alignment = 4 : i64} : !llvm.ptr -> i32
    %z = llvm.mlir.constant(0 : i32) : i32
    %c = llvm.icmp "ne" %r, %z : i32
    llvm.cond_br %c, ^poll, ^rest        // ^poll: llvm.call @myia_poll(); llvm.br ^rest

The load is atomic so that LLVM reads the flag on every iteration rather than
once before the loop; it costs a load and a predicted branch. ``myia_poll`` (cold,
in :mod:`myia.runtime.native_runtime`) runs Python's signal handlers and leaves
the call if one raised.

Loops made from ``scf.for`` (``myia-scf-to-cf`` marks their header's branch
:data:`BOUNDED_LOOP`) are skipped: their trip count is fixed on entry, and the
array kernels they are must stay free of calls so that LLVM vectorizes them.
Functions whose address is taken (bodies of parallel loops, run on libgomp's
threads, where Python cannot be entered) are never instrumented.

Run it on the llvm dialect (after ``convert-func-to-llvm``).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i32
from xdsl.ir import Block, Region
from xdsl.passes import ModulePass

from myia.passes import symbol_uses

from .common import declare_global, declare_runtime_function, icmp
from .runtime_decls import MYIA_POLL, MYIA_POLL_REQUEST, MYIA_STACK_LIMIT

BOUNDED_LOOP = "myia.bounded_loop"
"""Attribute of the branch that ends the header of a loop whose trip count is
fixed on entry (``scf.for``): ``myia-poll`` leaves such loops alone."""

MONOTONIC = 2
"""``llvm.load``'s ordering for ``atomic monotonic``."""


def loop_headers(region: Region) -> list[Block]:
    """The blocks of ``region`` that some branch jumps back to (the target of an
    edge to a block on the depth-first search's path), in the order found."""
    entry = region.blocks.first
    if entry is None:
        return []
    headers: dict[Block, None] = {}
    on_path: set[Block] = {entry}
    seen: set[Block] = {entry}
    stack = [(entry, iter(_successors(entry)))]
    while stack:
        block, successors = stack[-1]
        for succ in successors:
            if succ in on_path:
                headers[succ] = None
            elif succ not in seen:
                seen.add(succ)
                on_path.add(succ)
                stack.append((succ, iter(_successors(succ))))
                break
        else:
            stack.pop()
            on_path.discard(block)
    return list(headers)


def _checks_stack(func: llvm.FuncOp) -> bool:
    """Whether the function starts with ``myia-stack-check``'s check."""
    entry = func.body.blocks.first
    return entry is not None and any(
        isinstance(op, llvm.AddressOfOp) and op.global_name.root_reference.data == MYIA_STACK_LIMIT
        for op in entry.ops
    )


def _successors(block: Block) -> list[Block]:
    last = block.last_op
    return list(last.successors) if last is not None else []


def insert_poll(block: Block) -> None:
    """Make ``block`` start with the poll (its ops move to a new block)."""
    region = block.parent
    assert region is not None and block.first_op is not None
    rest = block.split_before(block.first_op)
    address = llvm.AddressOfOp(MYIA_POLL_REQUEST, llvm.LLVMPointerType())
    request = llvm.LoadOp(address.result, i32, alignment=4, ordering=MONOTONIC)
    zero = llvm.ConstantOp(IntegerAttr(0, i32), i32)
    pending = icmp("ne", request.dereferenced_value, zero.result)
    poll = Block([llvm.CallOp(MYIA_POLL), llvm.BrOp(rest)])
    region.insert_block_after(poll, block)
    block.add_ops([address, request, zero, pending, llvm.CondBrOp(pending.res, poll, (), rest, ())])


def add_polls(module: ModuleOp) -> list[str]:
    """Instrument the module's loops and recursive functions; returns the names
    of the functions that poll."""
    funcs = {
        op.sym_name.data: op for op in module.ops if isinstance(op, llvm.FuncOp) and op.body.blocks
    }
    address_taken: set[str] = set()
    calls: dict[str, set[str]] = {name: set() for name in funcs}
    for name, func in funcs.items():
        for op in func.walk():
            if isinstance(op, llvm.CallOp) and op.callee is not None:
                calls[name].add(op.callee.string_value())
            elif isinstance(op, llvm.AddressOfOp):
                address_taken.add(op.global_name.root_reference.data)
    graph = {name: callees & funcs.keys() for name, callees in calls.items()}
    recursive = symbol_uses.recursive_functions(graph)
    polling: list[str] = []
    for name, func in funcs.items():
        if name in address_taken:
            continue
        headers = [
            h
            for h in loop_headers(func.body)
            if h.last_op is None or BOUNDED_LOOP not in h.last_op.attributes
        ]
        if name in recursive and not _checks_stack(func):
            headers.insert(0, func.body.blocks.first)
        if not headers:
            continue
        for header in dict.fromkeys(headers):
            insert_poll(header)
        polling.append(name)
    if polling:
        declare_global(module, MYIA_POLL_REQUEST, i32)
        declare_runtime_function(module, MYIA_POLL)
    return sorted(polling)


@dataclass(frozen=True)
class MyiaPoll(ModulePass):
    """Make loops and recursive llvm functions poll for signals (Ctrl-C)."""

    name = "myia-poll"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        add_polls(op)
