"""The registry of primitive operations, and each one's table of rules.

A primitive is declared once, with :func:`primitive`, next to its reference
implementation on Python values (``dialects/prims_*.py``). Each entry becomes an
op of the myia dialect (``myia.<name>``) with the syntax ``%r = myia.add %a, %b :
f64``. Each stage registers its rule in the primitive's :class:`RuleTable`, from
the module of that stage: inference and expansion beside the declaration, may-raise
in ``raise_rules``, gradients in ``grad_rules*``, lowerings in ``myia.lowering``.
A rule is registered once (a second registration raises); array and list rules
are entries of their own. A math function is one row of
:data:`myia.dialects.prims_math.MATH_TABLE`, from which all its rules derive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Self

from xdsl.dialects.builtin import (
    AnyFloat,
    Float64Type,
    IntegerType,
    TensorType,
    TupleType,
    UnitAttr,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    opt_prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import (
    ConditionallySpeculatable,
    EffectInstance,
    MemoryEffect,
    MemoryEffectKind,
)
from xdsl.utils.exceptions import VerifyException

from myia.dialects.abstract import (
    Abstract,
    AbstractArray,
    AbstractBottom,
    AbstractList,
    AbstractNone,
    AbstractScalar,
    AbstractString,
    AbstractTuple,
    abstract_str,
    from_type,
    scalar_type,
    to_type,
)
from myia.dialects.ops_common import (
    parse_optional_value,
    parse_result_type,
    parse_value,
    print_result_type,
    typed,
)
from myia.dialects.ops_function import KERNEL, FuncOp
from myia.dialects.ops_value import ConstOp, TupleOp, literal_value
from myia.dialects.types import ANY, ListType, NoneType
from myia.errors import MyiaError

OPERAND_KINDS = ("list", "array")
"""The kinds of operands a primitive's stage may have a rule of its own for (a
list's ``getitem``, an array's ``sin``), in the order :class:`RuleTable` tries
them, before the primitive's own rule (scalars, tuples...)."""


class RuleTable(Mapping[str, Any]):
    """The rules that the stages register for one primitive, keyed by stage
    (``"infer"``, ``"expand"``, ``"lower"``, ``"grad"``, ``"raises"``...).

    Each entry is registered once: registering a stage's rule again raises, so a
    rule never wraps an earlier one and import order cannot change a table. A
    stage that computes otherwise on arrays or lists registers a separate entry
    for that kind of operands (``register(stage, rule, kind="array")``), which
    returns ``NotImplemented`` for operands not of its kind; ``table[stage]``
    then dispatches explicitly: the kinds' rules in :data:`OPERAND_KINDS` order,
    then the primitive's own. A user's rule (``myia.register_bprop``) overrides
    all of them until removed."""

    def __init__(self, name: str):
        self.name = name
        self._own: dict[str, Any] = {}
        self._kinds: dict[str, dict[str, Any]] = {}
        self._overrides: dict[str, Any] = {}
        self._dispatchers: dict[str, Callable[..., Any]] = {}

    def register(self, stage: str, rule: Any, kind: str | None = None) -> None:
        """Register ``rule`` as the ``stage`` rule (for operands of ``kind``)."""
        if kind is not None and kind not in OPERAND_KINDS:
            raise ValueError(f"unknown kind of operands {kind!r} (not one of {OPERAND_KINDS})")
        table = self._own if kind is None else self._kinds.setdefault(stage, {})
        key = stage if kind is None else kind
        if key in table:
            of = "" if kind is None else f" for {kind} operands"
            raise ValueError(f"primitive {self.name!r} already has a {stage!r} rule{of}")
        table[key] = rule
        self._dispatchers.pop(stage, None)

    def __setitem__(self, stage: str, rule: Any) -> None:
        self.register(stage, rule)

    def update(self, **rules: Any) -> None:
        for stage, rule in rules.items():
            self.register(stage, rule)

    def own(self, stage: str) -> Any:
        """The primitive's own ``stage`` rule (not its kinds'), or None."""
        return self._own.get(stage)

    def kind_rules(self, stage: str) -> dict[str, Any]:
        """The ``stage`` rules for other kinds of operands, by kind."""
        return dict(self._kinds.get(stage, {}))

    def override(self, stage: str, rule: Any) -> None:
        """A user's ``stage`` rule, used instead of the built-in ones."""
        self._overrides[stage] = rule

    def remove_override(self, stage: str) -> None:
        self._overrides.pop(stage, None)

    def __getitem__(self, stage: str) -> Any:
        if stage in self._overrides:
            return self._overrides[stage]
        kinds = self._kinds.get(stage)
        if not kinds:
            return self._own[stage]
        dispatcher = self._dispatchers.get(stage)
        if dispatcher is None:
            dispatcher = self._dispatchers[stage] = self._dispatcher(stage, kinds)
        return dispatcher

    def _dispatcher(self, stage: str, kinds: dict[str, Any]) -> Callable[..., Any]:
        rules = [kinds[k] for k in OPERAND_KINDS if k in kinds]
        own = self._own.get(stage)
        name = self.name

        def dispatch(*args: Any) -> Any:
            for rule in rules:
                result = rule(*args)
                if result is not NotImplemented:
                    return result
            if own is None:
                if stage == "expand":
                    return None  # (no expansion: the op is kept, typed)
                raise NotImplementedError(f"{name}: no {stage} rule for these operands")
            return own(*args)

        return dispatch

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._own, *self._kinds, *self._overrides]))

    def __len__(self) -> int:
        return len(list(iter(self)))


