"""The rules table: one entry per primitive operation.

A primitive is declared once, with :func:`primitive`, next to its reference
implementation on Python values. Each entry becomes an op of the myia dialect
(``myia.<name>``) with the syntax ``%r = myia.add %a, %b : f64``. Later stages
attach their rule to the same entry (type/shape inference, lowering, gradient), so
adding a primitive touches one file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from myia.dialects.ops import (
    parse_optional_value,
    parse_result_type,
    parse_value,
    print_result_type,
)
from myia.dialects.types import ANY


@dataclass
class Primitive:
    """One primitive: its name, arity and reference semantics, plus the rules that
    later stages register for it (``rules["infer"]``, ``rules["grad"]``, ...)."""

    name: str
    arity: int | tuple[int, int]
    impl: Callable[..., Any]
    doc: str
    op: type[PrimOp] = field(init=False)
    rules: dict[str, Any] = field(default_factory=dict)

    def accepts(self, n: int) -> bool:
        if isinstance(self.arity, int):
            return n == self.arity
        low, high = self.arity
        return low <= n <= high

    def arity_text(self) -> str:
        if isinstance(self.arity, int):
            return f"{self.arity} operand{'s' if self.arity != 1 else ''}"
        low, high = self.arity
        return f"{low} to {high} operands"


PRIMITIVES: dict[str, Primitive] = {}


class PrimOp(IRDLOperation):
    """Base of every generated primitive op; ``PRIMITIVE`` is its table entry."""

    name = "myia.prim"
    args = var_operand_def()
    result = result_def()
    traits = traits_def(Pure())

    PRIMITIVE: ClassVar[Primitive]

    def __init__(self, args: Sequence[SSAValue], result_type: Attribute = ANY):
        super().__init__(operands=[args], result_types=[result_type])

    def verify_(self) -> None:
        prim = self.PRIMITIVE
        if not prim.accepts(len(self.args)):
            raise VerifyException(f"{self.name} takes {prim.arity_text()}, got {len(self.args)}")

    def print(self, printer: Printer) -> None:
        if self.args:
            printer.print_string(" ")
            printer.print_list(self.args, printer.print_operand)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> Operation:
        args: list[SSAValue] = []
        first = parse_optional_value(parser)
        if first is not None:
            args.append(first)
            while parser.parse_optional_punctuation(",") is not None:
                args.append(parse_value(parser))
        return cls(args, parse_result_type(parser))


def primitive(name: str, arity: int | tuple[int, int]) -> Callable[[Callable[..., Any]], Primitive]:
    """Declare a primitive from its reference implementation (whose docstring
    documents the op)."""

    def register(impl: Callable[..., Any]) -> Primitive:
        if name in PRIMITIVES:
            raise ValueError(f"primitive {name!r} declared twice")
        prim = Primitive(name, arity, impl, (impl.__doc__ or "").strip())
        class_name = "".join(part.capitalize() for part in name.split("_")) + "Op"
        op_class = type(
            class_name,
            (PrimOp,),
            {
                "name": f"myia.{name}",
                "PRIMITIVE": prim,
                "__annotations__": {"PRIMITIVE": ClassVar[Primitive]},
                "__doc__": prim.doc,
                "__module__": impl.__module__,
            },
        )
        prim.op = irdl_op_definition(op_class)
        PRIMITIVES[name] = prim
        return prim

    return register


def prim_op(name: str, *args: SSAValue, result_type: Attribute = ANY) -> PrimOp:
    """Build the op of primitive ``name``."""
    return PRIMITIVES[name].op(list(args), result_type)


# ---------------------------------------------------------------------------
# Inference rules
#
# ``infer`` rules compute the abstract value of a primitive's result from the
# abstract values of its operands (``myia.dialects.abstract``); they raise
# ``MyiaTypeError`` / ``MyiaShapeError`` with a plain message, and the inferrer
# adds the compile-time traceback. ``expand`` rules run when the inferred program is
# specialized into typed IR: they emit the typed ops that implement the primitive
# for these operand types (casting operands to the computation's dtype, unrolling
# ``in`` over a tuple, turning ``getitem`` with a constant index into
# ``myia.tuple_get``...), or return None to keep the op as it is, with its result
# typed. A primitive whose result is a known constant is replaced by a constant
# without calling its expand rule.


class Expander(Protocol):
    """What an expand rule may do: emit typed ops before the op being replaced."""

    def emit(self, op: Operation) -> SSAValue:
        """Insert ``op`` (its result types already set) and return its result."""
        ...

    def type_of(self, abstract: Any) -> Attribute:
        """The IR type of an abstract value."""
        ...

    def const(self, value: Any, abstract: Any) -> SSAValue:
        """A typed constant (``abstract`` is an AbstractScalar or AbstractNone)."""
        ...

    def cast(self, value: SSAValue, source: Any, target: Any) -> SSAValue:
        """Convert ``value`` from abstract ``source`` to abstract ``target``
        (scalars, tuples and records elementwise); no op when they have one type."""
        ...

    def prim(self, name: str, *args: SSAValue, result: Any) -> SSAValue:
        """Emit primitive ``name`` with the type of ``result``."""
        ...


InferRule = Callable[[list[Any], "PrimOp"], Any]
ExpandRule = Callable[[Expander, "PrimOp", list[SSAValue], list[Any], Any], "SSAValue | None"]


def infer_rule(*names: str) -> Callable[[InferRule], InferRule]:
    """Register ``fn(abstract_args, op) -> abstract_result`` for primitives ``names``."""

    def register(fn: InferRule) -> InferRule:
        for name in names:
            PRIMITIVES[name].rules["infer"] = fn
        return fn

    return register


def expand_rule(*names: str) -> Callable[[ExpandRule], ExpandRule]:
    """Register ``fn(expander, op, args, abstract_args, abstract_result)`` for
    primitives ``names``."""

    def register(fn: ExpandRule) -> ExpandRule:
        for name in names:
            PRIMITIVES[name].rules["expand"] = fn
        return fn

    return register


ATTRIBUTE_RULES: dict[type, tuple[Callable[..., Any], Callable[..., Any]]] = {}
"""Attributes of values other than records (``x.shape`` on arrays): for an abstract
value class, ``(infer(abstract, name) -> abstract, expand(expander, op, value,
abstract, result) -> SSAValue)``."""
