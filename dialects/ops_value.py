"""Values: ``myia.const`` (and the Python values of its literals),
``myia.undefined``, tuples, records and ``myia.getattr``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    ArrayAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TupleType,
    UnitAttr,
    f64,
    i1,
    i64,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from myia.dialects.ops_common import (
    check_same_type,
    parse_operand_list,
    parse_result_type,
    parse_value,
    print_operand_list,
    print_result_type,
    typed,
)
from myia.dialects.types import ANY, AnyType, NoneType, RecordType, StringType

# ---------------------------------------------------------------------------
# Values


@irdl_op_definition
class ConstOp(IRDLOperation):
    """A constant: ``myia.const 2``, ``myia.const 0.5``, ``myia.const true``,
    ``myia.const none``, ``myia.const "text"``; once typed, ``myia.const 0.5 : f32``.

    ``value`` is an IntegerAttr (i1 for bools), a FloatAttr, a StringAttr, or a
    UnitAttr for ``None``. Before inference, constants written as Python literals
    are *weak* (int64/float64 that give way to the other operand's type: ``2 * x``
    keeps ``x``'s float32); ``myia.const strong 0.1 : f32`` is a constant whose
    type is fixed (``np.float32(0.1)``). Non-finite floats print as ``inf``,
    ``-inf`` and ``nan``.
    """

    name = "myia.const"
    value = prop_def(Attribute)
    strong = opt_prop_def(UnitAttr)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, value: Attribute, result_type: Attribute = ANY, strong: bool = False):
        super().__init__(
            properties={"value": value, "strong": UnitAttr() if strong else None},
            result_types=[result_type],
        )

    @staticmethod
    def typed(value: Any, result_type: Attribute) -> ConstOp:
        """A typed constant of ``result_type`` (a scalar type or ``!myia.none``)."""
        return ConstOp(const_attr(value, result_type), result_type)

    def verify_(self) -> None:
        if not isinstance(self.value, IntegerAttr | FloatAttr | UnitAttr | StringAttr):
            raise VerifyException(
                f"myia.const holds an integer, float, bool, none or string, not {self.value}"
            )
        rtype = self.result.type
        if (
            not isinstance(rtype, AnyType)
            and isinstance(self.value, IntegerAttr | FloatAttr)
            and self.value.type != rtype
        ):
            raise VerifyException(
                f"myia.const of type {rtype} holds a value of type {self.value.type}"
            )
        expected = {StringAttr: StringType, UnitAttr: NoneType}.get(type(self.value))
        if expected is not None and not isinstance(rtype, AnyType | expected):
            what = "none" if isinstance(self.value, UnitAttr) else "a string"
            raise VerifyException(f"myia.const of type {rtype} holds {what}")

    def print(self, printer: Printer) -> None:
        value = self.value
        untyped = isinstance(self.result.type, AnyType)
        if untyped and self.strong is not None:
            printer.print_string(" strong ")
            print_literal(printer, value)
            printer.print_string(" : ")
            assert isinstance(value, IntegerAttr | FloatAttr)  # (verify_: a typed number)
            printer.print_attribute(value.type)
            return
        printer.print_string(" ")
        print_literal(printer, value)
        if not untyped:
            printer.print_string(" : ")
            printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ConstOp:
        strong = parser.parse_optional_keyword("strong") is not None
        start = parser.pos
        literal = parse_literal(parser)
        end = parser.pos
        if parser.parse_optional_punctuation(":") is None:
            if strong:
                parser.raise_error("a strong constant needs a type: `strong 0.5 : f32`")
            return ConstOp(const_attr(literal, literal_default_type(literal)), ANY)
        rtype = parser.parse_type()
        if isinstance(rtype, IntegerType) and (
            isinstance(literal, float)
            or (rtype.width.data == 1 and not isinstance(literal, bool) and literal not in (0, 1))
        ):
            # (const_attr would truncate it: 1.5 : i64 was 1)
            parser.raise_error(f"{literal!r} is not a value of type {rtype}", start, end)
        value = const_attr(literal, rtype)
        return ConstOp(value, ANY if strong else rtype, strong)


def literal_default_type(literal: Any) -> Attribute:
    if isinstance(literal, bool):
        return IntegerType(1)
    if isinstance(literal, int):
        return IntegerType(64)
    if isinstance(literal, float):
        return Float64Type()
    return ANY


def literal_attr(value: Any) -> Attribute | None:
    """The attribute an untyped ``myia.const`` holds for a Python literal (a
    bool, an int of 64 bits, a float, None or a str); None for another value."""
    if isinstance(value, bool):
        return IntegerAttr(int(value), i1)
    if isinstance(value, int):
        return IntegerAttr(value, i64) if -(2**63) <= value < 2**63 else None
    if isinstance(value, float):
        return FloatAttr(value, f64)
    if value is None:
        return UnitAttr()
    if isinstance(value, str):
        return StringAttr(value)
    return None


def const_attr(value: Any, type_: Attribute) -> Attribute:
    """The attribute ``myia.const`` holds for a Python value of IR type ``type_``."""
    if value is None:
        return UnitAttr()
    if isinstance(value, str):
        return StringAttr(value)
    if isinstance(type_, IntegerType):
        if isinstance(value, float):
            value = int(value)
        if type_.width.data == 1:
            return IntegerAttr(int(bool(value)), type_)
        return IntegerAttr(int(value), type_)
    if isinstance(type_, Float16Type | Float32Type | Float64Type):
        return FloatAttr(float(value), type_)
    raise VerifyException(f"a constant {value!r} cannot have type {type_}")


def literal_value(attr: Attribute) -> Any:
    """The Python value a constant attribute stands for (int, float, bool, str or
    None)."""
    if isinstance(attr, UnitAttr):
        return None
    if isinstance(attr, StringAttr):
        return attr.data
    if isinstance(attr, IntegerAttr):
        if isinstance(attr.type, IntegerType) and attr.type.width.data == 1:
            return bool(attr.value.data)
        return int(attr.value.data)
    if isinstance(attr, FloatAttr):
        return float(attr.value.data)
    raise VerifyException(f"{attr} is not a constant")


def print_literal(printer: Printer, value: Attribute) -> None:
    if isinstance(value, IntegerAttr):
        if value.type.width.data == 1:
            printer.print_string("true" if value.value.data else "false")
        else:
            printer.print_string(str(value.value.data))
    elif isinstance(value, FloatAttr):
        v = value.value.data
        if math.isnan(v):
            printer.print_string("nan")
        elif math.isinf(v):
            printer.print_string("inf" if v > 0 else "-inf")
        else:
            printer.print_string(_float_text(v, value.type))
    elif isinstance(value, UnitAttr):
        printer.print_string("none")
    elif isinstance(value, StringAttr):
        printer.print_string_literal(value.data)
    else:
        printer.print_attribute(value)


def _float_text(value: float, type_: Attribute) -> str:
    """The shortest text that reads back as the same value of this float type."""
    if isinstance(type_, Float32Type):
        text = str(np.float32(value))
    elif isinstance(type_, Float16Type):
        text = str(np.float16(value))
    else:
        text = repr(value)
    if "." not in text:
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0" + (f"e{exponent}" if exponent else "")
    return text


def parse_literal(parser: Parser) -> Any:
    for word, value in (("true", True), ("false", False), ("none", None),
                        ("inf", math.inf), ("nan", math.nan)):  # fmt: skip
        if parser.parse_optional_keyword(word) is not None:
            return value
    if (text := parser.parse_optional_str_literal()) is not None:
        return text
    if parser.parse_optional_punctuation("-") is not None:
        if parser.parse_optional_keyword("inf") is not None:
            return -math.inf
        return -parser.parse_number()
    return parser.parse_number()


@irdl_op_definition
class UndefinedOp(IRDLOperation):
    """A variable that may be read before Python assigns it (``UnboundLocalError``)."""

    name = "myia.undefined"
    var_name = prop_def(StringAttr)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, var_name: str, result_type: Attribute = ANY):
        super().__init__(properties={"var_name": StringAttr(var_name)}, result_types=[result_type])

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.var_name.data)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> UndefinedOp:
        name = parser.parse_str_literal("variable name")
        return UndefinedOp(name, parse_result_type(parser))


@irdl_op_definition
class TupleOp(IRDLOperation):
    """Build a tuple: ``%t = myia.tuple(%a, %b)``."""

    name = "myia.tuple"
    elements = var_operand_def()
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, elements: Sequence[SSAValue], result_type: Attribute = ANY):
        super().__init__(operands=[elements], result_types=[result_type])

    def verify_(self) -> None:
        rtype = self.result.type
        if not typed(rtype):
            return
        if not isinstance(rtype, TupleType) or len(rtype.types) != len(self.elements):
            raise VerifyException(
                f"a tuple of {len(self.elements)} values cannot be of type {rtype}"
            )
        for i, (e, t) in enumerate(zip(self.elements, rtype.types.data, strict=True)):
            check_same_type(e.type, t, f"element {i} of myia.tuple")

    def print(self, printer: Printer) -> None:
        print_operand_list(printer, self.elements)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> TupleOp:
        elements = parse_operand_list(parser)
        return TupleOp(elements, parse_result_type(parser))


@irdl_op_definition
class TupleGetOp(IRDLOperation):
    """Read a tuple element at a constant index: ``%a = myia.tuple_get %t[0]``."""

    name = "myia.tuple_get"
    tuple = operand_def()
    index = prop_def(IntAttr)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, tup: SSAValue, index: int, result_type: Attribute = ANY):
        super().__init__(
            operands=[tup], properties={"index": IntAttr(index)}, result_types=[result_type]
        )

    def verify_(self) -> None:
        if self.index.data < 0:
            raise VerifyException("myia.tuple_get index must be non-negative")
        ttype = self.tuple.type
        if isinstance(ttype, TupleType) and self.index.data >= len(ttype.types):
            raise VerifyException(
                f"myia.tuple_get index {self.index.data} is out of range for {ttype}"
            )
        if isinstance(ttype, TupleType):
            check_same_type(
                ttype.types.data[self.index.data],
                self.result.type,
                f"element {self.index.data} of {ttype}",
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.tuple)
        printer.print_string(f"[{self.index.data}]")
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> TupleGetOp:
        tup = parse_value(parser)
        parser.parse_punctuation("[")
        index = parser.parse_integer(allow_boolean=False, allow_negative=False)
        parser.parse_punctuation("]")
        return TupleGetOp(tup, index, parse_result_type(parser))


@irdl_op_definition
class RecordOp(IRDLOperation):
    """Build a dataclass instance: ``myia.record "mlp.Layer"(W = %w, b = %b)``."""

    name = "myia.record"
    class_name = prop_def(StringAttr)
    field_names = prop_def(ArrayAttr[StringAttr])
    fields = var_operand_def()
    result = result_def()
    traits = traits_def(Pure())

    def __init__(
        self,
        class_name: str,
        fields: Sequence[tuple[str, SSAValue]],
        result_type: Attribute = ANY,
    ):
        super().__init__(
            operands=[[v for _, v in fields]],
            properties={
                "class_name": StringAttr(class_name),
                "field_names": ArrayAttr([StringAttr(n) for n, _ in fields]),
            },
            result_types=[result_type],
        )

    def verify_(self) -> None:
        if len(self.field_names) != len(self.fields):
            raise VerifyException(
                f"myia.record has {len(self.field_names)} field names but {len(self.fields)} values"
            )
        rtype = self.result.type
        if not typed(rtype):
            return
        names = [n.data for n in self.field_names.data]
        if (
            not isinstance(rtype, RecordType)
            or rtype.class_name != self.class_name
            or [n for n, _ in rtype.fields] != names
        ):
            raise VerifyException(f"a record with fields {names} cannot be of type {rtype}")
        for (name, t), value in zip(rtype.fields, self.fields, strict=True):
            check_same_type(value.type, t, f"field {name} of myia.record")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.class_name.data)

        def print_field(i: int) -> None:
            printer.print_identifier_or_string_literal(self.field_names.data[i].data)
            printer.print_string(" = ")
            printer.print_operand(self.fields[i])

        with printer.in_parens():
            printer.print_list(range(len(self.fields)), print_field)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> RecordOp:
        class_name = parser.parse_str_literal("record class name")

        def parse_field() -> tuple[str, SSAValue]:
            fname = parser.parse_identifier_or_str_literal("field name")
            parser.parse_punctuation("=")
            return fname, parse_value(parser)

        fields = parser.parse_comma_separated_list(parser.Delimiter.PAREN, parse_field)
        return RecordOp(class_name, fields, parse_result_type(parser))


@irdl_op_definition
class GetAttrOp(IRDLOperation):
    """Read a field, or bind a method, of a record: ``myia.getattr %m, "W"``."""

    name = "myia.getattr"
    object = operand_def()
    attr = prop_def(StringAttr)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, obj: SSAValue, attr: str, result_type: Attribute = ANY):
        super().__init__(
            operands=[obj], properties={"attr": StringAttr(attr)}, result_types=[result_type]
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.object)
        printer.print_string(", ")
        printer.print_string_literal(self.attr.data)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> GetAttrOp:
        obj = parse_value(parser)
        parser.parse_punctuation(",")
        attr = parser.parse_str_literal("attribute name")
        return GetAttrOp(obj, attr, parse_result_type(parser))