@dataclass
class Primitive:
    """One primitive: its name, arity and reference semantics, plus the rules that
    later stages register for it (:class:`RuleTable`: ``rules["infer"]``...)."""

    name: str
    arity: int | tuple[int, int]
    impl: Callable[..., Any]
    doc: str
    op: type[PrimOp] = field(init=False)
    rules: RuleTable = field(init=False)

    def __post_init__(self) -> None:
        self.rules = RuleTable(self.name)

    def __call__(self, *args: Any) -> Any:
        """The reference implementation: a declared primitive is a Python function
        (and, in code myia compiles, the primitive: ``myia.frontend`` resolves it)."""
        return self.impl(*args)

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


# ---------------------------------------------------------------------------
# Effects: ops that may raise
#
# A primitive op computes a value from its operands and nothing else, but some
# raise for some operands, as Python does (``a // b`` when b is 0, ``l[i]`` out
# of range, ``int(nan)``, a Python int that overflows). Raising is an effect
# that Python's semantics makes visible: such an op is never dead code, even
# when its result is unused, and it is never speculated (moved where it would
# run when the program would not have run it). Whether an op may raise is
# decided per op by its primitive's ``raises`` rule (``rules["raises"]``, in
# :mod:`myia.dialects.raise_rules`), from its operand types, constant operands
# and properties; a primitive without one is assumed to raise. Everything else
# about it is pure: two identical ops compute the same value and raise alike,
# so CSE may still replace an op by an identical one before it.


RAISE_EFFECTS = frozenset({EffectInstance(MemoryEffectKind.WRITE)})
"""How an op that may raise shows to xDSL's passes: as a write to the world,
which no DCE removes and no CSE merges (myia's ``cse`` knows better:
:func:`myia.passes.cse.cse`)."""


def may_raise(op: Operation) -> bool:
    """Whether a primitive op may raise at run time (other ops: False; calls have
    effects of their own)."""
    if not isinstance(op, PrimOp):
        return False
    rule = op.PRIMITIVE.rules.get("raises")
    return True if rule is None else bool(rule(op))


class MayRaise(MemoryEffect, ConditionallySpeculatable):
    """The effects of a primitive op: none, or :data:`RAISE_EFFECTS` when it may
    raise (then it is also not speculatable)."""

    @classmethod
    def get_effects(cls, op: Operation) -> frozenset[EffectInstance]:
        return RAISE_EFFECTS if may_raise(op) else frozenset()

    @classmethod
    def is_speculatable(cls, op: Operation) -> bool:
        return not may_raise(op)


INT_CHECKED = frozenset(
    {"add", "sub", "mul", "neg", "abs", "pow", "floordiv", "mod", "lshift", "cast"}
)
"""The primitives that take ``checked`` on Python ints (i64), which never wrap and
raise ZeroDivisionError for a zero divisor."""

FLOAT_CHECKED = frozenset({"truediv", "floordiv", "mod", "pow"})
"""The primitives that take ``checked`` on Python floats (f64): those where
CPython raises and numpy gives inf or nan (a zero divisor, ``0.0 ** -1.0``,
``10.0 ** 400.0``)."""


