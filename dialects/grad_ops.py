"""Operations of automatic differentiation.

``myia.grad %f argnums [0] value`` is the gradient of the function value ``%f``
(``myia.grad(f)``, ``myia.value_and_grad(f)``): a function value. Inference types
its applications; specialization turns each into ``myia.grad_apply`` inside a
small typed wrapper; the ``myia-grad`` pass expands every ``myia.grad_apply`` into
the J-transformed function and the call of its backpropagator, in ordinary typed
myia IR (so that it can be differentiated again). ``myia.j`` is the J view of a
value: the same value, whose functions are the J-transformed ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from xdsl.dialects.builtin import ArrayAttr, IntAttr, StringAttr, SymbolRefAttr, UnitAttr
from xdsl.ir import Attribute, Operation, SSAValue
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

from myia.dialects.ops_call import lookup_function
from myia.dialects.ops_common import (
    check_same_type,
    parse_operand_list,
    parse_result_type,
    parse_value,
    print_operand_list,
    print_result_type,
)
from myia.dialects.types import ANY

Argnum = int | str


def _argnums_attr(argnums: Sequence[Argnum]) -> ArrayAttr:
    return ArrayAttr([IntAttr(a) if isinstance(a, int) else StringAttr(a) for a in argnums])


def _print_argnums(printer: Printer, argnums: ArrayAttr) -> None:
    printer.print_string(" argnums [")

    def print_argnum(a: Attribute) -> None:
        if isinstance(a, IntAttr):
            printer.print_string(str(a.data))
        elif isinstance(a, StringAttr):
            printer.print_string_literal(a.data)

    printer.print_list(argnums.data, print_argnum)
    printer.print_string("]")


def _parse_argnums(parser: Parser) -> list[Argnum]:
    parser.parse_keyword("argnums")

    def item() -> Argnum:
        text = parser.parse_optional_str_literal()
        return text if text is not None else parser.parse_integer(allow_boolean=False)

    return parser.parse_comma_separated_list(parser.Delimiter.SQUARE, item)


@irdl_op_definition
class GradOp(IRDLOperation):
    """The gradient of a function value: ``%g = myia.grad %f argnums [0, "y"]``;
    with ``value``, the function returns ``(value, gradients)``.

    ``argnums`` are parameter positions or names (names are bound by inference,
    when the function is known). One argnum gives the gradient itself; several
    give a tuple.
    """

    name = "myia.grad"
    fn = operand_def()
    argnums = prop_def(ArrayAttr)
    with_value = opt_prop_def(UnitAttr)
    tuple_result = opt_prop_def(UnitAttr)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(
        self,
        fn: SSAValue,
        argnums: Sequence[Argnum],
        with_value: bool = False,
        tuple_result: bool = False,
        result_type: Attribute = ANY,
    ):
        super().__init__(
            operands=[fn],
            properties={
                "argnums": _argnums_attr(argnums),
                "with_value": UnitAttr() if with_value else None,
                "tuple_result": UnitAttr() if tuple_result else None,
            },
            result_types=[result_type],
        )

    @property
    def argnum_values(self) -> tuple[Argnum, ...]:
        return tuple(a.data for a in self.argnums.data)

    def verify_(self) -> None:
        if not self.argnums.data:
            raise VerifyException("myia.grad needs at least one argnum")
        if len(self.argnums.data) > 1 and self.tuple_result is None:
            raise VerifyException("myia.grad with several argnums returns a tuple")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.fn)
        _print_argnums(printer, self.argnums)
        if self.tuple_result is not None:
            printer.print_string(" tuple")
        if self.with_value is not None:
            printer.print_string(" value")
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> GradOp:
        fn = parse_value(parser)
        argnums = _parse_argnums(parser)
        tuple_result = parser.parse_optional_keyword("tuple") is not None
        with_value = parser.parse_optional_keyword("value") is not None
        return GradOp(fn, argnums, with_value, tuple_result, parse_result_type(parser))


@irdl_op_definition
class GradApplyOp(IRDLOperation):
    """Typed: the gradient of the closure ``%f`` at ``%args``, computed by the
    specialization ``callee`` (``myia-grad`` expands it).

    ``%r = myia.grad_apply %f(%x, %y) callee @loss argnums [0] : f64``. ``argnums``
    are positions among the parameters (after the captures).
    """

    name = "myia.grad_apply"
    fn = operand_def()
    arguments = var_operand_def()
    callee = prop_def(SymbolRefAttr)
    argnums = prop_def(ArrayAttr)
    with_value = opt_prop_def(UnitAttr)
    tuple_result = opt_prop_def(UnitAttr)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(
        self,
        fn: SSAValue,
        args: Sequence[SSAValue],
        callee: str,
        argnums: Sequence[int],
        with_value: bool,
        tuple_result: bool,
        result_type: Attribute,
    ):
        super().__init__(
            operands=[fn, args],
            properties={
                "callee": SymbolRefAttr(callee),
                "argnums": _argnums_attr(argnums),
                "with_value": UnitAttr() if with_value else None,
                "tuple_result": UnitAttr() if tuple_result else None,
            },
            result_types=[result_type],
        )

    @property
    def argnum_values(self) -> tuple[int, ...]:
        return tuple(a.data for a in self.argnums.data)

    def verify_(self) -> None:
        func = lookup_function(self, self.callee)
        nparams = len(func.params)
        if len(self.arguments) != nparams:
            raise VerifyException(
                f"myia.grad_apply passes {len(self.arguments)} argument(s) to "
                f"@{func.sym_name.data}, which takes {nparams}"
            )
        for argnum in self.argnum_values:
            if not isinstance(argnum, int) or not 0 <= argnum < nparams:
                raise VerifyException(
                    f"myia.grad_apply: argnum {argnum} is not one of the {nparams} "
                    f"parameter(s) of @{func.sym_name.data}"
                )
        for i, (value, param) in enumerate(zip(self.arguments, func.params, strict=True)):
            check_same_type(value.type, param.type, f"argument {i} of myia.grad_apply")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.fn)
        print_operand_list(printer, self.arguments)
        printer.print_string(" callee ")
        printer.print_symbol_name(self.callee.root_reference.data)
        _print_argnums(printer, self.argnums)
        if self.tuple_result is not None:
            printer.print_string(" tuple")
        if self.with_value is not None:
            printer.print_string(" value")
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> GradApplyOp:
        fn = parse_value(parser)
        args = parse_operand_list(parser)
        parser.parse_keyword("callee")
        callee = parser.parse_symbol_name().data
        argnums = _parse_argnums(parser)
        tuple_result = parser.parse_optional_keyword("tuple") is not None
        with_value = parser.parse_optional_keyword("value") is not None
        return GradApplyOp(
            fn,
            args,
            callee,
            [int(a) for a in argnums],
            with_value,
            tuple_result,
            parse_result_type(parser),
        )


class _UnaryTyped(IRDLOperation):
    """Base of the one-operand ops below (``%r = myia.<op> %v : T``)."""

    value = operand_def()
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, value: SSAValue, result_type: Attribute):
        super().__init__(operands=[value], result_types=[result_type])

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.value)
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        value = parse_value(parser)
        return cls(value, parse_result_type(parser))


@irdl_op_definition
class JOp(_UnaryTyped):
    """The J view of a value (``%j = myia.j %v : T``): the same data, with each
    function value replaced by the J transform of its function (same captures,
    each seen through J). Its type names the J-transformed functions."""

    name = "myia.j"


@irdl_op_definition
class EnvPackOp(_UnaryTyped):
    """The captures' sensitivities (a tuple) as a ``!myia.envsens<@f>``."""

    name = "myia.env_pack"


@irdl_op_definition
class EnvUnpackOp(_UnaryTyped):
    """The tuple of an ``!myia.envsens<@f>`` (zeros for the zero one)."""

    name = "myia.env_unpack"


@irdl_op_definition
class EnvIsZeroOp(_UnaryTyped):
    """Whether an ``!myia.envsens<@f>`` is zero (``i1``)."""

    name = "myia.env_is_zero"


@irdl_op_definition
class EnvZeroOp(IRDLOperation):
    """The zero ``!myia.envsens<@f>`` (nothing flowed to the captures)."""

    name = "myia.env_zero"
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, result_type: Attribute):
        super().__init__(result_types=[result_type])

    def print(self, printer: Printer) -> None:
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> EnvZeroOp:
        return EnvZeroOp(parse_result_type(parser))


GRAD_OPS: list[type[Operation]] = [
    GradOp,
    GradApplyOp,
    JOp,
    EnvPackOp,
    EnvUnpackOp,
    EnvIsZeroOp,
    EnvZeroOp,
]
