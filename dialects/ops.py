"""Structural operations of the myia dialect: functions, calls, closures, control
flow, constants, tuples and records.

Myia code is functional. Every function (a ``def``, a ``lambda``, and the branches,
loop bodies and continuations the frontend cuts a function into) is a top-level
``myia.func`` whose body is one straight-line block. Free variables are explicit:
a function's first ``num_captures`` parameters are the values it captures, and
``myia.closure @f(%x)`` builds a function value by supplying them. Control flow is
``myia.if`` (call one of two functions) and tail calls (loops).

Primitive operations (arithmetic, math, tuples, iteration...) are generated from
the rules table in :mod:`myia.dialects.primitive`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    ArrayAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    FunctionType,
    IntAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    SymbolRefAttr,
    TupleType,
    UnitAttr,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import (
    CallableOpInterface,
    HasParent,
    IsolatedFromAbove,
    IsTerminator,
    Pure,
    SymbolOpInterface,
    SymbolTable,
)
from xdsl.utils.exceptions import VerifyException

from myia.dialects.types import ANY, AnyType, NoneType, StringType

_MISSING: Any = object()

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


def typed(t: Attribute) -> bool:
    """Whether ``t`` is a type (not ``!myia.any``, a value not inferred yet)."""
    return not isinstance(t, AnyType)


def check_same_type(given: Attribute, expected: Attribute, what: str) -> None:
    """Typed IR is homogeneous (casts are explicit): a value of one type where
    another is expected is a verification error (types not inferred yet pass)."""
    if typed(given) and typed(expected) and given != expected:
        raise VerifyException(f"{what} is of type {given}, but {expected} is expected")


def _check_arguments(
    values: Sequence[SSAValue], params: Sequence[SSAValue], callee: FuncOp, what: str
) -> None:
    for value, param in zip(values, params, strict=True):
        name = param.name_hint or f"#{param.index}"  # type: ignore[attr-defined]
        check_same_type(
            value.type, param.type, f"{what}: the value for %{name} of @{callee.sym_name.data}"
        )


# ---------------------------------------------------------------------------
# Functions


class _FuncCallable(CallableOpInterface):
    @classmethod
    def get_callable_region(cls, op: Operation) -> Region:
        assert isinstance(op, FuncOp)
        return op.body

    @classmethod
    def get_argument_types(cls, op: Operation) -> tuple[Attribute, ...]:
        assert isinstance(op, FuncOp)
        return op.function_type.inputs.data

    @classmethod
    def get_result_types(cls, op: Operation) -> tuple[Attribute, ...]:
        assert isinstance(op, FuncOp)
        return op.function_type.outputs.data


KERNEL = "myia.kernel"
"""Attribute of the scalar functions that ``array_map``/``array_reduce`` run
(``myia-fuse-arrays`` makes them): their ops compute one element of the array
ops they come from."""


@irdl_op_definition
class FuncOp(IRDLOperation):
    """A function: one straight-line block ending in ``myia.return``.

    ``myia.func private @f.inner[%x](%y, %z = 2) owner @f { ... }``: ``%x`` is
    captured (``num_captures = 1``), ``%y`` and ``%z`` are parameters, and ``%z``
    defaults to 2 (``defaults`` holds the constants of the last parameters, as
    Python's ``__defaults__``; calls through ``myia.apply`` may pass parameters by
    name, the names of the block arguments). ``owner`` names the user function
    that a frontend-made function (a branch, a loop, a continuation) belongs to;
    tracebacks show the owner's frame. ``private`` functions may be removed when
    nothing refers to them.
    """

    name = "myia.func"

    body = region_def("single_block")
    sym_name = prop_def(StringAttr)
    function_type = prop_def(FunctionType)
    num_captures = prop_def(IntAttr)
    sym_visibility = opt_prop_def(StringAttr)
    owner = opt_prop_def(SymbolRefAttr)
    defaults = opt_prop_def(ArrayAttr)

    traits = traits_def(IsolatedFromAbove(), SymbolOpInterface(), _FuncCallable())

    def __init__(
        self,
        name: str,
        params: Sequence[str],
        num_captures: int = 0,
        *,
        arg_types: Sequence[Attribute] | None = None,
        result_type: Attribute = ANY,
        private: bool = False,
        owner: str | None = None,
        body: Region | None = None,
        defaults: Sequence[Attribute] = (),
    ):
        if arg_types is None:
            arg_types = [ANY] * len(params)
        if body is None:
            block = Block(arg_types=arg_types)
            for arg, pname in zip(block.args, params, strict=True):
                arg.name_hint = pname
            body = Region(block)
        super().__init__(
            properties={
                "sym_name": StringAttr(name),
                "function_type": FunctionType.from_lists(list(arg_types), [result_type]),
                "num_captures": IntAttr(num_captures),
                "sym_visibility": StringAttr("private") if private else None,
                "owner": SymbolRefAttr(owner) if owner else None,
                "defaults": ArrayAttr(list(defaults)) if defaults else None,
            },
            regions=[body],
        )

    # -- convenient views ------------------------------------------------------

    @property
    def entry(self) -> Block:
        return self.body.block

    @property
    def args(self) -> tuple[SSAValue, ...]:
        return self.body.block.args

    @property
    def captures(self) -> tuple[SSAValue, ...]:
        return self.body.block.args[: self.num_captures.data]

    @property
    def params(self) -> tuple[SSAValue, ...]:
        return self.body.block.args[self.num_captures.data :]

    @property
    def default_values(self) -> tuple[Attribute, ...]:
        """The constants (``myia.const`` values) of the last parameters' defaults."""
        return self.defaults.data if self.defaults is not None else ()

    def bind(
        self,
        leading: Sequence[Any],
        args: Sequence[Any],
        keywords: Sequence[tuple[str, Any]],
        default: Callable[[Attribute], Any],
    ) -> list[Any]:
        """The full argument list of a call, as Python binds it: ``leading``
        (captures, a bound receiver) first, then positional ``args``, ``keywords``
        by parameter name, and the defaults for what is missing. Raises
        ``MyiaTypeError`` with Python's messages."""
        from myia.errors import MyiaTypeError

        params = self.body.block.args[len(leading) :]
        names = [p.name_hint or f"arg{i}" for i, p in enumerate(params)]
        fname = self.sym_name.data.rsplit(".", 1)[-1]
        if len(args) > len(params):
            raise MyiaTypeError(
                f"{fname}() takes {len(params)} positional argument(s) but {len(args)} were given"
            )
        bound: list[Any] = list(args) + [_MISSING] * (len(params) - len(args))
        for name, value in keywords:
            if name not in names:
                raise MyiaTypeError(f"{fname}() got an unexpected keyword argument '{name}'")
            i = names.index(name)
            if bound[i] is not _MISSING:
                raise MyiaTypeError(f"{fname}() got multiple values for argument '{name}'")
            bound[i] = value
        defaults = self.default_values
        first_default = len(params) - len(defaults)
        for i, value in enumerate(bound):
            if value is _MISSING:
                if i < first_default:
                    raise MyiaTypeError(f"{fname}() missing required argument '{names[i]}'")
                bound[i] = default(defaults[i - first_default])
        return [*leading, *bound]

    @property
    def result_type(self) -> Attribute:
        return self.function_type.outputs.data[0]

    @property
    def is_private(self) -> bool:
        return self.sym_visibility is not None and self.sym_visibility.data == "private"

    def update_function_type(self) -> None:
        """Re-derive ``function_type`` from the block arguments and the return."""
        ret = self.entry.last_op
        result = ret.operands[0].type if isinstance(ret, ReturnOp) else self.result_type
        self.function_type = FunctionType.from_lists([a.type for a in self.args], [result])

    # -- verification ----------------------------------------------------------

    def verify_(self) -> None:
        block = self.body.block
        arg_types = tuple(a.type for a in block.args)
        if arg_types != self.function_type.inputs.data:
            raise VerifyException(
                f"@{self.sym_name.data}: the types of the block arguments "
                f"{[str(t) for t in arg_types]} differ from the function type "
                f"{self.function_type}"
            )
        if len(self.function_type.outputs) != 1:
            raise VerifyException(
                f"@{self.sym_name.data}: a myia function returns exactly one value"
            )
        if not 0 <= self.num_captures.data <= len(block.args):
            raise VerifyException(
                f"@{self.sym_name.data}: num_captures = {self.num_captures.data} but "
                f"the function has {len(block.args)} arguments"
            )
        last = block.last_op
        if not isinstance(last, ReturnOp):
            raise VerifyException(f"@{self.sym_name.data}: the body must end with myia.return")
        ret_type = last.value.type
        if not isinstance(self.result_type, AnyType) and ret_type != self.result_type:
            raise VerifyException(
                f"@{self.sym_name.data} is declared to return {self.result_type} "
                f"but returns {ret_type}"
            )
        if len(self.default_values) > len(self.params):
            raise VerifyException(
                f"@{self.sym_name.data} has {len(self.default_values)} defaults for "
                f"{len(self.params)} parameters"
            )
        if self.sym_visibility is not None and self.sym_visibility.data not in (
            "private",
            "public",
        ):
            raise VerifyException(
                f"@{self.sym_name.data}: visibility must be 'private' or 'public'"
            )

    # -- custom format ---------------------------------------------------------

    def print(self, printer: Printer) -> None:
        if self.is_private:
            printer.print_string(" private")
        printer.print_string(" ")
        printer.print_symbol_name(self.sym_name.data)
        args = self.body.block.args
        ncap = self.num_captures.data

        def print_arg(arg: SSAValue) -> None:
            printer.print_ssa_value(arg)
            if not isinstance(arg.type, AnyType):
                printer.print_string(" : ")
                printer.print_attribute(arg.type)

        if ncap:
            with printer.in_square_brackets():
                printer.print_list(args[:ncap], print_arg)
        params = args[ncap:]
        defaults = dict(zip(params[len(params) - len(self.default_values) :], self.default_values))

        def print_param(arg: SSAValue) -> None:
            print_arg(arg)
            if arg in defaults:
                printer.print_string(" = ")
                _print_literal(printer, defaults[arg])

        with printer.in_parens():
            printer.print_list(params, print_param)
        if not isinstance(self.result_type, AnyType):
            printer.print_string(" -> ")
            printer.print_attribute(self.result_type)
        if self.owner is not None:
            printer.print_string(" owner ")
            printer.print_symbol_name(self.owner.root_reference.data)
        if self.attributes:
            printer.print_string(" attributes ")
            printer.print_attr_dict(self.attributes)
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=False)

    @classmethod
    def parse(cls, parser: Parser) -> FuncOp:
        private = parser.parse_optional_keyword("private") is not None
        if not private:
            parser.parse_optional_keyword("public")
        name = parser.parse_symbol_name().data

        def parse_arg() -> Parser.Argument:
            arg = parser.parse_argument(expect_type=False)
            if parser.parse_optional_punctuation(":") is not None:
                return arg.resolve(parser.parse_type())
            return arg.resolve(ANY)

        captures: list[Parser.Argument] = []
        if (
            parser.parse_optional_punctuation("[") is not None
            and parser.parse_optional_punctuation("]") is None
        ):
            captures = [parse_arg()]
            while parser.parse_optional_punctuation(",") is not None:
                captures.append(parse_arg())
            parser.parse_punctuation("]")
        defaults: list[Attribute] = []

        def parse_param() -> Parser.Argument:
            arg = parse_arg()
            if parser.parse_optional_punctuation("=") is not None:
                literal = _parse_literal(parser)
                defaults.append(const_attr(literal, _default_type(literal)))
            elif defaults:
                parser.raise_error("a parameter without a default follows one with a default")
            return arg

        params = parser.parse_comma_separated_list(parser.Delimiter.PAREN, parse_param)
        result_type: Attribute = ANY
        if parser.parse_optional_punctuation("->") is not None:
            result_type = parser.parse_type()
        owner = None
        if parser.parse_optional_keyword("owner") is not None:
            owner = parser.parse_symbol_name().data
        attributes = {}
        if parser.parse_optional_keyword("attributes") is not None:
            attributes = parser.parse_optional_attr_dict()
        all_args = [*captures, *params]
        body = parser.parse_region(all_args)
        func = FuncOp(
            name,
            [a.name.text[1:] for a in all_args],
            len(captures),
            arg_types=[a.type for a in all_args],
            result_type=result_type,
            private=private,
            owner=owner,
            body=body,
            defaults=defaults,
        )
        func.attributes.update(attributes)
        return func


