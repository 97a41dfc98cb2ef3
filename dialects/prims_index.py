"""Indexing arrays: ``array_getitem`` (``x[...]``), ``array_setitem`` (a copy
with ``x[...] = v``), and the array rules of ``getitem`` and ``len``. See
:mod:`myia.dialects.prims_array` for the conventions of array primitives."""

from __future__ import annotations

from types import EllipsisType
from typing import Any

import numpy as np

from myia.dialects import prims_seq  # noqa: F401 - getitem and len, on arrays here
from myia.dialects.abstract import (
    Abstract,
    AbstractArray,
    AbstractNone,
    AbstractScalar,
    AbstractSlice,
    AbstractTuple,
)
from myia.dialects.ops_value import TupleGetOp, TupleOp
from myia.dialects.primitive import PRIMITIVES, primitive
from myia.dialects.prims_array import (
    I64,
    Shape,
    array_of,
    as_array,
    broadcast_shapes,
    cast_to,
    shape_error,
    shape_text,
    tuple_parts,
    type_error,
)
from myia.dialects.types import tuple_type
from myia.errors import MyiaShapeError

# ---------------------------------------------------------------------------
# Indexing


def _impl_items(items: Any) -> tuple[Any, ...]:
    return tuple(slice(*i) if isinstance(i, tuple) else i for i in items)


@primitive("array_getitem", 2)
def _array_getitem(x: Any, items: Any) -> Any:
    """x[items]: each item an int, a (start, stop, step) slice or None (a new axis)"""
    return np.asarray(x)[_impl_items(items)]


@primitive("array_setitem", 3)
def _array_setitem(x: Any, items: Any, value: Any) -> Any:
    """A copy of x in which x[items] = value (the gradient of indexing scatters
    into zeros with it)"""
    result = np.array(x, copy=True)
    result[_impl_items(items)] = value
    return result


Item = tuple[str, Any]
"""("int", abstract) | ("slice", (start, stop, step)) | ("new", None)."""


def index_items(index: Abstract) -> list[Item]:
    """The items of an index written ``x[index]`` (a tuple is several items)."""
    parts = index.elements if isinstance(index, AbstractTuple) else (index,)
    items: list[Item] = []
    for p in parts:
        if isinstance(p, AbstractNone):
            items.append(("new", None))
        elif isinstance(p, AbstractSlice):
            items.append(("slice", (p.start, p.stop, p.step)))
        elif isinstance(p, AbstractScalar) and p.kind in "iu":
            items.append(("int", p))
        elif isinstance(p, AbstractArray):
            type_error("indexing an array with an array is not supported yet")
        else:
            type_error(
                f"only integers, slices (`:`) and None (`numpy.newaxis`) are valid indices, not {p}"
            )
    return items


def canonical_items(items_a: Abstract) -> list[Item]:
    """The items of a typed ``array_getitem``: i64, (start, stop, step) or none."""
    if not isinstance(items_a, AbstractTuple):
        return index_items(items_a)
    items: list[Item] = []
    for p in items_a.elements:
        if isinstance(p, AbstractTuple) and len(p.elements) == 3:
            items.append(("slice", tuple(p.elements)))
        elif isinstance(p, AbstractSlice):
            items.append(("slice", (p.start, p.stop, p.step)))
        else:
            items.extend(index_items(p))
    return items


def _part(a: Abstract, what: str) -> int | EllipsisType | None:
    """A slice bound: its value, None, or ``...`` when known only at run time."""
    if isinstance(a, AbstractNone):
        return None
    if not (isinstance(a, AbstractScalar) and a.kind in "iu"):
        type_error(f"slice indices must be integers or None, not {a} ({what})")
    return int(a.value) if a.known else ...


def indexed_shape(x: AbstractArray, items: list[Item]) -> Shape:
    """The shape of ``x[items]`` (numpy's basic indexing)."""
    consumed = sum(1 for k, _ in items if k != "new")
    ndim = len(x.shape)
    if consumed > ndim:
        raise MyiaShapeError(
            f"too many indices for array: array is {ndim}-dimensional, but {consumed} were indexed"
        )
    out: list[int | None] = []
    axis = 0
    for k, v in items:
        if k == "new":
            out.append(1)
            continue
        dim = x.shape[axis]
        if k == "int":
            if v.known and dim is not None and not -dim <= int(v.value) < dim:
                raise MyiaShapeError(
                    f"index {int(v.value)} is out of bounds for axis {axis} with size {dim}"
                )
        else:
            start, stop, step = (_part(p, "slice") for p in v)
            if step == 0:
                shape_error("slice step cannot be zero")
            if dim is not None and ... not in (start, stop, step):
                out.append(len(range(*slice(start, stop, step).indices(dim))))
            elif (start, stop) == (None, None) and step in (None, 1):
                out.append(dim)
            else:
                out.append(None)
        axis += 1
    out.extend(x.shape[axis:])
    return tuple(out)