class PrimOp(IRDLOperation):
    """Base of every generated primitive op; ``PRIMITIVE`` is its table entry.

    ``checked`` (printed after the operands: ``myia.add %a, %b checked : i64``)
    marks arithmetic on Python scalars, which follows CPython: on Python ints
    (i64), the result is exact, so a result that does not fit the 64-bit type
    raises ``OverflowError``, and a zero divisor raises ``ZeroDivisionError``;
    on Python floats (f64), a zero divisor raises ``ZeroDivisionError`` and a
    power CPython's errors. An op without it computes as numpy does on its
    scalars: ints wrap around, a zero divisor gives 0 (ints) or inf and nan
    (floats), powers of floats inf and nan. Specialization sets it where the
    result is a Python int or float (a weak ``int64`` or ``float64``).

    ``numpy`` (untyped IR: ``myia.add %a, %b numpy``) marks a numpy function
    (``np.add``, ``np.sin``...): on Python scalars it computes as numpy does on
    its own scalars and gives one (``np.sin(1.0)`` is an ``np.float64``,
    ``np.divide(1.0, 0.0)`` is inf). Inference reads it; typed ops need no such
    mark: their types say whose semantics they have."""

    name = "myia.prim"
    args = var_operand_def()
    result = result_def()
    checked = opt_prop_def(UnitAttr)
    numpy = opt_prop_def(UnitAttr)
    traits = traits_def(MayRaise())

    PRIMITIVE: ClassVar[Primitive]

    def __init__(
        self,
        args: Sequence[SSAValue],
        result_type: Attribute = ANY,
        checked: bool = False,
        numpy: bool = False,
    ):
        properties = {}
        if checked:
            properties["checked"] = UnitAttr()
        if numpy:
            properties["numpy"] = UnitAttr()
        super().__init__(operands=[args], result_types=[result_type], properties=properties)

    def verify_(self) -> None:
        prim = self.PRIMITIVE
        if not prim.accepts(len(self.args)):
            raise VerifyException(f"{self.name} takes {prim.arity_text()}, got {len(self.args)}")
        if self.checked is not None:
            rtype = self.result.type
            if prim.name not in INT_CHECKED | FLOAT_CHECKED:
                raise VerifyException(f"{self.name} does not take `checked`")
            on_ints = isinstance(rtype, IntegerType) and rtype.width.data == 64
            if not (
                (on_ints and prim.name in INT_CHECKED)
                or (isinstance(rtype, Float64Type) and prim.name in FLOAT_CHECKED)
            ):
                kinds = [
                    kind
                    for kind, names in (
                        ("ints (i64)", INT_CHECKED),
                        ("floats (f64)", FLOAT_CHECKED),
                    )
                    if prim.name in names
                ]
                raise VerifyException(
                    f"`checked` {prim.name} is for arithmetic on Python {' or '.join(kinds)}, "
                    f"not {rtype}"
                )
        if typed(self.result.type) and all(typed(a.type) for a in self.args):
            check_result_type(self)

    def print(self, printer: Printer) -> None:
        if self.args:
            printer.print_string(" ")
            printer.print_list(self.args, printer.print_operand)
        if self.checked is not None:
            printer.print_string(" checked")
        if self.numpy is not None:
            printer.print_string(" numpy")
        print_result_type(printer, self)

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        args: list[SSAValue] = []
        first = parse_optional_value(parser)
        if first is not None:
            args.append(first)
            while parser.parse_optional_punctuation(",") is not None:
                args.append(parse_value(parser))
        checked = parser.parse_optional_keyword("checked") is not None
        numpy = parser.parse_optional_keyword("numpy") is not None
        return cls(args, parse_result_type(parser), checked, numpy)


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


def prim_op(
    name: str,
    *args: SSAValue,
    result_type: Attribute = ANY,
    checked: bool = False,
    numpy: bool = False,
) -> PrimOp:
    """Build the op of primitive ``name`` (``checked``, ``numpy``: see :class:`PrimOp`)."""
    return PRIMITIVES[name].op(list(args), result_type, checked, numpy)


