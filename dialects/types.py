"""Types of the myia dialect.

Scalars, tuples and arrays reuse builtin types (``i1`` is Bool, ``i8``..``i64`` are
Int, ``ui8``..``ui64`` are UInt, ``f16``/``f32``/``f64`` are Float, ``tuple<...>``
and ``tensor<...>``). The types below are the ones MLIR has no equivalent for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from xdsl.dialects.builtin import (
    ArrayAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    Signedness,
    StringAttr,
    SymbolRefAttr,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute, ParametrizedAttribute, TypeAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer


@irdl_attr_definition
class AnyType(ParametrizedAttribute, TypeAttribute):
    """A value whose type is not inferred yet: everything the frontend emits."""

    name = "myia.any"


@irdl_attr_definition
class NoneType(ParametrizedAttribute, TypeAttribute):
    """The type of Python's ``None``."""

    name = "myia.none"


@irdl_attr_definition
class ListType(ParametrizedAttribute, TypeAttribute):
    """A homogeneous list of dynamic length: ``!myia.list<f64>``."""

    name = "myia.list"
    element: Attribute

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_attribute(self.element)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> tuple[Attribute]:
        parser.parse_punctuation("<")
        element = parser.parse_type()
        parser.parse_punctuation(">")
        return (element,)


@irdl_attr_definition
class RecordType(ParametrizedAttribute, TypeAttribute):
    """A dataclass instance, by class name and typed fields.

    ``!myia.record<"mlp.TanhLayer", W: tensor<10x12xf64>, b: tensor<1x12xf64>>``.
    Records stay records through inference, specialization and gradients (their
    fields read with ``myia.getattr``); only the native lowering flattens them, like
    tuples, into the leaves of their fields (``lowering/layout.py``), and the cpu
    backend rebuilds dataclass instances at the Python boundary.
    """

    name = "myia.record"
    class_name: StringAttr
    field_names: ArrayAttr[StringAttr]
    field_types: ArrayAttr[Attribute]

    def __init__(self, class_name: str, fields: Sequence[tuple[str, Attribute]]) -> None:
        super().__init__(
            StringAttr(class_name),
            ArrayAttr([StringAttr(n) for n, _ in fields]),
            ArrayAttr([t for _, t in fields]),
        )

    @property
    def fields(self) -> list[tuple[str, Attribute]]:
        return [
            (n.data, t) for n, t in zip(self.field_names.data, self.field_types.data, strict=True)
        ]

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string_literal(self.class_name.data)
            for field_name, field_type in self.fields:
                printer.print_string(", ")
                printer.print_identifier_or_string_literal(field_name)
                printer.print_string(": ")
                printer.print_attribute(field_type)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> tuple[Attribute, ...]:
        parser.parse_punctuation("<")
        class_name = parser.parse_str_literal("record class name")
        names: list[StringAttr] = []
        types: list[Attribute] = []
        while parser.parse_optional_punctuation(",") is not None:
            names.append(StringAttr(parser.parse_identifier_or_str_literal()))
            parser.parse_punctuation(":")
            types.append(parser.parse_type())
        parser.parse_punctuation(">")
        return (StringAttr(class_name), ArrayAttr(names), ArrayAttr(types))


@irdl_attr_definition
class FunctionValueType(ParametrizedAttribute, TypeAttribute):
    """A function value that is one of a known set of functions: ``!myia.fn<@f, @g>``.

    Each symbol names a (specialized) ``myia.func``; the captured values of the
    closure are that function's leading parameters, so the type stays finite even
    for closures that capture themselves (the backpropagators of recursion).
    """

    name = "myia.fn"
    functions: ArrayAttr[SymbolRefAttr]

    def __init__(self, functions: Sequence[str | SymbolRefAttr]) -> None:
        super().__init__(ArrayAttr([SymbolRefAttr.get(f) for f in functions]))

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_list(
                self.functions.data,
                lambda ref: printer.print_symbol_name(ref.root_reference.data),
            )

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> tuple[Attribute, ...]:
        refs = parser.parse_comma_separated_list(
            parser.Delimiter.ANGLE, lambda: SymbolRefAttr(parser.parse_symbol_name())
        )
        return (ArrayAttr(refs),)