@irdl_op_definition
class ReturnOp(IRDLOperation):
    """Return a value from a ``myia.func``."""

    name = "myia.return"
    value = operand_def()
    traits = traits_def(IsTerminator(), HasParent(FuncOp))

    def __init__(self, value: SSAValue):
        super().__init__(operands=[value])

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.value)

    @classmethod
    def parse(cls, parser: Parser) -> ReturnOp:
        return ReturnOp(parse_value(parser))


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
        from myia.dialects.types import FunctionValueType

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
        from myia.dialects.types import FunctionValueType

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
            _print_literal(printer, value)
            printer.print_string(" : ")
            printer.print_attribute(value.type)  # type: ignore[union-attr]
            return
        printer.print_string(" ")
        _print_literal(printer, value)
        if not untyped:
            printer.print_string(" : ")
            printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ConstOp:
        strong = parser.parse_optional_keyword("strong") is not None
        start = parser.pos
        literal = _parse_literal(parser)
        end = parser.pos
        if parser.parse_optional_punctuation(":") is None:
            if strong:
                parser.raise_error("a strong constant needs a type: `strong 0.5 : f32`")
            return ConstOp(const_attr(literal, _default_type(literal)), ANY)
        rtype = parser.parse_type()
        if isinstance(rtype, IntegerType) and (
            isinstance(literal, float)
            or (rtype.width.data == 1 and not isinstance(literal, bool) and literal not in (0, 1))
        ):
            # (const_attr would truncate it: 1.5 : i64 was 1)
            parser.raise_error(f"{literal!r} is not a value of type {rtype}", start, end)
        value = const_attr(literal, rtype)
        return ConstOp(value, ANY if strong else rtype, strong)


def _default_type(literal: Any) -> Attribute:
    if isinstance(literal, bool):
        return IntegerType(1)
    if isinstance(literal, int):
        return IntegerType(64)
    if isinstance(literal, float):
        return Float64Type()
    return ANY


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


def _print_literal(printer: Printer, value: Attribute) -> None:
    if isinstance(value, IntegerAttr):
        if value.type.width.data == 1:  # type: ignore[union-attr]
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


def _parse_literal(parser: Parser) -> Any:
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
        from myia.dialects.types import RecordType

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


STRUCTURAL_OPS: list[type[Operation]] = [
    FuncOp,
    ReturnOp,
    CallOp,
    ApplyOp,
    ClosureOp,
    IfOp,
    ConstOp,
    UndefinedOp,
    TupleOp,
    TupleGetOp,
    RecordOp,
    GetAttrOp,
]
