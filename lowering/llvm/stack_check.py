"""``myia-stack-check``: recursive functions check the native stack on entry.

A function that may recurse (it is in a cycle of the call graph, or it makes an
indirect call) starts with::

    %sp  = llvm.call_intrinsic "llvm.addressofreturnaddress.p0"() : () -> !llvm.ptr
    %spi = llvm.ptrtoint %sp : !llvm.ptr to i64
    %lim = llvm.load @myia_stack_limit : i64
    %low = llvm.icmp "ult" %spi, %lim
    llvm.cond_br %low, ^ask, ^body
  ^ask:
    %out = llvm.call @myia_stack_exhausted() : () -> i1
    llvm.cond_br %out, ^raise, ^body     // ^raise: myia_raise(2)

so that runaway recursion raises :attr:`ErrorCode.RECURSION` (a Python
``RecursionError``) instead of overflowing the stack. The runtime's watchdog
also lowers the limit past any stack to ask running code to poll for signals:
``myia_stack_exhausted()`` (cold) then restores the limit, polls, and tells
whether the stack is really exhausted (:mod:`myia.runtime.native_runtime`).
``@myia_stack_limit`` is set by the entry wrapper (:mod:`myia.runtime.abi`) from the calling thread's
stack bounds; it is 0 outside a call, which disables the check. Functions that
cannot recurse are left alone: their depth is bounded by the call graph.
The test costs a load and a compare per call; ``all=true`` instruments every
function.

Run it on the llvm dialect (after ``convert-func-to-llvm``).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ModuleOp, i1, i64
from xdsl.ir import Block, Operation
from xdsl.passes import ModulePass

from myia.passes import symbol_uses

from .common import RaiseBlocks, declare_global, declare_runtime_function, icmp
from .runtime_decls import MYIA_STACK_EXHAUSTED, MYIA_STACK_LIMIT, ErrorCode

FRAME_INTRINSIC = "llvm.addressofreturnaddress.p0"
"""Gives the stack pointer at entry without forcing a frame pointer (x86-64 and
AArch64 have it)."""


def recursive_functions(module: ModuleOp) -> set[str]:
    """Names of the defined ``llvm.func`` that may call themselves, directly or
    not. Indirect calls may reach any function whose address is taken."""
    funcs = {op.sym_name.data: op for op in module.ops if isinstance(op, llvm.FuncOp)}
    address_taken: set[str] = set()
    edges: dict[str, set[str]] = {name: set() for name in funcs}
    indirect: set[str] = set()
    for name, func in funcs.items():
        for op in func.walk():
            if isinstance(op, llvm.CallOp):
                if op.callee is None:
                    indirect.add(name)
                else:
                    edges[name].add(op.callee.string_value())
            elif isinstance(op, llvm.AddressOfOp):
                target = op.global_name.root_reference.data
                if target in funcs:
                    address_taken.add(target)
    for name in indirect:
        edges[name] |= address_taken
    defined = {name for name, func in funcs.items() if func.body.blocks}
    graph = {name: edges[name] & defined for name in defined}
    return (set(indirect) | symbol_uses.recursive_functions(graph)) & defined


def insert_stack_check(func: llvm.FuncOp, raise_blocks: RaiseBlocks) -> None:
    entry = func.body.blocks.first
    assert entry is not None and entry.first_op is not None
    body = entry.split_before(entry.first_op)
    sp = llvm.CallIntrinsicOp(FRAME_INTRINSIC, [], [llvm.LLVMPointerType()])
    spi = llvm.PtrToIntOp(sp.results[0], i64)
    address = llvm.AddressOfOp(MYIA_STACK_LIMIT, llvm.LLVMPointerType())
    limit = llvm.LoadOp(address.result, i64)
    low = icmp("ult", spi.results[0], limit.dereferenced_value)
    target = raise_blocks.get(func.body, ErrorCode.RECURSION)
    ops: list[Operation] = [sp, spi, address, limit, low]
    exhausted = llvm.CallOp(MYIA_STACK_EXHAUSTED, return_type=i1)
    ask = Block([exhausted, llvm.CondBrOp(exhausted.returned, target, (), body, ())])
    func.body.insert_block_after(ask, entry)
    entry.add_ops([*ops, llvm.CondBrOp(low.res, ask, (), body, ())])


def add_stack_checks(module: ModuleOp, all_functions: bool = False) -> list[str]:
    """Instrument the functions that may recurse; returns their names."""
    names = (
        {op.sym_name.data for op in module.ops if isinstance(op, llvm.FuncOp) and op.body.blocks}
        if all_functions
        else recursive_functions(module)
    )
    if not names:
        return []
    declare_global(module, MYIA_STACK_LIMIT, i64)
    declare_runtime_function(module, MYIA_STACK_EXHAUSTED)
    raise_blocks = RaiseBlocks()
    for op in list(module.ops):
        if isinstance(op, llvm.FuncOp) and op.sym_name.data in names:
            insert_stack_check(op, raise_blocks)
    return sorted(names)


@dataclass(frozen=True)
class MyiaStackCheck(ModulePass):
    """Make recursive llvm functions raise RecursionError when the stack runs out."""

    name = "myia-stack-check"

    all: bool = False
    """Instrument every defined function, not only those that may recurse."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        add_stack_checks(op, self.all)