def _infer_array_getitem(args: list[Abstract], op: Any) -> Abstract:
    x = as_array(args[0], "indexing")
    shape = indexed_shape(x, canonical_items(args[1]))
    return array_of(x.dtype, shape)


def emit_items(ex: Any, index_value: Any, index: Abstract) -> Any:
    """The typed items tuple of ``x[index]``: i64, (start, stop, step) of i64 or
    none, or none (a new axis)."""
    parts = list(index.elements) if isinstance(index, AbstractTuple) else [index]
    values = (
        tuple_parts(ex, index_value, index) if isinstance(index, AbstractTuple) else [index_value]
    )
    typed = []
    for v, p in zip(values, parts, strict=True):
        if isinstance(p, AbstractNone):
            typed.append(ex.const(None, p))
        elif isinstance(p, AbstractSlice):
            bounds = []
            raw = [
                ex.emit(TupleGetOp(v, i, ex.type_of(b)))
                for i, b in enumerate((p.start, p.stop, p.step))
            ]
            for rv, b in zip(raw, (p.start, p.stop, p.step), strict=True):
                if isinstance(b, AbstractNone):
                    bounds.append(ex.const(None, b))
                elif isinstance(b, AbstractScalar) and b.known:
                    bounds.append(ex.const(int(b.value), I64))
                else:
                    bounds.append(ex.cast(rv, b, I64))
            typed.append(ex.emit(TupleOp(bounds, tuple_type(b.type for b in bounds))))
        elif isinstance(p, AbstractScalar) and p.known:
            typed.append(ex.const(int(p.value), I64))
        else:
            typed.append(ex.cast(v, p, I64))
    return ex.emit(TupleOp(typed, tuple_type(t.type for t in typed)))


def _extend_getitem() -> None:
    prim = PRIMITIVES["getitem"]

    def infer(args: list[Abstract], op: Any) -> Abstract:
        x, index = args
        if not isinstance(x, AbstractArray):
            return NotImplemented
        return array_of(x.dtype, indexed_shape(x, index_items(index)))

    def expand(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
        if not isinstance(abstracts[0], AbstractArray):
            return NotImplemented
        items = emit_items(ex, args[1], abstracts[1])
        return ex.prim("array_getitem", args[0], items, result=result)

    prim.rules.register("infer", infer, kind="array")
    prim.rules.register("expand", expand, kind="array")


_extend_getitem()
PRIMITIVES["array_getitem"].rules["infer"] = _infer_array_getitem


def _infer_array_setitem(args: list[Abstract], op: Any) -> Abstract:
    x, items, value = args
    x = as_array(x, "array_setitem")
    target = indexed_shape(x, canonical_items(items))
    v = value.shape if isinstance(value, AbstractArray) else ()
    try:
        out = broadcast_shapes(v, target)
    except MyiaShapeError:
        out = None
    if (
        out is None
        or len(out) != len(target)
        or any(a is not None and b is not None and a != b for a, b in zip(out, target))
    ):
        shape_error(
            f"could not broadcast input array from shape {shape_text(v)} into shape {shape_text(target)}"
        )
    return x


def _expand_array_setitem(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
    x, _, value_a = abstracts
    value = cast_to(ex, args[2], value_a, x.dtype)
    return ex.prim("array_setitem", args[0], args[1], value, result=result)


PRIMITIVES["array_setitem"].rules.update(infer=_infer_array_setitem, expand=_expand_array_setitem)


def _extend_len() -> None:
    prim = PRIMITIVES["len"]

    def expand(ex: Any, op: Any, args: list, abstracts: list, result: Abstract) -> Any:
        (a,) = abstracts
        if not isinstance(a, AbstractArray):
            return NotImplemented
        shape = ex.prim("array_shape", args[0], result=AbstractTuple(tuple(I64 for _ in a.shape)))
        return ex.cast(ex.emit(TupleGetOp(shape, 0, ex.type_of(I64))), I64, result)

    prim.rules.register("expand", expand, kind="array")


_extend_len()
