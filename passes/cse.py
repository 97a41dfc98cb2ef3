"""Common subexpression elimination on myia code.

xDSL's CSE, under the same name ``cse``, with one addition for ops that may
raise:

* every myia value op (constants, primitives, tuples, closures, records)
  computes its value from its operands alone, so two ops with the same name,
  operands, properties and result type compute the same value and the later
  one is replaced by the earlier one;
* a primitive op that may raise (``a // b``: see
  :mod:`myia.dialects.raise_rules`) has an effect for xDSL, which would keep
  both; it is merged all the same with an identical op *before it in the same
  block*: that one ran first and raised, or did not and neither would this one;
* calls (``myia.call``/``apply``/``if``) have unknown effects and are kept;
* each ``myia.func`` is ``IsolatedFromAbove``, so values never merge across
  functions;
* constants compare bit for bit (``0.0`` and ``-0.0`` stay apart), and weak and
  strong constants differ by their ``strong`` property.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, Region
from xdsl.rewriter import Rewriter
from xdsl.transforms.common_subexpression_elimination import (
    CommonSubexpressionElimination,
    CSEDriver,
)

from myia.dialects.primitive import may_raise

__all__ = ["CSEPass", "cse"]


@dataclass
class _Driver(CSEDriver):
    """xDSL's driver, merging ops whose only effect is that they may raise."""

    def _simplify_operation(self, op: Operation) -> None:
        if not may_raise(op):
            super()._simplify_operation(op)
            return
        existing = self._known_ops.get(op)
        if existing is not None and existing.parent_block() is op.parent_block():
            self._replace_and_delete(op, existing)
        else:
            self._known_ops[op] = op


def cse(thing: Operation | Block | Region, rewriter: Rewriter | None = None) -> None:
    """Merge the ops of ``thing`` that compute the same value."""
    driver = _Driver() if rewriter is None else _Driver(_rewriter=rewriter)
    driver.simplify(thing)


@dataclass(frozen=True)
class CSEPass(CommonSubexpressionElimination):
    """Merge ops that compute the same value (pure ops with equal operands).

    An op that may raise is merged only with an identical one before it."""

    name = "cse"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        cse(op)
