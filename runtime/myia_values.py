"""Values that exist only at run time: function values, bound methods, generic
records and the marker of a variable read before assignment.

Everything else a myia program computes is an ordinary Python value (``int``,
``float``, ``bool``, ``None``, ``str``, tuples, numpy scalars and arrays, and the
user's own dataclass instances), so results cross the API boundary unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    TupleType,
)
from xdsl.ir import Attribute

from myia.dialects.abstract import dtype_of_type
from myia.dialects.types import ListType, RecordType
from myia.tree import register_record_type


class Closure:
    """A function value: the ``myia.func`` named ``symbol`` with its captured values
    (the leading arguments of every call)."""

    __slots__ = ("captures", "symbol")

    def __init__(self, symbol: str, captures: tuple[Any, ...] = ()):
        self.symbol = symbol
        self.captures = captures

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Closure
            and self.symbol == other.symbol
            and len(self.captures) == len(other.captures)
            and all(_same(a, b) for a, b in zip(self.captures, other.captures))
        )

    def __hash__(self) -> int:
        return hash(self.symbol)

    def __repr__(self) -> str:
        if not self.captures:
            return f"<myia function @{self.symbol}>"
        caps = ", ".join(repr(c) for c in self.captures)
        return f"<myia closure @{self.symbol}({caps})>"


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


class BoundMethod:
    """A method read from a record (``obj.method``): calling it calls the function
    ``symbol`` with ``self`` first."""

    __slots__ = ("self", "symbol")

    def __init__(self, symbol: str, obj: Any):
        self.symbol = symbol
        self.self = obj

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is BoundMethod and self.symbol == other.symbol and self.self is other.self
        )

    def __hash__(self) -> int:
        return hash((self.symbol, id(self.self)))

    def __repr__(self) -> str:
        return f"<myia bound method @{self.symbol} of {self.self!r}>"


class Record:
    """An instance of a record class that Python does not know (``myia.record`` in
    textual IR): a class name and ordered fields, read as attributes."""

    __slots__ = ("class_name", "fields")

    def __init__(self, class_name: str, fields: Iterable[tuple[str, Any]]):
        object.__setattr__(self, "class_name", class_name)
        object.__setattr__(self, "fields", dict(fields))

    @property
    def short_name(self) -> str:
        return self.class_name.rsplit(".", 1)[-1]

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails, i.e. for field names.
        fields = object.__getattribute__(self, "fields")
        try:
            return fields[name]
        except KeyError:
            raise AttributeError(f"'{self.short_name}' record has no attribute '{name}'") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("myia records are immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not Record:
            return NotImplemented
        return self.class_name == other.class_name and self.fields == other.fields

    def __hash__(self) -> int:
        return hash((self.class_name, tuple(self.fields.items())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.fields.items())
        return f"{self.short_name}({inner})"


register_record_type(Record)


class Undefined:
    """The value of a variable read before Python would have assigned it.

    It may be passed around (to functions, in tuples, as branch arguments), but any
    use of it raises ``UnboundLocalError``. The interpreter checks explicitly; the
    operators below are a safety net for code that forgets to.
    """

    __slots__ = ("name",)
    _instances: ClassVar[dict[str, Undefined]] = {}

    def __new__(cls, name: str) -> Undefined:
        instance = cls._instances.get(name)
        if instance is None:
            instance = object.__new__(cls)
            object.__setattr__(instance, "name", name)
            cls._instances[name] = instance
        return instance

    def error(self) -> UnboundLocalError:
        return UnboundLocalError(f"local variable '{self.name}' referenced before assignment")

    def _raise(self, *args: Any) -> Any:
        raise self.error()

    __bool__ = __len__ = __iter__ = __getitem__ = __call__ = _raise
    __lt__ = __le__ = __gt__ = __ge__ = _raise
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _raise
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _raise
    __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _raise
    __neg__ = __pos__ = __abs__ = __invert__ = __int__ = __float__ = __index__ = _raise

    def __reduce__(self) -> tuple[Any, ...]:
        return (Undefined, (self.name,))

    def __repr__(self) -> str:
        return f"<undefined {self.name}>"


def contains_undefined(value: Any) -> Undefined | None:
    """The first Undefined in ``value`` or in its tuples, if any."""
    if type(value) is Undefined:
        return value
    if type(value) is tuple:
        for item in value:
            found = contains_undefined(item)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------------------
# Python's scalars and numpy's in results

_PYTHON_SCALARS: dict[str, type] = {"float64": float, "int64": int, "bool": bool}

Converter = Callable[[Any], Any]


def scalar_types_converter(
    t: Attribute, numpy_paths: Iterable[str], python_too: bool
) -> Converter | None:
    """A function giving the scalars of a result of IR type ``t`` their Python
    types: a numpy scalar at the paths ``numpy_paths`` (see
    :func:`myia.dialects.abstract.numpy_scalar_paths`), and with ``python_too``,
    a Python float, int or bool elsewhere for f64, i64 and i1 (and numpy's
    scalar type for the other widths). None when nothing needs converting.
    Tuples, records and lists holding converted scalars are rebuilt."""
    return _converter(t, "", frozenset(numpy_paths), python_too)


def _converter(t: Attribute, path: str, numpy_paths: frozenset[str], python_too: bool) -> Any:
    def child(i: int | str) -> str:
        return f"{path}/{i}" if path else str(i)

    if isinstance(t, IntegerType | Float16Type | Float32Type | Float64Type):
        dtype = dtype_of_type(t)
        assert dtype is not None
        if path in numpy_paths:
            return _scalar(np.dtype(dtype).type)
        if python_too:
            return _scalar(_PYTHON_SCALARS.get(dtype) or np.dtype(dtype).type)
        return None
    if isinstance(t, TupleType | RecordType):
        types = t.types.data if isinstance(t, TupleType) else [ft for _, ft in t.fields]
        parts = [_converter(e, child(i), numpy_paths, python_too) for i, e in enumerate(types)]
        if all(p is None for p in parts):
            return None
        if isinstance(t, TupleType):
            return lambda v: tuple(p(x) if p else x for p, x in zip(parts, v, strict=True))
        names = [name for name, _ in t.fields]
        return lambda v: _rebuild_record(v, names, parts)
    if isinstance(t, ListType):
        element = _converter(t.element, child("*"), numpy_paths, python_too)
        if element is None:
            return None
        return lambda v: [element(x) for x in v]
    return None


def _scalar(convert: type) -> Converter:
    def scalar(x: Any) -> Any:
        return x if x.__class__ is convert or x.__class__ is Undefined else convert(x)

    return scalar


def _rebuild_record(v: Any, names: list[str], parts: list[Any]) -> Any:
    """A copy of the record ``v`` with its fields converted (``v`` itself may be a
    caller's object: it is not changed)."""
    if v.__class__ is Undefined:
        return v
    values = [
        p(getattr(v, name)) if p else getattr(v, name) for name, p in zip(names, parts, strict=True)
    ]
    if isinstance(v, Record):
        return Record(v.class_name, zip(names, values, strict=True))
    new = object.__new__(type(v))
    for name, value in zip(names, values, strict=True):
        object.__setattr__(new, name, value)
    return new