@irdl_attr_definition
class EnvSensType(ParametrizedAttribute, TypeAttribute):
    """The sensitivities of what a closure of ``@f`` captures, when ``@f``'s
    closures contain closures of their own class (backpropagators of loops and
    recursion): ``!myia.envsens<@f>``. Named rather than spelled out, since it
    contains itself; zero is a value of its own (``myia.env_zero``)."""

    name = "myia.envsens"
    function: SymbolRefAttr

    def __init__(self, function: str | SymbolRefAttr) -> None:
        super().__init__(SymbolRefAttr.get(function))

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_symbol_name(self.function.root_reference.data)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> tuple[Attribute, ...]:
        parser.parse_punctuation("<")
        name = parser.parse_symbol_name().data
        parser.parse_punctuation(">")
        return (SymbolRefAttr(name),)


@irdl_attr_definition
class StringType(ParametrizedAttribute, TypeAttribute):
    """A string (a compile-time constant: strings have no operations at run time)."""

    name = "myia.str"


ANY = AnyType()
NONE = NoneType()


def any_part(t: Attribute, test: Callable[[Attribute], bool], *, lists: bool = True) -> bool:
    """Whether ``test`` holds for ``t`` or for a type inside it: the elements
    of tuples, the fields of records and (with ``lists``) the element of lists."""
    if test(t):
        return True
    if isinstance(t, TupleType):
        parts: Sequence[Attribute] = t.types.data
    elif isinstance(t, RecordType):
        parts = [ft for _, ft in t.fields]
    elif lists and isinstance(t, ListType):
        parts = [t.element]
    else:
        return False
    return any(any_part(p, test, lists=lists) for p in parts)


def has_list(t: Attribute) -> bool:
    """Whether values of type ``t`` hold a list."""
    return any_part(t, lambda u: isinstance(u, ListType))


def has_tensor(t: Attribute) -> bool:
    """Whether values of type ``t`` hold an array (lists of arrays included)."""
    return any_part(t, lambda u: isinstance(u, TensorType))


def tuple_type(types: Iterable[Attribute]) -> TupleType:
    """The tuple type of ``types`` (xDSL's ``TupleType`` converts a list to the
    ``ArrayAttr[TypeAttribute]`` its parameter is typed as)."""
    return TupleType(tuple(types))  # type: ignore[arg-type]  # (converted by xDSL)


def closure_classes_in(t: Attribute) -> set[str]:
    """The closure classes a value of type ``t`` may hold."""
    if isinstance(t, FunctionValueType):
        return {r.root_reference.data for r in t.functions.data}
    if isinstance(t, TupleType):
        return {c for e in t.types.data for c in closure_classes_in(e)}
    if isinstance(t, RecordType):
        return {c for _, ft in t.fields for c in closure_classes_in(ft)}
    if isinstance(t, ListType):
        return closure_classes_in(t.element)
    return set()


def type_str(t: Attribute) -> str:
    """The original myia talk's notation for a type: ``f64``, ``f64 x 3 x 12``, ``(i64, f64)``."""
    if isinstance(t, AnyType):
        return "?"
    if isinstance(t, NoneType):
        return "None"
    if isinstance(t, StringType):
        return "str"
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return "bool"
        prefix = "u" if t.signedness.data == Signedness.UNSIGNED else "i"
        return f"{prefix}{width}"
    if isinstance(t, Float16Type | Float32Type | Float64Type):
        return f"f{t.bitwidth}"
    if isinstance(t, TensorType):
        dims = ["?" if d < 0 else str(d) for d in t.get_shape()]
        return " x ".join([type_str(t.element_type), *dims])
    if isinstance(t, TupleType):
        return "(" + ", ".join(type_str(e) for e in t.types.data) + ")"
    if isinstance(t, ListType):
        return f"[{type_str(t.element)}]"
    if isinstance(t, RecordType):
        short = t.class_name.data.rsplit(".", 1)[-1]
        inner = ", ".join(f"{n} :: {type_str(ft)}" for n, ft in t.fields)
        return f"{short}({inner})"
    if isinstance(t, FunctionValueType):
        return "fn(" + ", ".join("@" + r.root_reference.data for r in t.functions.data) + ")"
    return str(t)
