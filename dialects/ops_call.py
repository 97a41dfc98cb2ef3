"""Calls and function values: ``myia.call``, ``myia.apply``, ``myia.closure`` and
``myia.if`` (control flow is calling one of two functions), and the checks of a
call against its callee."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xdsl.dialects.builtin import ArrayAttr, IntegerType, StringAttr, SymbolRefAttr
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
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
from xdsl.traits import Pure, SymbolTable
from xdsl.utils.exceptions import VerifyException

from myia.dialects.ops_common import (
    check_same_type,
    parse_operand_list,
    parse_optional_value,
    parse_result_type,
    parse_value,
    print_operand_list,
    print_result_type,
    typed,
)
from myia.dialects.ops_function import FuncOp
from myia.dialects.types import ANY, FunctionValueType


def lookup_function(op: Operation, callee: SymbolRefAttr) -> FuncOp:
    """The ``myia.func`` that ``callee`` names, seen from ``op``."""
    found = SymbolTable.lookup_symbol(op, callee)
    if found is None:
        raise VerifyException(
            f"'{op.name}' refers to an undefined function @{callee.string_value()}"
        )
    if not isinstance(found, FuncOp):
        raise VerifyException(f"@{callee.string_value()} is not a myia.func")
    return found


def _check_arity(op: Operation, callee: FuncOp, given: int, what: str) -> None:
    expected = len(callee.args)
    if given != expected:
        raise VerifyException(
            f"{what} passes {given} value(s) to @{callee.sym_name.data}, "
            f"which takes {expected} ({callee.num_captures.data} captured, "
            f"{expected - callee.num_captures.data} parameters)"
        )


def _check_arguments(
    values: Sequence[SSAValue], params: Sequence[SSAValue], callee: FuncOp, what: str
) -> None:
    for value, param in zip(values, params, strict=True):
        name = param.name_hint or f"#{param.index}"  # type: ignore[attr-defined]
        check_same_type(
            value.type, param.type, f"{what}: the value for %{name} of @{callee.sym_name.data}"
        )


# ---------------------------------------------------------------------------
# Calls and function values


@irdl_op_definition
class CallOp(IRDLOperation):
    """Call a known function: ``%r = myia.call @f(%captures..., %args...)``."""

    name = "myia.call"
    callee = prop_def(SymbolRefAttr)
    arguments = var_operand_def()
    result = result_def()

    def __init__(
        self, callee: str | SymbolRefAttr, args: Sequence[SSAValue], result_type: Attribute = ANY
    ):
        super().__init__(
            operands=[args],
            properties={"callee": SymbolRefAttr.get(callee)},
            result_types=[result_type],
        )

    def verify_(self) -> None:
        if (func := SymbolTable.lookup_symbol(self, self.callee)) is None:
            raise VerifyException(
                f"myia.call refers to an undefined function @{self.callee.string_value()}"
            )
        if isinstance(func, FuncOp):
            _check_arity(self, func, len(self.arguments), "myia.call")
            _check_arguments(self.arguments, func.args, func, "myia.call")
            check_same_type(
                func.result_type, self.result.type, f"the result of @{func.sym_name.data}"
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_symbol_name(self.callee.string_value())
        print_operand_list(printer, self.arguments)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> CallOp:
        callee = parser.parse_symbol_name().data
        args = parse_operand_list(parser)
        return CallOp(callee, args, parse_result_type(parser))


@irdl_op_definition
class ApplyOp(IRDLOperation):
    """Call a function value: ``%r = myia.apply %fn(%args...)``.

    Once typed, ``%fn`` is a ``!myia.fn<@a, @b>`` (a closure of one of these
    classes) and ``callees [@a_1, @b_1]`` names, for each class in order, the
    specialization this call site runs (a closure class may be called with
    different argument types at different sites).
    """

    name = "myia.apply"
    fn = operand_def()
    arguments = var_operand_def()
    callees = opt_prop_def(ArrayAttr[SymbolRefAttr])
    keywords = opt_prop_def(ArrayAttr[StringAttr])
    result = result_def()

    def __init__(
        self,
        fn: SSAValue,
        args: Sequence[SSAValue],
        result_type: Attribute = ANY,
        callees: Sequence[str] | None = None,
        keywords: Sequence[str] = (),
    ):
        super().__init__(
            operands=[fn, args],
            result_types=[result_type],
            properties={
                "callees": ArrayAttr([SymbolRefAttr(c) for c in callees])
                if callees is not None
                else None,
                "keywords": ArrayAttr([StringAttr(k) for k in keywords]) if keywords else None,
            },
        )

    @property
    def keyword_names(self) -> tuple[str, ...]:
        """The names of the last arguments, passed by keyword (``f(x, k = %v)``)."""
        return tuple(k.data for k in self.keywords.data) if self.keywords is not None else ()

    def split_arguments(self) -> tuple[list[Any], list[tuple[str, Any]]]:
        """The positional arguments and the (name, value) keyword arguments."""
        names = self.keyword_names
        args = list(self.arguments)
        cut = len(args) - len(names)
        return args[:cut], list(zip(names, args[cut:], strict=True))

    def verify_(self) -> None:
        if len(self.keyword_names) > len(self.arguments):
            raise VerifyException("myia.apply has more keyword names than arguments")
        if self.callees is None:
            return
        if self.keywords is not None:
            raise VerifyException("a typed myia.apply (with callees) passes arguments by position")
        fn_type = self.fn.type
        if typed(fn_type) and not isinstance(fn_type, FunctionValueType):
            raise VerifyException(f"myia.apply calls a value of type {fn_type}, not a function")
        if isinstance(fn_type, FunctionValueType) and len(fn_type.functions) != len(self.callees):
            raise VerifyException(
                f"myia.apply names {len(self.callees)} callee(s) for a value of type "
                f"{fn_type}, which has {len(fn_type.functions)} function(s)"
            )
        classes = fn_type.functions.data if isinstance(fn_type, FunctionValueType) else ()
        for i, ref in enumerate(self.callees.data):
            func = lookup_function(self, ref)
            # The closure supplies the captures; the call site the parameters.
            _check_arity(self, func, func.num_captures.data + len(self.arguments), "myia.apply")
            _check_arguments(self.arguments, func.params, func, "myia.apply")
            check_same_type(
                func.result_type, self.result.type, f"the result of @{func.sym_name.data}"
            )
            if classes:
                # What a closure of the class holds is what the callee captures.
                cls = lookup_function(self, classes[i])
                if [a.type for a in cls.captures] != [a.type for a in func.captures]:
                    raise VerifyException(
                        f"myia.apply runs @{func.sym_name.data} for the closures of "
                        f"@{cls.sym_name.data}, which capture different values"
                    )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.fn)
        positional, keywords = self.split_arguments()

        def print_keyword(item: tuple[str, SSAValue]) -> None:
            printer.print_identifier_or_string_literal(item[0])
            printer.print_string(" = ")
            printer.print_operand(item[1])

        with printer.in_parens():
            printer.print_list(positional, printer.print_operand)
            if positional and keywords:
                printer.print_string(", ")
            printer.print_list(keywords, print_keyword)
        if self.callees is not None:
            printer.print_string(" callees [")
            printer.print_list(
                self.callees.data, lambda r: printer.print_symbol_name(r.root_reference.data)
            )
            printer.print_string("]")
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> ApplyOp:
        fn = parse_value(parser)
        keywords: list[str] = []

        def parse_argument() -> SSAValue:
            if (operand := parse_optional_value(parser)) is not None:
                if keywords:
                    parser.raise_error("positional argument follows keyword argument")
                return operand
            keywords.append(parser.parse_identifier_or_str_literal("argument name"))
            parser.parse_punctuation("=")
            return parse_value(parser)

        args = parser.parse_comma_separated_list(parser.Delimiter.PAREN, parse_argument)
        callees = None
        if parser.parse_optional_keyword("callees") is not None:
            callees = [
                s.data
                for s in parser.parse_comma_separated_list(
                    parser.Delimiter.SQUARE, parser.parse_symbol_name
                )
            ]
        return ApplyOp(fn, args, parse_result_type(parser), callees, keywords)


@irdl_op_definition
class ClosureOp(IRDLOperation):
    """A function value: ``%g = myia.closure @f(%x)`` supplies @f's captures."""

    name = "myia.closure"
    callee = prop_def(SymbolRefAttr)
    captures = var_operand_def()
    result = result_def()
    traits = traits_def(Pure())

    def __init__(
        self,
        callee: str | SymbolRefAttr,
        captures: Sequence[SSAValue] = (),
        result_type: Attribute = ANY,
    ):
        super().__init__(
            operands=[captures],
            properties={"callee": SymbolRefAttr.get(callee)},
            result_types=[result_type],
        )

    def verify_(self) -> None:
        func = lookup_function(self, self.callee)
        if len(self.captures) != func.num_captures.data:
            raise VerifyException(
                f"myia.closure gives {len(self.captures)} captured value(s) to "
                f"@{func.sym_name.data}, which captures {func.num_captures.data}"
            )
        _check_arguments(self.captures, func.captures, func, "myia.closure")
        rtype = self.result.type
        if typed(rtype) and not (
            isinstance(rtype, FunctionValueType)
            and any(r == self.callee for r in rtype.functions.data)
        ):
            raise VerifyException(f"a closure of @{func.sym_name.data} cannot be of type {rtype}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_symbol_name(self.callee.string_value())
        if self.captures:
            print_operand_list(printer, self.captures)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> ClosureOp:
        callee = parser.parse_symbol_name().data
        captures: list[SSAValue] = []
        if parser._current_token.text == "(":
            captures = parse_operand_list(parser)
        return ClosureOp(callee, captures, parse_result_type(parser))


@irdl_op_definition
class IfOp(IRDLOperation):
    """Call one of two functions: ``myia.if %c, @then(%a), @else(%b)``.

    The condition must be a Bool; the frontend inserts ``myia.truth`` where Python
    would call ``bool()``.
    """

    name = "myia.if"
    cond = operand_def()
    then_fn = prop_def(SymbolRefAttr)
    else_fn = prop_def(SymbolRefAttr)
    then_args = var_operand_def()
    else_args = var_operand_def()
    result = result_def()
    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        cond: SSAValue,
        then_fn: str | SymbolRefAttr,
        then_args: Sequence[SSAValue],
        else_fn: str | SymbolRefAttr,
        else_args: Sequence[SSAValue],
        result_type: Attribute = ANY,
    ):
        super().__init__(
            operands=[cond, then_args, else_args],
            properties={
                "then_fn": SymbolRefAttr.get(then_fn),
                "else_fn": SymbolRefAttr.get(else_fn),
            },
            result_types=[result_type],
        )

    def verify_(self) -> None:
        for ref, args, what in (
            (self.then_fn, self.then_args, "the then-branch of myia.if"),
            (self.else_fn, self.else_args, "the else-branch of myia.if"),
        ):
            if (func := SymbolTable.lookup_symbol(self, ref)) is None:
                raise VerifyException(
                    f"{what} refers to an undefined function @{ref.string_value()}"
                )
            if isinstance(func, FuncOp):
                _check_arity(self, func, len(args), what)
                _check_arguments(args, func.args, func, what)
                check_same_type(
                    func.result_type, self.result.type, f"the result of @{func.sym_name.data}"
                )
        if typed(self.cond.type) and self.cond.type != IntegerType(1):
            raise VerifyException(f"the condition of myia.if is of type {self.cond.type}, not i1")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.cond)
        for ref, args in ((self.then_fn, self.then_args), (self.else_fn, self.else_args)):
            printer.print_string(", ")
            printer.print_symbol_name(ref.string_value())
            print_operand_list(printer, args)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> IfOp:
        cond = parse_value(parser)
        parser.parse_punctuation(",")
        then_fn = parser.parse_symbol_name().data
        then_args = parse_operand_list(parser)
        parser.parse_punctuation(",")
        else_fn = parser.parse_symbol_name().data
        else_args = parse_operand_list(parser)
        return IfOp(cond, then_fn, then_args, else_fn, else_args, parse_result_type(parser))
