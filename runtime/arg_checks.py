"""The arguments of a compiled entry point, checked against its typed signature.

Native code trusts its arguments: an array shorter than its static shape says is
read past its end, an int64 array given where float64 was compiled is read as
floats. Every callable a typed backend returns (``get_backend("cpu")(module,
entry)``, ``"interp"``, ``"cuda"``) is a :class:`CheckedEntry`: it checks the
count, Python types, dtypes, ranks, static dimensions, C-contiguity where the
code assumes it, and the structure of tuples, records and lists against the
entry's parameter types, and raises a :class:`~myia.errors.MyiaTypeError` naming
the function, the parameter and what was expected before any compiled code runs.

The checker is built once per entry from its types. ``myia.jit`` dispatches by
an exact type key (a key decides the signature, so the check cannot fail for a
key seen before): its fast path calls :attr:`CheckedEntry.unchecked`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    ArrayAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute

from myia.dialects.abstract import dtype_of_type
from myia.dialects.ops_function import FuncOp
from myia.dialects.record_classes import record_class_name
from myia.dialects.types import AnyType, ListType, NoneType, RecordType, StringType
from myia.errors import MyiaOverflowError, MyiaTypeError, SourceLocation
from myia.lowering.arrays.array_codegen import CONTIGUOUS
from myia.runtime.myia_values import Record

__all__ = [
    "CheckedEntry",
    "argument_checker",
    "check_entry",
    "checked_entry",
    "describe_value",
    "entry_checker",
    "entry_layout",
    "entry_params",
]

Check = Callable[[Any], "str | None"]
"""A check of one value: None if it fits, else what is wrong (``expected ...,
got ...``, after the path to the part that does not fit)."""

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


class _WideInt(Exception):
    """An int that does not fit in 64 bits (an overflow, as jit reports it)."""


def describe_value(value: Any) -> str:
    """What a value is, as the errors say it: ``a float``, ``a int64 array of
    shape (2,)``, ``a tuple of 3``..."""
    if isinstance(value, np.ndarray):
        return f"{_a(value.dtype.name)} array of shape {tuple(value.shape)}"
    if isinstance(value, np.generic):
        return f"a numpy {value.dtype.name} scalar"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    if isinstance(value, Record):
        return f"a {value.class_name} record"
    dtype = getattr(value, "dtype", None)
    shape = getattr(value, "shape", None)
    if dtype is not None and shape is not None:
        return f"a {type(value).__name__} of {getattr(dtype, 'name', dtype)} and shape {shape}"
    if value is None:
        return "None"
    return f"a {type(value).__name__}"


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _describe_type(t: Attribute) -> str:
    """What a parameter of type ``t`` takes, as the errors say it."""
    dtype = dtype_of_type(t)
    if dtype == "bool":
        return "a bool (i1)"
    if dtype == "int64" and isinstance(t, IntegerType) and not _unsigned(t):
        return "an int (i64)"
    if dtype == "float64":
        return "a float (f64)"
    if dtype is not None:
        return f"a numpy {dtype} scalar ({t})"
    if isinstance(t, TensorType):
        shape = ", ".join("?" if d < 0 else str(d) for d in t.get_shape())
        comma = "," if len(t.get_shape()) == 1 else ""
        return f"{_a(str(dtype_of_type(t.element_type)))} array of shape ({shape}{comma})"
    if isinstance(t, TupleType):
        return f"a tuple of {len(t.types.data)}"
    if isinstance(t, RecordType):
        return f"a {t.class_name.data}"
    if isinstance(t, ListType):
        return "a list"
    if isinstance(t, NoneType):
        return "None"
    return str(t)


def _unsigned(t: IntegerType) -> bool:
    return t.signedness.data == Signedness.UNSIGNED


def _scalar_check(t: Attribute, dtype: str) -> Check:
    """Python's own scalars where typed code uses them (bool, int, float: weak
    in jit's signatures), numpy scalars of the dtype otherwise."""
    expected = _describe_type(t)

    def fits_numpy(v: Any) -> bool:
        return isinstance(v, np.generic) and v.dtype.name == dtype

    def mismatch(v: Any) -> str:
        return f": expected {expected}, got {describe_value(v)}"

    if dtype == "bool":
        return lambda v: None if v.__class__ is bool or fits_numpy(v) else mismatch(v)
    if dtype == "float64":
        return lambda v: None if isinstance(v, float) else mismatch(v)
    if dtype == "int64":

        def check_int(v: Any) -> str | None:
            if v.__class__ is int:
                if not _I64_MIN <= v <= _I64_MAX:
                    raise _WideInt
                return None
            return None if fits_numpy(v) else mismatch(v)

        return check_int
    return lambda v: None if fits_numpy(v) else mismatch(v)


