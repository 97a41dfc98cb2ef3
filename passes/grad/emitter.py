"""Emitting typed myia ops into a function being built by the gradient pass:
constants, tuples and records, and the arithmetic of sensitivities (zeros of a
type, sums of two sensitivities)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import TensorType, TupleType, i64
from xdsl.ir import Attribute, Block, Operation, SSAValue

from myia.dialects.abstract import dtype_of_type
from myia.dialects.grad_ops import EnvZeroOp
from myia.dialects.grad_rules_list import list_add
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, literal_value
from myia.dialects.primitive import PRIMITIVES, PrimOp, prim_op
from myia.dialects.types import (
    NONE,
    EnvSensType,
    ListType,
    NoneType,
    RecordType,
    StringType,
    tuple_type,
)
from myia.errors import SourceLocation
from myia.passes.grad.common import GradError


def _part(like: Any, get: Any) -> Any:
    """A lazy part of a lazy value (None stays None)."""
    if like is None:
        return None
    return lambda: get(like() if callable(like) else like)


class Emitter:
    """Appends ops to ``block``, each with the location of the op being
    transformed (``at``): gradients keep pointing at the user's lines."""

    def __init__(self, block: Block, at: Attribute | None = None):
        self.block = block
        self.at = at
        #: For gradient rules: whether each operand needs a sensitivity.
        self.wants: list[bool] = []
        #: How to add two ``!myia.envsens`` (set by the gradient pass).
        self.env_add: Any = None
        #: ``link(python_function, arg_types) -> (symbol, result_type)``: a user
        #: function compiled for these types into the module (set by the pass).
        self.link: Any = None
        #: The gradient pass itself (helpers made for list sensitivities).
        self.transform: Any = None

    def emit(self, op: Operation) -> SSAValue:
        if self.at is not None:
            op.location = self.at  # type: ignore[assignment]  # (a location attribute)
        self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def prim(self, name: str, *args: SSAValue, result_type: Attribute | None = None) -> SSAValue:
        """A primitive whose result has the type of its first operand unless
        given; folded into a constant when its operands are constants (so that
        what derives from constants is never differentiated again)."""
        rtype = result_type if result_type is not None else args[0].type
        folded = self._fold(name, args, rtype)
        if folded is not None:
            return folded
        return self.emit(prim_op(name, *args, result_type=rtype))

    def _fold(self, name: str, args: Sequence[SSAValue], rtype: Attribute) -> SSAValue | None:
        dtype = dtype_of_type(rtype)
        if dtype is None or not args or not all(isinstance(a.owner, ConstOp) for a in args):
            return None
        try:
            values = [
                np.dtype(dtype_of_type(a.type) or dtype).type(literal_value(a.owner.value))  # type: ignore[union-attr]  # (owners checked above)
                for a in args
            ]
            with np.errstate(all="ignore"):
                value = PRIMITIVES[name].impl(*values)
            if not np.isfinite(value):
                return None
            return self.const(np.dtype(dtype).type(value).item(), rtype)
        except Exception:
            return None

    def const(self, value: Any, t: Attribute) -> SSAValue:
        return self.emit(ConstOp.typed(value, t))

    def tuple(self, values: Sequence[SSAValue]) -> SSAValue:
        return self.emit(TupleOp(list(values), tuple_type(v.type for v in values)))

    def get(self, t: SSAValue, index: int) -> SSAValue:
        """Element ``index`` of tuple ``t`` (the element itself when ``t`` is
        made here)."""
        ttype = t.type
        assert isinstance(ttype, TupleType), ttype
        if isinstance(t.owner, TupleOp):
            return t.owner.elements[index]
        return self.emit(TupleGetOp(t, index, ttype.types.data[index]))

    def field(self, r: SSAValue, name: str) -> SSAValue:
        rtype = r.type
        assert isinstance(rtype, RecordType)
        if isinstance(r.owner, RecordOp):
            names = [n.data for n in r.owner.field_names.data]
            return r.owner.fields[names.index(name)]
        return self.emit(GetAttrOp(r, name, dict(rtype.fields)[name]))

    # -- sensitivities ----------------------------------------------------------

    def zeros(self, t: Attribute, like: Any = None) -> SSAValue:
        """The zero sensitivity of type ``t``. ``like`` is a value of the type
        whose sensitivity this is (or a function that returns it, called only
        when needed): arrays whose sizes are known only at run time take its."""
        if isinstance(t, NoneType):
            return self.const(None, NONE)
        if dtype_of_type(t) is not None:
            return self.const(0, t)
        if isinstance(t, TupleType):
            return self.tuple(
                [
                    self.zeros(e, _part(like, lambda v, i=i: self.get(v, i)))
                    for i, e in enumerate(t.types.data)
                ]
            )
        if isinstance(t, RecordType):
            fields = [
                (n, self.zeros(ft, _part(like, lambda v, n=n: self.field(v, n))))
                for n, ft in t.fields
            ]
            return self.emit(RecordOp(t.class_name.data, fields, t))
        if isinstance(t, TensorType):
            return self._array_zeros(t, like)
        if isinstance(t, EnvSensType):
            return self.emit(EnvZeroOp(t))
        if isinstance(t, ListType):  # the empty list is the zero of a list
            return self.emit(prim_op("make_list", result_type=t))
        raise NotImplementedError(f"zeros of {t}")

    def _array_zeros(self, t: TensorType, like: Any = None) -> SSAValue:
        """``full(shape, 0)``: the shape from the type, or from ``like`` when the
        type does not know it."""
        dtype = dtype_of_type(t.element_type)
        dims = list(t.get_shape())
        if any(d < 0 for d in dims):
            if like is None:
                raise GradError(
                    f"gradients through a branch are not supported yet when the other branch takes an array "
                    f"whose sizes are known only at run time ({t})",
                    SourceLocation.from_attr(self.at),
                )
            value = like() if callable(like) else like
            shape = self.emit(
                prim_op("array_shape", value, result_type=tuple_type((i64,) * len(dims)))
            )
            parts = [
                self.const(d, i64) if d >= 0 else self.get(shape, k) for k, d in enumerate(dims)
            ]
        else:
            parts = [self.const(int(d), i64) for d in dims]
        zero = self.const(0.0, t.element_type)
        dtype_value = self.emit(ConstOp.typed(dtype, StringType()))
        return self.emit(prim_op("full", self.tuple(parts), zero, dtype_value, result_type=t))

    def add(self, a: SSAValue, b: SSAValue) -> SSAValue:
        """The sum of two sensitivities of one type (one of them when the other
        is a zero made here: no zero array is added)."""
        t = a.type
        if isinstance(t, NoneType):
            return a
        if is_zero(a):
            return b
        if is_zero(b):
            return a
        if isinstance(t, EnvSensType):
            assert self.env_add is not None
            return self.env_add(self, a, b)
        if isinstance(t, TupleType):
            return self.tuple(
                [self.add(self.get(a, i), self.get(b, i)) for i in range(len(t.types))]
            )
        if isinstance(t, RecordType):
            fields = [(n, self.add(self.field(a, n), self.field(b, n))) for n, _ in t.fields]
            return self.emit(RecordOp(t.class_name.data, fields, t))
        if isinstance(t, ListType):
            return list_add(self, a, b)
        return self.prim("add", a, b)


def is_zero(v: SSAValue) -> bool:
    """Whether ``v`` is a zero sensitivity made by :meth:`Emitter.zeros` (or a
    tuple or record of them)."""
    owner = v.owner
    if isinstance(owner, ConstOp):
        return isinstance(v.type, NoneType) or (
            dtype_of_type(v.type) is not None and literal_value(owner.value) == 0
        )
    if isinstance(owner, EnvZeroOp):
        return True
    if isinstance(owner, TupleOp):
        return all(is_zero(e) for e in owner.elements)
    if isinstance(owner, RecordOp):
        return all(is_zero(f) for f in owner.fields)
    if isinstance(owner, PrimOp) and owner.PRIMITIVE.name == "make_list" and not owner.operands:
        return True  # the empty list is a zero list sensitivity
    if (
        isinstance(owner, PrimOp)
        and owner.PRIMITIVE.name == "full"
        and isinstance(v.type, TensorType)
    ):
        value = owner.operands[1].owner
        return isinstance(value, ConstOp) and literal_value(value.value) == 0
    return False