def check_result_type(op: PrimOp) -> None:
    """Typed IR gives a primitive the result type its inference rule gives for
    its operands' types: what lowering relies on (a scalar operand where an
    array goes, or an array result of scalars, would be miscompiled). Only what
    the types (and the constants among the operands) determine is compared."""
    rule = op.PRIMITIVE.rules.get("infer")
    if rule is None or "macro" in op.PRIMITIVE.rules:
        return
    types = [a.type for a in op.args]
    homogeneous = op.PRIMITIVE.rules.get("homogeneous", False)
    if homogeneous and any(isinstance(t, NoneType) for t in types):
        return  # (gradients add None, the zero of what has none, to values)
    if (
        homogeneous
        and all(isinstance(t, IntegerType | AnyFloat) for t in types)
        and len(set(types)) > 1
    ):
        raise VerifyException(
            f"{op.name} takes operands of one type (typed IR casts explicitly), not "
            f"{', '.join(map(str, types))}"
        )
    try:
        args = [_operand_abstract(a) for a in op.args]
    except TypeError:  # a type inference does not start from (a function's...)
        return
    try:
        inferred = rule(args, op)
    except MyiaError as exc:
        shown = ", ".join(map(str, types))
        raise VerifyException(f"{op.name} on {shown}: {exc.message}") from None
    if isinstance(inferred, AbstractArray) and not inferred.shape and _in_kernel(op):
        inferred = AbstractScalar(inferred.dtype)  # (one element: where of scalars)
    if not _compatible(inferred, op.result.type):
        try:
            shown = str(to_type(inferred))
        except TypeError:
            shown = abstract_str(inferred)
        raise VerifyException(
            f"{op.name} on {', '.join(str(a.type) for a in op.args)} gives {shown}, "
            f"not {op.result.type}"
        )


def _in_kernel(op: Operation) -> bool:
    """Whether ``op`` computes one element of a fused array operation (numpy
    makes a 0-d array of ``where`` of scalars; a kernel makes the scalar)."""
    parent = op.parent_op()
    while parent is not None and not isinstance(parent, FuncOp):
        parent = parent.parent_op()
    return parent is not None and KERNEL in parent.attributes


def _operand_abstract(value: SSAValue) -> Abstract:
    """What the type of ``value`` says of it, with its value if a constant."""
    owner = value.owner
    if isinstance(owner, ConstOp):
        abstract = from_type(value.type)
        if isinstance(abstract, AbstractScalar):
            return AbstractScalar(abstract.dtype, False, literal_value(owner.value))
        if isinstance(abstract, AbstractString):
            return AbstractString(literal_value(owner.value))
        return abstract
    if isinstance(owner, TupleOp):
        return AbstractTuple(tuple(_operand_abstract(e) for e in owner.elements))
    return from_type(value.type)


def _compatible(inferred: Abstract, t: Attribute) -> bool:
    """Whether a value of abstract value ``inferred`` can have type ``t``: same
    structure and dtypes; array sizes known on one side only, function types
    and values without a type of their own (ranges, iterators...) pass."""
    if isinstance(inferred, AbstractArray):
        if not isinstance(t, TensorType):
            return False
        shape = t.get_shape()
        return (
            len(shape) == len(inferred.shape)
            and scalar_type(inferred.dtype) == t.element_type
            and all(a is None or b < 0 or a == b for a, b in zip(inferred.shape, shape))
        )
    if isinstance(inferred, AbstractScalar):
        return scalar_type(inferred.dtype) == t
    if isinstance(inferred, AbstractTuple):
        return (
            isinstance(t, TupleType)
            and len(t.types) == len(inferred.elements)
            and all(_compatible(e, u) for e, u in zip(inferred.elements, t.types.data))
        )
    if isinstance(inferred, AbstractList):
        return isinstance(t, ListType) and (
            isinstance(inferred.element, AbstractBottom) or _compatible(inferred.element, t.element)
        )
    if isinstance(inferred, AbstractNone):
        return isinstance(t, NoneType)
    return True


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


def register_rule(stage: str, *names: str, kind: str | None = None) -> Callable[[Any], Any]:
    """Register the decorated function as the ``stage`` rule of primitives ``names``
    (for operands of ``kind``: see :class:`RuleTable`); a second registration raises."""

    def register(fn: Any) -> Any:
        for name in names:
            PRIMITIVES[name].rules.register(stage, fn, kind)
        return fn

    return register


def infer_rule(*names: str, kind: str | None = None) -> Callable[[InferRule], InferRule]:
    """Register ``fn(abstract_args, op) -> abstract_result`` for primitives ``names``."""
    return register_rule("infer", *names, kind=kind)


def expand_rule(*names: str, kind: str | None = None) -> Callable[[ExpandRule], ExpandRule]:
    """Register ``fn(expander, op, args, abstract_args, abstract_result)`` for
    primitives ``names``."""
    return register_rule("expand", *names, kind=kind)


ATTRIBUTE_RULES: dict[type, tuple[Callable[..., Any], Callable[..., Any]]] = {}
"""Attributes of values other than records (``x.shape`` on arrays): for an abstract
value class, ``(infer(abstract, name) -> abstract, expand(expander, op, value,
abstract, result) -> SSAValue)``."""
