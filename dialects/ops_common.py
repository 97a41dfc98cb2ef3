"""What the custom syntax and the verifiers of the myia ops share: operand lists,
result types, and whether a type is inferred yet."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from myia.dialects.types import ANY, AnyType

# ---------------------------------------------------------------------------
# Format helpers shared by the custom syntax of every myia op.


def print_result_type(printer: Printer, op: Operation) -> None:
    """Print `` : T`` after an op, unless its result is not inferred yet."""
    result_type = op.results[0].type
    if not isinstance(result_type, AnyType):
        printer.print_string(" : ")
        printer.print_attribute(result_type)


def parse_result_type(parser: Parser) -> Attribute:
    if parser.parse_optional_punctuation(":") is None:
        return ANY
    return parser.parse_type()


def print_operand_list(printer: Printer, operands: Sequence[SSAValue]) -> None:
    with printer.in_parens():
        printer.print_list(operands, printer.print_operand)


def parse_optional_value(parser: Parser) -> SSAValue | None:
    """An operand that is already defined (myia ops print operands without their
    types: a function body is one block in which values are defined before use)."""
    unresolved = parser.parse_optional_unresolved_operand()
    if unresolved is None:
        return None
    name, index = unresolved.operand_name, unresolved.index
    values = parser.ssa_values.get(name)
    if values is None:
        parser.raise_error(f"%{name} is used before it is defined", unresolved.span)
    if index >= len(values):
        parser.raise_error(f"%{name} has only {len(values)} result(s)", unresolved.span)
    return values[index]


def parse_value(parser: Parser) -> SSAValue:
    value = parse_optional_value(parser)
    if value is None:
        parser.raise_error("expected an operand (%name)")
    return value


def parse_operand_list(parser: Parser) -> list[SSAValue]:
    return parser.parse_comma_separated_list(parser.Delimiter.PAREN, lambda: parse_value(parser))


def typed(t: Attribute) -> bool:
    """Whether ``t`` is a type (not ``!myia.any``, a value not inferred yet)."""
    return not isinstance(t, AnyType)


def check_same_type(given: Attribute, expected: Attribute, what: str) -> None:
    """Typed IR is homogeneous (casts are explicit): a value of one type where
    another is expected is a verification error (types not inferred yet pass)."""
    if typed(given) and typed(expected) and given != expected:
        raise VerifyException(f"{what} is of type {given}, but {expected} is expected")
