"""The contexts of inference: one function evaluated on one tuple of abstract
arguments, and the types of what the engine evaluates."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TypeVar

from xdsl.ir import Attribute, Operation, SSAValue

from myia.dialects.abstract import BOTTOM, Abstract, FunctionValue
from myia.dialects.ops_function import FuncOp

Binding = int | Attribute
"""A parameter of a called function: filled by the argument at this index, or by
this constant (a default value)."""

T = TypeVar("T")

Evaluation = Generator["Context", None, T]
"""A computation that may need contexts evaluated: it yields each new context
it requests, and :meth:`Inferrer.run` evaluates it before resuming it."""

Key = tuple[str, tuple[Abstract, ...], int]
"""A context: function symbol, abstract arguments, and how many leading arguments
are a bound method's receiver."""


@dataclass(eq=False)
class Context:
    """One function evaluated on one tuple of abstract arguments."""

    key: Key
    func: FuncOp
    caller: tuple[Context, Operation] | None
    values: dict[SSAValue, Abstract] = field(default_factory=dict)
    result: Abstract = BOTTOM
    dependents: set[Context] = field(default_factory=set)
    callees: dict[Operation, list[Key]] = field(default_factory=dict)
    grad_callees: dict[Operation, dict[FunctionValue, Key]] = field(default_factory=dict)
    bindings: dict[Operation, list[Binding]] = field(default_factory=dict)
    taken: dict[Operation, bool] = field(default_factory=dict)
    custom_vjp: tuple[Key, Key] | None = None
    """For a function with a ``myia.custom_vjp`` rule: the contexts of its
    forward and backward functions on this context's types."""
    evaluating: bool = False

    @property
    def symbol(self) -> str:
        return self.key[0]

    @property
    def args(self) -> tuple[Abstract, ...]:
        return self.key[1]

    @property
    def nbound(self) -> int:
        return self.key[2]

    def __hash__(self) -> int:
        return id(self)