def _array_check(t: TensorType, contiguous: bool, device: bool) -> Check:
    dtype = np.dtype(dtype_of_type(t.element_type))
    name = dtype.name
    shape = tuple(t.get_shape())
    ndim = len(shape)
    static = [(i, d) for i, d in enumerate(shape) if d >= 0]
    expected = _describe_type(t) + (", C-contiguous" if contiguous else "")

    fully_static = len(static) == ndim

    def check_array(v: Any) -> str | None:
        if (
            fully_static
            and v.__class__ is np.ndarray
            and v.dtype is dtype  # (numpy's dtypes of native scalars are one object each)
            and v.shape == shape
            and (not contiguous or v.flags.c_contiguous)
        ):
            return None  # (the common case, quickly)
        if isinstance(v, np.ndarray):
            got_dtype, got_shape = v.dtype, v.shape
        elif device and hasattr(v, "__cuda_array_interface__"):
            interface = v.__cuda_array_interface__
            got_dtype, got_shape = np.dtype(interface["typestr"]), tuple(interface["shape"])
        elif device and isinstance(getattr(v, "dtype", None), np.dtype) and hasattr(v, "shape"):
            got_dtype, got_shape = v.dtype, tuple(v.shape)
        else:
            return f": expected {expected}, got {describe_value(v)}"
        if (
            (got_dtype != dtype and got_dtype.name != name)
            or len(got_shape) != ndim
            or any(got_shape[i] != d for i, d in static)
            or (contiguous and not v.flags.c_contiguous)
        ):
            got = describe_value(v)
            if contiguous and isinstance(v, np.ndarray) and not v.flags.c_contiguous:
                got += " (not C-contiguous)"
            return f": expected {expected}, got {got}"
        return None

    return check_array


def _checker(t: Attribute, layout: Iterator[bool], device: bool) -> Check:
    """The check of a value of type ``t``; ``layout`` gives, for each array
    held directly or in tuples and records, whether the code assumes it
    C-contiguous."""
    dtype = dtype_of_type(t)
    if dtype is not None:
        return _scalar_check(t, dtype)
    if isinstance(t, TensorType):
        return _array_check(t, next(layout, False), device)
    if isinstance(t, NoneType):
        return lambda v: None if v is None else f": expected None, got {describe_value(v)}"
    if isinstance(t, StringType):
        return lambda v: (
            None if isinstance(v, str) else f": expected a str, got {describe_value(v)}"
        )
    if isinstance(t, TupleType):
        return _tuple_check(t, layout, device)
    if isinstance(t, RecordType):
        return _record_check(t, layout, device)
    if isinstance(t, ListType):
        return _list_check(t, device)
    if isinstance(t, AnyType):  # (untyped IR on the interpreter: Python's semantics)
        return lambda v: None
    return lambda v: f": compiled code cannot take an argument of type {t}"


def _tuple_check(t: TupleType, layout: Iterator[bool], device: bool) -> Check:
    parts = [_checker(e, layout, device) for e in t.types.data]
    expected = _describe_type(t)

    def check_tuple(v: Any) -> str | None:
        if not isinstance(v, tuple) or len(v) != len(parts):
            return f": expected {expected}, got {describe_value(v)}"
        for index, (part, item) in enumerate(zip(parts, v, strict=True)):
            problem = part(item)
            if problem is not None:
                return f"[{index}]{problem}"
        return None

    return check_tuple


def _record_check(t: RecordType, layout: Iterator[bool], device: bool) -> Check:
    class_name = t.class_name.data
    fields = [(name, _checker(ft, layout, device)) for name, ft in t.fields]

    def check_record(v: Any) -> str | None:
        if isinstance(v, Record):
            fits = v.class_name == class_name
        else:
            cls = type(v)
            fits = dataclasses.is_dataclass(cls) and record_class_name(cls) == class_name
        if not fits:
            return f": expected a {class_name}, got {describe_value(v)}"
        for name, part in fields:
            problem = part(getattr(v, name))
            if problem is not None:
                return f".{name}{problem}"
        return None

    return check_record


