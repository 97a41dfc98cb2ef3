"""``myia-scf-to-cf``: structured control flow becomes a CFG of cf branches.

It lowers ``scf.if``, ``scf.for``, ``scf.while``, ``scf.index_switch`` and
``scf.execute_region`` (xDSL's ``convert-scf-to-cf`` lacks ``scf.while`` and
``scf.execute_region``, truncates ``index_switch`` flags to i32, and expects
single-block regions). Regions may hold several blocks: every block ending in
``scf.yield``/``scf.condition`` is rewired.

* ``scf.if``: ``cf.cond_br`` to the inlined then/else blocks, which branch to
  the continuation, whose arguments are the results.
* ``scf.for``: a header block ``^h(%iv, %iters...)`` compares ``%iv < %ub``
  (``slt``; ``ult`` with ``unsignedCmp``) and enters the body or leaves; the
  body's ``scf.yield`` steps ``%iv`` and branches back to the header.
  The header's branch is marked ``myia.bounded_loop`` (no interrupt poll:
  ``myia-poll``).
* ``scf.while``: the ``before`` blocks are the header; ``scf.condition``
  becomes ``cf.cond_br`` to the ``after`` blocks or out; ``scf.yield`` in
  ``after`` branches back to ``before``.
* ``scf.index_switch``: ``cf.switch`` on the flag cast to i64.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, cf, scf
from xdsl.dialects.builtin import (
    DenseIntElementsAttr,
    IndexType,
    ModuleOp,
    UnitAttr,
    VectorType,
    i64,
)
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from .interrupt_poll import BOUNDED_LOOP

_SCF_OPS = (scf.IfOp, scf.ForOp, scf.WhileOp, scf.IndexSwitchOp, scf.ExecuteRegionOp)


def _inline_before(region: Region, dest: Block) -> list[Block]:
    """Move the blocks of ``region`` before ``dest`` (in dest's region)."""
    blocks = list(region.blocks)
    if blocks:
        region.move_blocks_before(dest)
    return blocks


def _rewire(blocks: Sequence[Block], terminator: type[Operation], make) -> None:
    """Replace each block's ``terminator`` op by ``make(op)``."""
    for block in blocks:
        last = block.last_op
        if isinstance(last, terminator):
            Rewriter.replace_op(last, make(last))


def _split(op: Operation) -> tuple[Block, Block]:
    """Split ``op``'s block before it: (the block before, the continuation whose
    arguments take the op's results)."""
    block = op.parent_block()
    assert block is not None
    rest = block.split_before(op, arg_types=[r.type for r in op.results])
    return block, rest


def _finish(op: Operation, rest: Block) -> None:
    for result, arg in zip(op.results, rest.args, strict=True):
        result.replace_all_uses_with(arg)
    Rewriter.erase_op(op)


def _lower_if(op: scf.IfOp) -> None:
    block, rest = _split(op)

    def to_rest(y: Operation) -> Operation:
        return cf.BranchOp(rest, *y.operands)

    then_blocks = _inline_before(op.true_region, rest)
    _rewire(then_blocks, scf.YieldOp, to_rest)
    else_blocks = _inline_before(op.false_region, rest)
    _rewire(else_blocks, scf.YieldOp, to_rest)
    else_target = else_blocks[0] if else_blocks else rest
    block.add_op(cf.ConditionalBranchOp(op.cond, then_blocks[0], (), else_target, ()))
    _finish(op, rest)


def _lower_for(op: scf.ForOp) -> None:
    block, rest = _split(op)
    iv_type = op.lb.type
    header = Block(arg_types=[iv_type, *(a.type for a in op.iter_args)])
    rest.parent.insert_block_before(header, rest)  # type: ignore[union-attr]
    body = _inline_before(op.body, rest)
    first = body[0]
    iv = first.args[0]

    def step(y: Operation) -> Operation:
        # Two ops: the increment goes before the branch.
        next_iv = arith.AddiOp(iv, op.step)
        Rewriter.insert_op(next_iv, InsertPoint.before(y))
        return cf.BranchOp(header, next_iv.result, *y.operands)

    _rewire(body, scf.YieldOp, step)
    unsigned = "unsignedCmp" in op.properties or "unsignedCmp" in op.attributes
    cmp = arith.CmpiOp(header.args[0], op.ub, "ult" if unsigned else "slt")
    branch = cf.ConditionalBranchOp(cmp.result, first, header.args, rest, header.args[1:])
    branch.attributes[BOUNDED_LOOP] = UnitAttr()  # its trip count is fixed: no poll
    header.add_ops([cmp, branch])
    block.add_op(cf.BranchOp(header, op.lb, *op.iter_args))
    _finish(op, rest)


def _lower_while(op: scf.WhileOp) -> None:
    block, rest = _split(op)
    before = _inline_before(op.before_region, rest)
    after = _inline_before(op.after_region, rest)
    _rewire(
        before,
        scf.ConditionOp,
        lambda c: cf.ConditionalBranchOp(c.condition, after[0], c.args, rest, c.args),
    )
    _rewire(after, scf.YieldOp, lambda y: cf.BranchOp(before[0], *y.operands))
    block.add_op(cf.BranchOp(before[0], *op.arguments))
    _finish(op, rest)


def _lower_index_switch(op: scf.IndexSwitchOp) -> None:
    block, rest = _split(op)

    def to_rest(y: Operation) -> Operation:
        return cf.BranchOp(rest, *y.operands)

    cases = []
    for region in op.case_regions:
        blocks = _inline_before(region, rest)
        _rewire(blocks, scf.YieldOp, to_rest)
        cases.append(blocks[0])
    default = _inline_before(op.default_region, rest)
    _rewire(default, scf.YieldOp, to_rest)
    flag: SSAValue = op.arg
    if isinstance(flag.type, IndexType):
        cast = arith.IndexCastOp(flag, i64)
        block.add_op(cast)
        flag = cast.result
    values = list(op.cases.get_values())
    case_values = (
        DenseIntElementsAttr.from_list(VectorType(flag.type, (len(values),)), values)
        if values
        else None
    )
    block.add_op(cf.SwitchOp(flag, default[0], (), case_values, cases, [() for _ in cases]))
    _finish(op, rest)


def _lower_execute_region(op: scf.ExecuteRegionOp) -> None:
    block, rest = _split(op)
    blocks = _inline_before(op.region, rest)
    _rewire(blocks, scf.YieldOp, lambda y: cf.BranchOp(rest, *y.operands))
    block.add_op(cf.BranchOp(blocks[0]))
    _finish(op, rest)


_LOWERINGS = {
    scf.IfOp: _lower_if,
    scf.ForOp: _lower_for,
    scf.WhileOp: _lower_while,
    scf.IndexSwitchOp: _lower_index_switch,
    scf.ExecuteRegionOp: _lower_execute_region,
}


def lower_scf(module: Operation) -> None:
    """Lower every structured control flow op of ``module`` (outermost first)."""
    for op in [op for op in module.walk() if isinstance(op, _SCF_OPS)]:
        _LOWERINGS[type(op)](op)  # type: ignore[operator]


@dataclass(frozen=True)
class MyiaScfToCf(ModulePass):
    """Lower scf.if/for/while/index_switch/execute_region to cf branches."""

    name = "myia-scf-to-cf"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        lower_scf(op)
