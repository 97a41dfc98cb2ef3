"""The check of MLIR's verifier that xDSL 0.74's lacks: each operand is defined
where its use can see it (dominance). Without it, IR using a value of another
function, or of a block that does not dominate the use, verifies, and the
translation to LLVM IR fails on it with an internal error.

A value defined by an op is visible to the ops after it in its block, to the
blocks its block dominates, and inside the regions of those ops; a block
argument, to its block and the blocks it dominates. (Regions are taken as
control-flow graphs; myia's functions are single blocks.)
"""

from __future__ import annotations

from xdsl.ir import Block, BlockArgument, Operation, Region, SSAValue


class Dominance:
    """Dominance within the regions of one module, computed on demand."""

    def __init__(self) -> None:
        self.dominators: dict[Region, dict[Block, set[Block]]] = {}
        self.positions: dict[Block, dict[Operation, int]] = {}

    def first_invisible(self, root: Operation) -> tuple[Operation, int] | None:
        """The first op nested in ``root`` (pre-order) that uses a value it
        cannot see, and the operand's position."""
        for op in root.walk():
            for i, operand in enumerate(op.operands):
                if not self.visible(operand, op):
                    return op, i
        return None

    def visible(self, value: SSAValue, user: Operation) -> bool:
        if isinstance(value, BlockArgument):
            block, definer = value.block, None
        else:
            definer = value.owner
            assert isinstance(definer, Operation)
            block = definer.parent_block()
        if block is None or block.parent is None:
            return False
        region = block.parent
        # The ancestor of the user (or itself) in the definition's region.
        ancestor: Operation | None = user
        while ancestor is not None and ancestor.parent_region() is not region:
            ancestor = ancestor.parent_op()
        if ancestor is None:
            return False  # another function, or a region the value is not in
        use_block = ancestor.parent_block()
        assert use_block is not None
        if use_block is block:
            if definer is None:
                return True
            positions = self.positions_in(block)
            return positions[definer] < positions[ancestor]
        return block in self.dominators_of(region).get(use_block, {block})

    def positions_in(self, block: Block) -> dict[Operation, int]:
        positions = self.positions.get(block)
        if positions is None:
            positions = self.positions[block] = {op: i for i, op in enumerate(block.ops)}
        return positions

    def dominators_of(self, region: Region) -> dict[Block, set[Block]]:
        """Each reachable block of ``region``'s dominators (the iterative data
        flow algorithm: regions are small)."""
        known = self.dominators.get(region)
        if known is not None:
            return known
        blocks = list(region.blocks)
        if not blocks:
            return {}
        preds: dict[Block, list[Block]] = {b: [] for b in blocks}
        for b in blocks:
            last = b.last_op
            for succ in last.successors if last is not None else ():
                if succ in preds:
                    preds[succ].append(b)
        entry = blocks[0]
        reachable = {entry}
        todo = [entry]
        while todo:
            b = todo.pop()
            last = b.last_op
            for succ in last.successors if last is not None else ():
                if succ not in reachable:
                    reachable.add(succ)
                    todo.append(succ)
        dom = {b: set(reachable) for b in reachable}
        dom[entry] = {entry}
        changed = True
        while changed:
            changed = False
            for b in blocks[1:]:
                if b not in reachable:
                    continue
                incoming = [dom[p] for p in preds[b] if p in reachable]
                new = set.intersection(*incoming) | {b} if incoming else {b}
                if new != dom[b]:
                    dom[b] = new
                    changed = True
        self.dominators[region] = dom
        return dom
