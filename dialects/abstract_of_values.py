"""The abstract values of Python values: what inference starts from for the
arguments of a compiled function (their types and shapes, not their values), and
the array layouts of a signature."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from myia.dialects.abstract import (
    BOOL,
    BOTTOM,
    DTYPE_SHORT,
    FLOAT64,
    INT64,
    MAX_DEPTH,
    Abstract,
    AbstractArray,
    AbstractList,
    AbstractNone,
    AbstractRecord,
    AbstractScalar,
    AbstractTuple,
    JoinError,
    abstract_leaves,
    join,
)


def abstract_of(value: Any, record_name: Any = None, *, layout: bool = False) -> Abstract:
    """The abstract value of a Python argument: its type and shape, not its value.
    Python scalars are weak, as in JAX. ``layout``: arrays say whether they are
    C-contiguous (a jit signature; see :func:`array_layout`). A value myia cannot
    take (a string, an array of strings, a list that contains itself, one nested
    deeper than :data:`MAX_DEPTH`...) raises a ``TypeError`` saying why."""
    return _abstract_of(value, record_name, layout, [])


SUPPORTED_DTYPES = "bool, int8-int64, uint8-uint64, float16, float32 and float64"


def _abstract_of(value: Any, record_name: Any, layout: bool, path: list[Any]) -> Abstract:
    """``abstract_of``; ``path``: the containers ``value`` is in, outermost first."""
    if isinstance(value, np.generic):  # before float: np.float64 is a float
        return AbstractScalar(_supported_dtype(value.dtype, "scalars"))
    if isinstance(value, bool):
        return AbstractScalar(BOOL, True)
    if isinstance(value, int):
        return AbstractScalar(INT64, True)
    if isinstance(value, float):
        return AbstractScalar(FLOAT64, True)
    if isinstance(value, np.ndarray):
        if type(value) is not np.ndarray and _other_semantics(value):
            raise TypeError(
                f"myia cannot take a {type(value).__name__} (its operations differ from "
                "an ndarray's); pass np.asarray(...) of it"
            )
        dtype = _supported_dtype(value.dtype, "arrays")
        contiguous = layout and bool(value.flags.c_contiguous)
        return AbstractArray(dtype, tuple(value.shape), contiguous)
    if value is None:
        return AbstractNone()
    if isinstance(value, type) and dataclasses.is_dataclass(value):
        raise TypeError(
            f"myia cannot take a class ({value.__qualname__}) as an argument; pass an "
            "instance, or call the class inside the function"
        )
    device = _device_array(value)
    if device is not None:
        return device
    if not isinstance(value, tuple | list) and not dataclasses.is_dataclass(value):
        raise TypeError(f"myia cannot take a {type(value).__name__} as an argument")
    if len(path) >= MAX_DEPTH:
        ids = {id(p) for p in path}
        if id(value) in ids or len(ids) < len(path):
            raise TypeError(f"myia cannot take a {type(value).__name__} that contains itself")
        raise TypeError(
            f"myia cannot take values nested more than {MAX_DEPTH} levels deep "
            "(lists, tuples and dataclasses within each other)"
        )
    path.append(value)
    try:
        if isinstance(value, tuple):
            return AbstractTuple(tuple(_abstract_of(v, record_name, layout, path) for v in value))
        if isinstance(value, list):
            # The elements' join (an empty list's element is "no value": it is
            # compatible with a list of anything).
            element: Abstract = BOTTOM
            for v in value:
                this = _abstract_of(v, record_name, False, path)
                try:
                    element = join(element, this)
                except JoinError:
                    raise TypeError(
                        "the elements of a list must have one type; this list mixes "
                        f"{element} and {this}"
                    ) from None
            return AbstractList(element)
        name = record_name(type(value)) if record_name else type(value).__qualname__
        return AbstractRecord(
            name,
            tuple(
                (f.name, _abstract_of(getattr(value, f.name), record_name, layout, path))
                for f in dataclasses.fields(value)
            ),
        )
    finally:
        path.pop()


def _device_array(value: Any) -> AbstractArray | None:
    """The abstract value of a device array (``__cuda_array_interface__``: numba,
    CuPy, PyTorch; or an array with a numpy dtype, as numba's simulated ones), for
    the cuda backend; None for anything else."""
    interface = getattr(value, "__cuda_array_interface__", None)
    if interface is not None:
        dtype = np.dtype(interface["typestr"])
        return AbstractArray(_supported_dtype(dtype, "arrays"), tuple(interface["shape"]))
    dtype = getattr(value, "dtype", None)
    if isinstance(dtype, np.dtype) and hasattr(value, "shape"):
        return AbstractArray(_supported_dtype(dtype, "arrays"), tuple(value.shape))
    return None


def _other_semantics(array: np.ndarray) -> bool:
    """Whether ``array`` is of an ndarray subclass whose operations differ (a
    matrix multiplies as matrices, a masked array skips its masked elements)."""
    masked = sys.modules.get("numpy.ma")  # no masked array if it is not imported
    return isinstance(array, np.matrix) or (
        masked is not None and isinstance(array, masked.MaskedArray)
    )


def _supported_dtype(dtype: np.dtype, kind: str) -> str:
    """The name of ``dtype`` if myia computes with it, else a ``TypeError``."""
    name = dtype.name  # (byte order aside: arrays numpy cannot describe are copied)
    if name not in DTYPE_SHORT or dtype.kind not in "biuf":
        shown = {"U": "str", "S": "bytes", "O": "object", "V": "structured"}.get(dtype.kind, name)
        raise TypeError(f"myia cannot take numpy {shown} {kind} (it supports {SUPPORTED_DTYPES})")
    return name


def array_layout(signature: Sequence[Abstract]) -> tuple[bool, ...]:
    """Whether each array of a signature is C-contiguous, in the order of the
    arguments' leaves (arrays held directly, in tuples or in records; not in
    lists, whose elements' layouts are not part of the signature)."""
    return tuple(
        leaf.contiguous
        for a in signature
        for leaf in abstract_leaves(a)
        if isinstance(leaf, AbstractArray)
    )


def without_layout(a: Abstract) -> Abstract:
    """``a`` with its arrays' layouts taken off (what inference is given)."""
    if isinstance(a, AbstractArray):
        return dataclasses.replace(a, contiguous=False) if a.contiguous else a
    if isinstance(a, AbstractTuple):
        return AbstractTuple(tuple(without_layout(e) for e in a.elements))
    if isinstance(a, AbstractRecord):
        return AbstractRecord(a.class_name, tuple((n, without_layout(f)) for n, f in a.fields))
    if isinstance(a, AbstractList):
        return AbstractList(without_layout(a.element))
    return a


def generic_shapes(a: Abstract) -> Abstract:
    """``a`` with every array dimension other than 1 known only at run time: the
    signature of code that serves all such shapes (a dimension of 1 stays, as
    it decides broadcasting)."""
    if isinstance(a, AbstractArray):
        shape = tuple(d if d == 1 else None for d in a.shape)
        return dataclasses.replace(a, shape=shape) if shape != a.shape else a
    if isinstance(a, AbstractTuple):
        return AbstractTuple(tuple(generic_shapes(e) for e in a.elements))
    if isinstance(a, AbstractRecord):
        return AbstractRecord(a.class_name, tuple((n, generic_shapes(f)) for n, f in a.fields))
    if isinstance(a, AbstractList):
        return AbstractList(generic_shapes(a.element))
    return a
