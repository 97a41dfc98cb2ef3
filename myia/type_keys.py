"""The type keys of arguments: what decides, cheaply, which specialization of a
compiled function a call runs (``jit``'s and ``compile_ir``'s fast path)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

_NDARRAY = np.ndarray
_NUMPY_SCALARS = frozenset(np.dtype(c).type for c in "?bhilqBHILQefd")


def type_key(value: Any) -> Any:
    """What decides the specialization of an argument, quickly: its Python type,
    and for arrays their dtype, shape and whether they are C-contiguous, for
    tuples and dataclasses their contents. Values with one key have one
    abstract value."""
    cls = value.__class__
    if cls is float or cls is int or cls is bool:
        return cls
    if cls is _NDARRAY:  # the dtype itself: its .str is built on each call
        return (cls, value.dtype, value.shape, value.flags.c_contiguous)
    if cls in _NUMPY_SCALARS:  # (np.float64 has a shape and a dtype too)
        return cls
    if cls is tuple:
        return (tuple, *map(type_key, value))
    fields = _DATACLASS_FIELDS.get(cls)
    if fields is not None:
        return (cls, *map(type_key, fields(value)))
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "dtype"):
        flags = getattr(value, "flags", None)
        return (cls, value.dtype.str, shape, flags is not None and flags.c_contiguous)
    names = getattr(value, "__dataclass_fields__", None)
    if names is not None and not isinstance(value, type):
        # Its fields' values as one tuple (attrgetter: one call, no generator).
        getter = _fields_getter(tuple(names))
        _DATACLASS_FIELDS[cls] = getter
        return (cls, *map(type_key, getter(value)))
    if cls is list:
        # The set of its elements' keys: a list's type does not depend on its
        # length (lists of any length share a key, and the key stays small).
        return (list, frozenset(map(type_key, value)))
    return (cls, id(value)) if callable(value) else cls


_DATACLASS_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
"""Per dataclass, the function returning its fields' values (see type_key)."""


def _fields_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        get = operator.attrgetter(names[0])
        return lambda value: (get(value),)
    return lambda value: ()


_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def has_wide_int(value: Any) -> bool:
    """Whether ``value`` is or holds (in tuples, lists, dataclass fields) an int
    that does not fit in 64 bits, which typed code cannot take."""
    cls = value.__class__
    if cls is int:
        return not _I64_MIN <= value <= _I64_MAX
    if cls is tuple or cls is list:
        return any(map(has_wide_int, value))
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return any(has_wide_int(getattr(value, name)) for name in value.__dataclass_fields__)
    return False
