"""Common subexpression elimination on myia code.

xDSL's CSE works on the myia dialect as is, and this pass is it, under the same
name ``cse``, with a description for ``--list-passes``:

* every myia value op (constants, primitives, tuples, closures, records) is
  ``Pure``, so two ops with the same name, operands, properties and result type
  compute the same value and the later one is replaced by the earlier one;
* calls (``myia.call``/``apply``/``if``) have unknown effects and are kept;
* each ``myia.func`` is ``IsolatedFromAbove``, so values never merge across
  functions;
* constants compare bit for bit (``0.0`` and ``-0.0`` stay apart), and weak and
  strong constants differ by their ``strong`` property.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.transforms.common_subexpression_elimination import (
    CommonSubexpressionElimination,
    cse,
)

__all__ = ["CSEPass", "cse"]


@dataclass(frozen=True)
class CSEPass(CommonSubexpressionElimination):
    """Merge ops that compute the same value (pure ops with equal operands)."""

    name = "cse"
