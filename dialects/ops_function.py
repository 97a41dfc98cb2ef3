"""Functions of the myia dialect: ``myia.func`` and ``myia.return``.

The structural ops are in three modules: functions (here), calls and function
values (:mod:`myia.dialects.ops_call`), values (:mod:`myia.dialects.ops_value`).

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

from collections.abc import Callable, Sequence
from typing import Any

from xdsl.dialects.builtin import ArrayAttr, FunctionType, IntAttr, StringAttr, SymbolRefAttr
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import (
    CallableOpInterface,
    HasParent,
    IsolatedFromAbove,
    IsTerminator,
    SymbolOpInterface,
)
from xdsl.utils.exceptions import VerifyException

from myia.dialects.ops_common import parse_value
from myia.dialects.ops_value import const_attr, literal_default_type, parse_literal, print_literal
from myia.dialects.types import ANY, AnyType
from myia.errors import MyiaTypeError

_MISSING: Any = object()

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
        defaults: dict[SSAValue, Attribute] = dict(
            zip(params[len(params) - len(self.default_values) :], self.default_values)
        )

        def print_param(arg: SSAValue) -> None:
            print_arg(arg)
            if arg in defaults:
                printer.print_string(" = ")
                print_literal(printer, defaults[arg])

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
                literal = parse_literal(parser)
                defaults.append(const_attr(literal, literal_default_type(literal)))
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
