"""``myia-parallel-loops``: loops marked ``myia.parallel`` run on several threads.

Runs on the output of ``convert-myia-to-cf`` (``func.func`` with ``scf.for``),
before ``myia-to-llvm``. A marked ``scf.for %i = %lo to %hi`` (step 1, no
loop-carried values; its attribute is the smallest trip count worth threads) is
outlined to ``func.func private @f.parallel_N(%ctx, %start, %stop)``, which
loads the values the body uses from the context and runs ``scf.for %i = %start
to %stop``; constants are copied into it rather than passed, so that the
outlined loop is optimized as well as the original. The loop itself becomes::

    %ctx = func.call @myia_alloc(...)        // the values the body uses
    func.call @myia_parallel_for(@f.parallel_N, %ctx, %lo, %hi, %min)

The runtime's ``myia_parallel_for`` (:mod:`myia.runtime.array_runtime`) splits
``[lo, hi)`` over its threads when it has at least ``min`` iterations, and runs
``@f.parallel_N(%ctx, %lo, %hi)`` on the calling thread otherwise: one copy of
the loop. Loops nested in a parallel loop run on its threads serially.

The body of a marked loop must not allocate (the arena is not thread-safe) nor
raise: the array lowering marks only kernel loops that do neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, func, llvm, scf
from xdsl.dialects.builtin import IntegerAttr, IntegerType, ModuleOp, i64
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass

from myia.lowering.arrays.array_codegen import PARALLEL

POINTER = llvm.LLVMPointerType()
PARALLEL_FOR = "myia_parallel_for"


def _defined_inside(v: SSAValue, loop: Operation) -> bool:
    owner = v.owner
    op = owner if isinstance(owner, Operation) else owner.parent_op()
    while op is not None:
        if op is loop:
            return True
        op = op.parent_op()
    return False


def free_values(loop: scf.ForOp) -> list[SSAValue]:
    """The values the loop's body uses that are defined outside the loop."""
    seen: dict[SSAValue, None] = {}
    for op in loop.body.walk():
        for v in op.operands:
            if not _defined_inside(v, loop):
                seen[v] = None
    return list(seen)


def _is_constant(v: SSAValue) -> bool:
    return isinstance(v.owner, arith.ConstantOp | llvm.ZeroOp)


class Outliner:
    def __init__(self, module: ModuleOp):
        self.module = module
        self.names = {op.sym_name.data for op in module.ops if isinstance(op, func.FuncOp)}
        self.new_funcs: list[func.FuncOp] = []
        self.declared = PARALLEL_FOR in self.names

    def fresh(self, base: str) -> str:
        i = 0
        while f"{base}.parallel_{i}" in self.names:
            i += 1
        name = f"{base}.parallel_{i}"
        self.names.add(name)
        return name

    def run(self) -> None:
        for f in [op for op in self.module.ops if isinstance(op, func.FuncOp)]:
            if f.body.blocks:
                self.outline_in(f)
        for f in self.new_funcs:
            self.module.body.block.add_op(f)
        if self.new_funcs and not self.declared:
            self.module.body.block.add_op(
                func.FuncOp.external(PARALLEL_FOR, [POINTER, POINTER, i64, i64, i64], [])
            )
        if self.new_funcs and "myia_alloc" not in self.names:
            self.module.body.block.add_op(func.FuncOp.external("myia_alloc", [i64], [POINTER]))

    def outline_in(self, f: func.FuncOp) -> None:
        loops = [op for op in f.walk() if isinstance(op, scf.ForOp) and PARALLEL in op.attributes]
        outer = [
            loop
            for loop in loops
            if not any(_defined_inside_op(loop, other) for other in loops if other is not loop)
        ]
        for loop in loops:
            if loop not in outer:
                del loop.attributes[PARALLEL]
        for loop in outer:
            if loop.iter_args:
                del loop.attributes[PARALLEL]
                continue
            self.outline(f, loop)

    def outline(self, f: func.FuncOp, loop: scf.ForOp) -> None:
        min_trips = loop.attributes.pop(PARALLEL)
        minimum = min_trips.value.data if isinstance(min_trips, IntegerAttr) else 2
        free = [v for v in free_values(loop) if not _is_constant(v)]
        consts = [v for v in free_values(loop) if _is_constant(v)]
        name = self.fresh(f.sym_name.data)
        # The outlined function: (ctx, start, stop).
        entry = Block(arg_types=[POINTER, i64, i64])
        ctx, start, stop = entry.args
        struct = llvm.LLVMStructType.from_type_list([v.type for v in free])
        mapping: dict[SSAValue, SSAValue] = {}
        ops: list[Operation] = []
        for i, v in enumerate(free):
            gep = llvm.GEPOp.from_mixed_indices(ctx, [0, i], struct)
            load = llvm.LoadOp(gep, v.type)
            ops += [gep, load]
            mapping[v] = load.dereferenced_value
        for v in consts:
            clone = v.owner.clone()  # type: ignore[union-attr]
            ops.append(clone)
            mapping[v] = clone.results[0]
        body = Region()
        loop.body.clone_into(body, value_mapper=dict(mapping))
        step = arith.ConstantOp(IntegerAttr(1, loop.step.type), loop.step.type)
        ops.append(step)
        inner = scf.ForOp(start, stop, step.result, [], body)
        ops.append(inner)
        ops.append(func.ReturnOp())
        entry.add_ops(ops)
        for op in inner.walk():
            op.attributes.pop(PARALLEL, None)
        outlined = func.FuncOp(name, ([POINTER, i64, i64], []), Region(entry), visibility="private")
        outlined.location = f.location
        self.new_funcs.append(outlined)
        # The call site: the runtime runs it on threads if the trip count is
        # large enough, else on this thread.
        block = loop.parent_block()
        assert block is not None
        size = arith.ConstantOp(IntegerAttr(8 * max(len(free), 1), i64), i64)
        alloc = func.CallOp("myia_alloc", [size.result], [POINTER])
        ops2: list[Operation] = [size, alloc]
        for i, v in enumerate(free):
            gep = llvm.GEPOp.from_mixed_indices(alloc.res[0], [0, i], struct)
            ops2 += [gep, llvm.StoreOp(v, gep.result)]
        address = llvm.AddressOfOp(name, POINTER)
        threshold = arith.ConstantOp(IntegerAttr(minimum, i64), i64)
        call = func.CallOp(
            PARALLEL_FOR, [address.result, alloc.res[0], loop.lb, loop.ub, threshold.result], []
        )
        ops2 += [address, threshold, call]
        for op in ops2:
            op.location = loop.location
            block.insert_op_before(op, loop)
        loop.detach()
        loop.erase()


def _defined_inside_op(op: Operation, ancestor: Operation) -> bool:
    parent = op.parent_op()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent_op()
    return False


def outline_parallel_loops(module: ModuleOp) -> ModuleOp:
    Outliner(module).run()
    return module


@dataclass(frozen=True)
class ParallelLoops(ModulePass):
    """Run the scf.for loops marked myia.parallel on the runtime's threads."""

    name = "myia-parallel-loops"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        outline_parallel_loops(op)


__all__ = ["IntegerType", "ParallelLoops", "outline_parallel_loops"]
