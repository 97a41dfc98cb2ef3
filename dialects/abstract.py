"""Abstract values: what type inference knows about a value.

An abstract value is a type plus what is statically known beyond it: the value of
a constant, whether a number is a *weak* Python literal, which functions a
function value can be. Inference computes one for every SSA value; specialization
turns them into IR types (:func:`to_type`). Printed in the notation of the
original myia talk (docs/user_guide.md): ``f64 x 3 x 12``,
``Model(layers :: (...))``, which is what tracebacks show.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    Signedness,
    TensorType,
    TupleType,
    f16,
    f32,
    f64,
)
from xdsl.ir import Attribute

from myia.dialects.types import (
    NONE,
    FunctionValueType,
    ListType,
    RecordType,
    StringType,
    tuple_type,
)


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class Abstract:
    """Base of abstract values (immutable, hashable)."""

    def __str__(self) -> str:
        return abstract_str(self)


@dataclass(frozen=True, repr=False)
class AbstractBottom(Abstract):
    """No value yet: the result of a recursion not evaluated so far."""


@dataclass(frozen=True, repr=False)
class AbstractUndefined(Abstract):
    """A variable read before Python would have assigned it."""

    name: str


@dataclass(frozen=True)
class AbstractScalar(Abstract):
    """A number or a bool. ``dtype`` is a numpy dtype name; ``weak`` marks Python
    literals and Python scalars, whose type gives way in mixed arithmetic."""

    dtype: str
    weak: bool = False
    value: Any = UNKNOWN

    @property
    def known(self) -> bool:
        return self.value is not UNKNOWN

    @property
    def kind(self) -> str:
        return np.dtype(self.dtype).kind  # 'b', 'i', 'u', 'f'

    def __eq__(self, other: object) -> bool:
        # Constants are equal when they are indistinguishable: 0.0 == -0.0, but a
        # context or a join must not take one for the other.
        if other.__class__ is not AbstractScalar:
            return False
        v, w = self.value, other.value
        return (
            self.dtype == other.dtype
            and self.weak == other.weak
            and (v is w or (v == w and (v != 0 or math.copysign(1, v) == math.copysign(1, w))))
        )

    def __hash__(self) -> int:
        return hash((self.dtype, self.weak, self.value))  # 0.0 and -0.0 collide: fine


@dataclass(frozen=True)
class AbstractNone(Abstract):
    pass


@dataclass(frozen=True)
class AbstractString(Abstract):
    value: Any = UNKNOWN


def _cached(a: Abstract, name: str, compute: Callable[[Abstract], Any]) -> Any:
    """``compute(a)``, computed once and kept on ``a``. Tuples, records and
    lists keep what is computed from their parts (their hash, size, broadened
    value...): a value built of shared parts (``(x, x)`` doubling at each step
    of a recursion) then costs its number of distinct parts, not its size."""
    known = a.__dict__.get(name)
    if known is None:
        known = compute(a)
        object.__setattr__(a, name, known)
    return known


@dataclass(frozen=True)
class AbstractTuple(Abstract):
    elements: tuple[Abstract, ...]

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash(self.elements)
            object.__setattr__(self, "_hash", h)
        return h


@dataclass(frozen=True)
class AbstractRecord(Abstract):
    """A dataclass instance: its class name and its fields, in order."""

    class_name: str
    fields: tuple[tuple[str, Abstract], ...]

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash((self.class_name, self.fields))
            object.__setattr__(self, "_hash", h)
        return h

    def field(self, name: str) -> Abstract | None:
        for n, v in self.fields:
            if n == name:
                return v
        return None

    @property
    def short_name(self) -> str:
        return self.class_name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class AbstractList(Abstract):
    element: Abstract

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash(self.element)
            object.__setattr__(self, "_hash", h)
        return h


@dataclass(frozen=True)
class AbstractArray(Abstract):
    """A numpy array: dtype and shape (``None`` for a dimension known only at run
    time)."""

    dtype: str
    shape: tuple[int | None, ...]
    contiguous: bool = False
    """Whether an argument is C-contiguous: part of a jit signature (compiled
    code for such arrays uses strides known from the shape, as numba's 'C'
    arrays do), taken off before inference, which never sets it."""


@dataclass(frozen=True)
class FunctionValue:
    """One function a function value may be.

    ``site`` identifies the ``myia.closure`` op (and the inference context it ran
    in) that built it, so that closures which capture closures of themselves (the
    backpropagators of recursive functions) have finite abstract values; it is
    ``None`` for functions without captures. ``bound`` holds the receiver of a
    bound method.
    """

    symbol: str
    site: tuple[tuple[str, tuple[Abstract, ...], int], int] | None = None
    """(the key of the inference context, the index of the op in its function)."""
    bound: tuple[Abstract, ...] = ()
    grads: tuple[GradSpec, ...] = ()
    """When not empty: the gradient (of the gradient...) of that function."""

    def primal(self) -> FunctionValue:
        """The function this one is the gradient of."""
        return dataclasses.replace(self, grads=self.grads[:-1])


@dataclass(frozen=True)
class GradSpec:
    """``myia.grad(f, argnums)``: with respect to which arguments, and whether
    the function returns the value too, and a tuple of gradients."""

    argnums: tuple[int | str, ...]
    with_value: bool = False
    tuple_result: bool = False


@dataclass(frozen=True)
class AbstractFunction(Abstract):
    values: frozenset[FunctionValue]

    @staticmethod
    def of(*values: FunctionValue) -> AbstractFunction:
        return AbstractFunction(frozenset(values))


@dataclass(frozen=True)
class AbstractRange(Abstract):
    """A ``range`` (or the state of a loop over one): start, stop, step as i64.
    A constant step is kept, so loops test ``i < stop`` without a sign test."""

    step: int | None = None


@dataclass(frozen=True)
class AbstractZip(Abstract):
    iterators: tuple[Abstract, ...]


@dataclass(frozen=True)
class AbstractEnumerate(Abstract):
    iterator: Abstract


@dataclass(frozen=True)
class AbstractSequenceIterator(Abstract):
    """A position in a list or along the first axis of an array."""

    sequence: Abstract


@dataclass(frozen=True)
class AbstractSlice(Abstract):
    start: Abstract
    stop: Abstract
    step: Abstract


BOTTOM = AbstractBottom()

# ---------------------------------------------------------------------------
# Limits on the size of values

MAX_DEPTH = 64
"""How deep values may nest (tuples, lists and dataclasses within each other),
in arguments and in the values a program builds: every stage walks types
recursively, and must stay well within Python's recursion limit. A list that
contains itself is nested without end."""

MAX_SIZE = 100_000
"""How many parts the type of one value may have (its tuples, records, lists
and leaves, counted as a tree: ``(x, x)`` counts ``x`` twice). Far above what
compiles in reasonable time (each leaf is a register or a parameter), it stops
types that grow without bound (``f((x, x))`` in a recursion) while they are
still cheap to look at."""

_COMPOSITE = (AbstractTuple, AbstractRecord, AbstractList)
"""The abstract values with parts."""


def measure(a: Abstract) -> tuple[int, int]:
    """The depth (1 for a leaf) and the size (see :data:`MAX_SIZE`) of ``a``,
    computed once per abstract value, without recursion: values built from
    shared parts (``(x, x)`` doubling at each step) cost their number of
    distinct parts, not their size."""
    if not isinstance(a, _COMPOSITE):
        return 1, 1
    known = a.__dict__.get("_measure")
    if known is not None:
        return known
    stack: list[tuple[Abstract, bool]] = [(a, False)]
    while stack:
        node, expanded = stack.pop()
        if "_measure" in node.__dict__:
            continue
        parts = _parts(node)
        if not expanded:
            stack.append((node, True))
            stack.extend(
                (p, False)
                for p in parts
                if isinstance(p, _COMPOSITE) and "_measure" not in p.__dict__
            )
            continue
        depth, size = 0, 1
        for p in parts:
            d, n = p.__dict__["_measure"] if isinstance(p, _COMPOSITE) else (1, 1)
            depth = max(depth, d)
            size += n
        object.__setattr__(node, "_measure", (depth + 1, size))
    return a.__dict__["_measure"]


def _parts(a: Abstract) -> tuple[Abstract, ...]:
    if isinstance(a, AbstractTuple):
        return a.elements
    if isinstance(a, AbstractRecord):
        return tuple(v for _, v in a.fields)
    return (a.element,)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# Scalars and promotion

BOOL = "bool"
INT64 = "int64"
FLOAT64 = "float64"

DTYPE_SHORT = {
    "bool": "bool", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
    "uint8": "u8", "uint16": "u16", "uint32": "u32", "uint64": "u64",
    "float16": "f16", "float32": "f32", "float64": "f64",
}  # fmt: skip
KIND_ORDER = {"b": 0, "u": 1, "i": 1, "f": 2}


def scalar(dtype: str, weak: bool = False, value: Any = UNKNOWN) -> AbstractScalar:
    return AbstractScalar(dtype, weak, value)


def promote_dtypes(
    a: AbstractScalar | AbstractArray, b: AbstractScalar | AbstractArray
) -> tuple[str, bool]:
    """The dtype of mixed arithmetic, by numpy 2's rules (NEP 50): a weak Python
    scalar takes the other operand's dtype unless it is of a higher kind (a float
    literal with an int array gives float64); Python bools count as ints."""
    wa = isinstance(a, AbstractScalar) and a.weak
    wb = isinstance(b, AbstractScalar) and b.weak
    ka, kb = np.dtype(a.dtype).kind, np.dtype(b.dtype).kind
    if wa and wb:
        kind = max(KIND_ORDER[ka], KIND_ORDER[kb])
        return (FLOAT64 if kind == 2 else INT64 if kind == 1 else BOOL), True
    if wa or wb:
        weak, strong = (a, b) if wa else (b, a)
        kw, ks = np.dtype(weak.dtype).kind, np.dtype(strong.dtype).kind
        if KIND_ORDER[kw] <= KIND_ORDER[ks]:
            return strong.dtype, False
        # A float literal with an int (or bool) operand: the default float;
        # an int literal with a bool operand: the default int.
        return (FLOAT64 if kw == "f" else INT64), False
    return str(np.result_type(np.dtype(a.dtype), np.dtype(b.dtype))), False


def numpy_operands(args: Sequence[Abstract]) -> list[Abstract]:
    """The operands of a numpy function as numpy sees them: Python scalars become
    numpy scalars of the default dtypes (bool, int64, float64) when no operand is
    a numpy value; next to a numpy scalar or an array they stay weak (NEP 50:
    ``np.add(np.float32(1), 2.0)`` is a float32)."""
    scalars = [a for a in args if isinstance(a, AbstractScalar)]
    if len(scalars) < len(args) or not all(a.weak for a in scalars):
        return list(args)
    return [AbstractScalar(a.dtype, False, a.value) for a in scalars]


# ---------------------------------------------------------------------------
# Joins


class JoinError(Exception):
    """Two abstract values that cannot be reconciled."""


def join(a: Abstract, b: Abstract) -> Abstract:
    """The least abstract value covering both (numbers promote; constants that
    differ are forgotten; function sets unite)."""
    if a == b:
        return a
    if isinstance(a, AbstractBottom | AbstractUndefined):
        return b
    if isinstance(b, AbstractBottom | AbstractUndefined):
        return a
    if isinstance(a, AbstractScalar) and isinstance(b, AbstractScalar):
        if a.dtype == b.dtype:
            return AbstractScalar(a.dtype, a.weak and b.weak)
        dtype, weak = promote_dtypes(a, b)
        return AbstractScalar(dtype, weak)
    if isinstance(a, AbstractTuple) and isinstance(b, AbstractTuple):
        if len(a.elements) != len(b.elements):
            raise JoinError()
        return AbstractTuple(tuple(join(x, y) for x, y in zip(a.elements, b.elements)))
    if isinstance(a, AbstractRecord) and isinstance(b, AbstractRecord):
        if a.class_name != b.class_name or [n for n, _ in a.fields] != [n for n, _ in b.fields]:
            raise JoinError()
        return AbstractRecord(
            a.class_name, tuple((n, join(x, y)) for (n, x), (_, y) in zip(a.fields, b.fields))
        )
    if isinstance(a, AbstractFunction) and isinstance(b, AbstractFunction):
        return AbstractFunction(a.values | b.values)
    if isinstance(a, AbstractList) and isinstance(b, AbstractList):
        return AbstractList(join(a.element, b.element))
    if isinstance(a, AbstractArray) and isinstance(b, AbstractArray):
        if a.dtype != b.dtype or len(a.shape) != len(b.shape):
            raise JoinError()
        return AbstractArray(
            a.dtype, tuple(x if x == y else None for x, y in zip(a.shape, b.shape))
        )
    if isinstance(a, AbstractRange) and isinstance(b, AbstractRange):
        return AbstractRange(a.step if a.step == b.step else None)
    if type(a) is type(b) and isinstance(a, AbstractString):
        return AbstractString()
    raise JoinError()


def sensitivity(a: Abstract) -> Abstract:
    """The abstract value of a gradient with respect to a value of ``a``: floats
    and float arrays are their own; tuples and records have the gradients of
    their parts; what has no gradient (ints, bools, None, strings) is None."""
    if isinstance(a, AbstractScalar):
        return AbstractScalar(a.dtype, a.weak) if a.kind == "f" else AbstractNone()
    if isinstance(a, AbstractArray):
        return a if np.dtype(a.dtype).kind == "f" else AbstractNone()
    if isinstance(a, AbstractTuple):
        return AbstractTuple(tuple(sensitivity(e) for e in a.elements))
    if isinstance(a, AbstractRecord):
        return AbstractRecord(a.class_name, tuple((n, sensitivity(v)) for n, v in a.fields))
    if isinstance(a, AbstractList):
        # A list of gradients (of the list's length; an empty list is zero),
        # or None when the elements have none. A list with no element type
        # (always empty) is its own gradient.
        if isinstance(a.element, AbstractBottom):
            return a
        return AbstractList(sensitivity(a.element)) if has_gradient(a.element) else AbstractNone()
    return AbstractNone()


def has_gradient(a: Abstract) -> bool:
    """Whether some part of a value of ``a`` has a gradient."""
    s = sensitivity(a)
    if isinstance(s, AbstractTuple):
        return any(has_gradient(e) for e in s.elements)
    if isinstance(s, AbstractRecord):
        return any(has_gradient(v) for _, v in s.fields)
    return not isinstance(s, AbstractNone)


def broaden(a: Abstract) -> Abstract:
    """Forget constant values (kept structure and weakness): what crosses into a
    loop or a recursive function, so that iterations share one specialization."""
    if isinstance(a, AbstractScalar):
        return AbstractScalar(a.dtype, a.weak) if a.known else a
    if isinstance(a, _COMPOSITE):
        return _cached(a, "_broadened", _broaden_parts)
    if isinstance(a, AbstractString):
        return AbstractString()
    if isinstance(a, AbstractZip):
        return AbstractZip(tuple(broaden(i) for i in a.iterators))
    if isinstance(a, AbstractEnumerate):
        return AbstractEnumerate(broaden(a.iterator))
    return a


def _broaden_parts(a: Abstract) -> Abstract:
    """``broaden`` of a tuple, record or list: ``a`` itself if no part changes."""
    if isinstance(a, AbstractTuple):
        elements = tuple(broaden(e) for e in a.elements)
        same = all(x is y for x, y in zip(elements, a.elements))
        return a if same else AbstractTuple(elements)
    if isinstance(a, AbstractRecord):
        fields = tuple((n, broaden(v)) for n, v in a.fields)
        same = all(x[1] is y[1] for x, y in zip(fields, a.fields))
        return a if same else AbstractRecord(a.class_name, fields)
    element = broaden(a.element)  # type: ignore[attr-defined]
    return a if element is a.element else AbstractList(element)  # type: ignore[attr-defined]


def has_array_leaf(a: Abstract) -> bool:
    """Whether a leaf of ``a`` (see :func:`abstract_leaves`) is an array."""
    if isinstance(a, AbstractArray):
        return True
    if isinstance(a, AbstractTuple | AbstractRecord):
        return _cached(a, "_has_array", lambda a: any(map(has_array_leaf, _parts(a))))
    return False


def abstract_leaves(a: Abstract) -> Iterator[Abstract]:
    """The parts of ``a`` that are not tuples or records, in order (a list is
    one part: its elements are not walked)."""
    if isinstance(a, AbstractTuple):
        for e in a.elements:
            yield from abstract_leaves(e)
    elif isinstance(a, AbstractRecord):
        for _, f in a.fields:
            yield from abstract_leaves(f)
    else:
        yield a


# ---------------------------------------------------------------------------
# Python's scalars and numpy's in results

NUMPY_SCALARS = "myia.numpy_scalars"
"""Attribute of a typed entry function: the paths (:func:`numpy_scalar_paths`)
of the scalars of its result that are numpy scalars (``np.float64``,
``np.int64``, ``np.bool_``) where the IR type (f64, i64, i1) would also fit a
Python float, int or bool; the backends give results these Python types."""


def numpy_scalar_paths(a: Abstract, path: str = "") -> list[str]:
    """Where ``a`` holds numpy scalars of the dtypes Python's scalars share
    (float64, int64, bool): ``""`` for ``a`` itself, ``"1/0"`` for element 0 of
    element 1 (of a tuple, or field 1 of a record), ``"2/*"`` for the elements of
    the list at element 2."""

    def child(i: int | str) -> str:
        return f"{path}/{i}" if path else str(i)

    if isinstance(a, AbstractScalar):
        return [path] if not a.weak and a.dtype in (BOOL, INT64, FLOAT64) else []
    if isinstance(a, AbstractTuple):
        parts = a.elements
    elif isinstance(a, AbstractRecord):
        parts = tuple(v for _, v in a.fields)
    elif isinstance(a, AbstractList):
        return numpy_scalar_paths(a.element, child("*"))
    else:
        return []
    return [p for i, e in enumerate(parts) for p in numpy_scalar_paths(e, child(i))]


# ---------------------------------------------------------------------------
# To IR types


def scalar_type(dtype: str) -> Attribute:
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return IntegerType(1)
    if dt.kind == "i":
        return IntegerType(dt.itemsize * 8)
    if dt.kind == "u":
        return IntegerType(dt.itemsize * 8, Signedness.UNSIGNED)
    if dt.kind == "f":
        return {2: f16, 4: f32, 8: f64}[dt.itemsize]
    raise TypeError(f"no IR type for dtype {dtype}")


def dtype_of_type(t: Attribute) -> str | None:
    """The numpy dtype name of a scalar IR type, or None."""
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return BOOL
        prefix = "uint" if t.signedness.data == Signedness.UNSIGNED else "int"
        return f"{prefix}{width}"
    if isinstance(t, Float16Type | Float32Type | Float64Type):
        return f"float{t.bitwidth}"
    return None


I64_TYPE = scalar_type(INT64)


def to_type(a: Abstract, function_type: Any = None) -> Attribute:
    """The IR type of an abstract value. ``function_type`` maps an
    AbstractFunction to its ``!myia.fn`` type (it depends on specialization)."""
    if isinstance(a, AbstractScalar):
        return scalar_type(a.dtype)
    if isinstance(a, AbstractNone | AbstractBottom | AbstractUndefined):
        return NONE
    if isinstance(a, AbstractTuple):
        return tuple_type(to_type(e, function_type) for e in a.elements)
    if isinstance(a, AbstractRecord):
        return RecordType(a.class_name, [(n, to_type(v, function_type)) for n, v in a.fields])
    if isinstance(a, AbstractList):
        return ListType(to_type(a.element, function_type))
    if isinstance(a, AbstractArray):
        return TensorType(
            scalar_type(a.dtype), [DYNAMIC_INDEX if d is None else d for d in a.shape]
        )
    if isinstance(a, AbstractFunction):
        if function_type is None:
            return FunctionValueType(sorted({v.symbol for v in a.values}))
        return function_type(a)
    if isinstance(a, AbstractRange):
        return tuple_type((I64_TYPE, I64_TYPE, I64_TYPE))
    if isinstance(a, AbstractSlice):
        return tuple_type(to_type(p, function_type) for p in (a.start, a.stop, a.step))
    if isinstance(a, AbstractString):
        return StringType()
    if isinstance(a, AbstractZip):
        return tuple_type(to_type(i, function_type) for i in a.iterators)
    if isinstance(a, AbstractEnumerate):  # (start, position, iterator)
        return tuple_type((I64_TYPE, I64_TYPE, to_type(a.iterator, function_type)))
    if isinstance(a, AbstractSequenceIterator):
        return tuple_type((to_type(a.sequence, function_type), I64_TYPE))
    raise TypeError(f"no IR type for {a}")


def from_type(t: Attribute) -> Abstract:
    """The abstract value of an IR type (for typed input IR, as in ``myia-opt``)."""
    dtype = dtype_of_type(t)
    if dtype is not None:
        return AbstractScalar(dtype)
    if t == NONE:
        return AbstractNone()
    if isinstance(t, StringType):
        return AbstractString()
    if isinstance(t, TupleType):
        return AbstractTuple(tuple(from_type(e) for e in t.types.data))
    if isinstance(t, RecordType):
        return AbstractRecord(t.class_name.data, tuple((n, from_type(v)) for n, v in t.fields))
    if isinstance(t, ListType):
        return AbstractList(from_type(t.element))
    if isinstance(t, TensorType):
        elem = dtype_of_type(t.element_type)
        if elem is None:
            raise TypeError(f"unsupported tensor element type {t.element_type}")
        return AbstractArray(elem, tuple(None if d < 0 else d for d in t.get_shape()))
    if isinstance(t, FunctionValueType):
        return AbstractFunction(
            frozenset(FunctionValue(r.root_reference.data) for r in t.functions.data)
        )
    raise TypeError(f"cannot start inference from the type {t}")


# ---------------------------------------------------------------------------
# Printing, in the notation of the original myia talk


def abstract_str(a: Abstract, indent: int = 0) -> str:
    if isinstance(a, AbstractScalar):
        text = DTYPE_SHORT.get(a.dtype, a.dtype)
        return text
    if isinstance(a, AbstractArray):
        dims = ["?" if d is None else str(d) for d in a.shape]
        return " x ".join([DTYPE_SHORT.get(a.dtype, a.dtype), *dims])
    if isinstance(a, AbstractNone):
        return "None"
    if isinstance(a, AbstractString):
        return "str"
    if isinstance(a, AbstractBottom):
        return "<no value>"
    if isinstance(a, AbstractUndefined):
        return f"<unbound {a.name}>"
    if isinstance(a, AbstractTuple):
        return _wrap(
            "(",
            [abstract_str(e, indent + 2) for e in a.elements],
            ")",
            indent,
            trailing_comma=len(a.elements) == 1,
        )
    if isinstance(a, AbstractRecord):
        items = [f"{n} :: {abstract_str(v, indent + 2)}" for n, v in a.fields]
        return a.short_name + _wrap("(", items, ")", indent)
    if isinstance(a, AbstractList):
        return f"[{abstract_str(a.element, indent)}]"
    if isinstance(a, AbstractFunction):
        names = sorted({"grad(" * len(v.grads) + v.symbol + ")" * len(v.grads) for v in a.values})
        return "fn(" + ", ".join(names) + ")" if len(names) > 1 else f"fn {names[0]}"
    if isinstance(a, AbstractRange):
        return "range"
    if isinstance(a, AbstractZip):
        return "zip" + _wrap("(", [abstract_str(i) for i in a.iterators], ")", indent)
    if isinstance(a, AbstractEnumerate):
        return f"enumerate({abstract_str(a.iterator)})"
    if isinstance(a, AbstractSequenceIterator):
        return f"iterator({abstract_str(a.sequence)})"
    if isinstance(a, AbstractSlice):
        return "slice"
    return repr(a)


def abstract_summary(a: Abstract, indent: int = 0, max_parts: int = 200) -> str:
    """``abstract_str(a)``, or for a type of more than ``max_parts`` parts (an
    error's types, when a type grows without bound), what it is and its size."""
    depth, size = measure(a)
    if size <= max_parts:
        return abstract_str(a, indent)
    kind = a.short_name if isinstance(a, AbstractRecord) else type(a).__name__[8:].lower()
    return f"<a {kind} type of {size} parts, nested {depth} deep>"


def _wrap(
    open_: str, items: Sequence[str], close: str, indent: int, trailing_comma: bool = False
) -> str:
    """Items on one line when short, else one per line, indented (as the original
    myia talk's tracebacks print nested records)."""
    one_line = ", ".join(items) + ("," if trailing_comma else "")
    if len(one_line) + indent <= 72 and "\n" not in one_line:
        return f"{open_}{one_line}{close}"
    pad = " " * (indent + 2)
    inner = (",\n").join(pad + item for item in items)
    return f"{open_}\n{inner}\n{' ' * indent}{close}"