def _list_check(t: ListType, device: bool) -> Check:
    element = _checker(t.element, iter(()), device)  # (elements' layouts are free)

    def check_list(v: Any) -> str | None:
        if not isinstance(v, list):
            return f": expected a list, got {describe_value(v)}"
        for index, item in enumerate(v):
            problem = element(item)
            if problem is not None:
                return f"[{index}]{problem}"
        return None

    return check_list


def argument_checker(
    function: str,
    params: Sequence[tuple[str, Attribute]],
    *,
    contiguous: Sequence[bool] = (),
    device: bool = False,
    location: SourceLocation | None = None,
) -> Callable[[tuple[Any, ...]], None]:
    """The check of the arguments of ``function`` (its parameters' names and
    types). ``contiguous``: for each array the arguments hold (in the order of
    their leaves, as ``myia.contiguous``), whether the code assumes it
    C-contiguous; ``device``: device arrays are accepted as arrays (cuda)."""
    layout = iter(contiguous)
    checks = [(name, _checker(t, layout, device)) for name, t in params]
    count = len(checks)
    names = ", ".join(name for name, _ in checks)

    def check(args: tuple[Any, ...]) -> None:
        if len(args) != count:
            plural = "" if count == 1 else "s"
            raise MyiaTypeError(
                f"{function}() takes {count} argument{plural} ({names}), got {len(args)}",
                location,
            )
        for (name, part), arg in zip(checks, args, strict=True):
            try:
                problem = part(arg)
            except _WideInt:
                raise MyiaOverflowError(
                    f"{function}(): the argument {name!r} is or holds an int that does not "
                    "fit in 64 bits (typed code computes Python ints in 64 bits)",
                    location,
                ) from None
            if problem is not None:
                raise MyiaTypeError(f"{function}(): argument {name!r}{problem}", location)

    return check


class CheckedEntry:
    """The callable of a compiled entry point: checks its arguments, then runs
    :attr:`unchecked` (which callers that checked them already may call)."""

    def __init__(self, unchecked: Callable[..., Any], check: Callable[[tuple[Any, ...]], None]):
        self.unchecked = unchecked
        self.check = check

    def __call__(self, *args: Any) -> Any:
        self.check(args)
        return self.unchecked(*args)

    def __getattr__(self, name: str) -> Any:
        # What the backend attached to its callable (``native``, ``lowered``...).
        if name in ("unchecked", "check"):
            raise AttributeError(name)
        return getattr(self.unchecked, name)


def checked_entry(
    unchecked: Callable[..., Any],
    function: str,
    params: Sequence[tuple[str, Attribute]],
    **options: Any,
) -> CheckedEntry:
    """``unchecked`` behind the check of its arguments (see :func:`argument_checker`)."""
    return CheckedEntry(unchecked, argument_checker(function, params, **options))


def entry_params(func: FuncOp) -> list[tuple[str, Attribute]]:
    """The names (``arg0``... where the IR has none) and types of the parameters
    of an entry function."""
    return [(p.name_hint or f"arg{i}", p.type) for i, p in enumerate(func.params)]


def entry_layout(func: FuncOp) -> tuple[bool, ...]:
    """Which arrays of the arguments the entry's code assumes C-contiguous
    (``myia.contiguous``)."""
    marks = func.attributes.get(CONTIGUOUS)
    if not isinstance(marks, ArrayAttr):
        return ()
    return tuple(isinstance(m, IntegerAttr) and bool(m.value.data) for m in marks.data)


def entry_checker(func: FuncOp, *, device: bool = False) -> Callable[[tuple[Any, ...]], None]:
    """The check of the arguments of the typed myia function ``func`` (see
    :func:`argument_checker`)."""
    return argument_checker(
        func.sym_name.data,
        entry_params(func),
        contiguous=entry_layout(func),
        device=device,
        location=SourceLocation.from_attr(func.location),
    )


def check_entry(
    unchecked: Callable[..., Any], func: FuncOp, *, device: bool = False
) -> CheckedEntry:
    """``unchecked``, the compiled code of the typed myia function ``func``,
    behind the check of its arguments against ``func``'s parameter types."""
    return CheckedEntry(unchecked, entry_checker(func, device=device))
