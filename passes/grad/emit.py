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
from myia.dialects.ops import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp
from myia.dialects.primitive import prim_op
from myia.dialects.grad_ops import EnvZeroOp
from myia.dialects.types import NONE, EnvSensType, NoneType, RecordType


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

    def emit(self, op: Operation) -> SSAValue:
        if self.at is not None:
            op.location = self.at
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
        from myia.dialects.ops import literal_value
        from myia.dialects.primitive import PRIMITIVES

        dtype = dtype_of_type(rtype)
        if dtype is None or not args or not all(isinstance(a.owner, ConstOp) for a in args):
            return None
        try:
            values = [np.dtype(dtype_of_type(a.type) or dtype).type(literal_value(a.owner.value)) for a in args]  # type: ignore[union-attr]
            with np.errstate(all="ignore"):
                value = PRIMITIVES[name].impl(*values)
            if not np.isfinite(value):
                return None
            return self.const(np.dtype(dtype).type(value).item(), rtype)
        except Exception:  # noqa: BLE001 - anything unusual: do not fold
            return None

    def const(self, value: Any, t: Attribute) -> SSAValue:
        return self.emit(ConstOp.typed(value, t))

    def tuple(self, values: Sequence[SSAValue]) -> SSAValue:
        return self.emit(TupleOp(list(values), TupleType(tuple(v.type for v in values))))

    def get(self, t: SSAValue, index: int) -> SSAValue:
        ttype = t.type
        assert isinstance(ttype, TupleType), ttype
        return self.emit(TupleGetOp(t, index, ttype.types.data[index]))

    def field(self, r: SSAValue, name: str) -> SSAValue:
        rtype = r.type
        assert isinstance(rtype, RecordType)
        return self.emit(GetAttrOp(r, name, dict(rtype.fields)[name]))

    # -- sensitivities ----------------------------------------------------------

    def zeros(self, t: Attribute) -> SSAValue:
        """The zero sensitivity of type ``t``."""
        if isinstance(t, NoneType):
            return self.const(None, NONE)
        if dtype_of_type(t) is not None:
            return self.const(0, t)
        if isinstance(t, TupleType):
            return self.tuple([self.zeros(e) for e in t.types.data])
        if isinstance(t, RecordType):
            fields = [(n, self.zeros(ft)) for n, ft in t.fields]
            return self.emit(RecordOp(t.class_name.data, fields, t))
        if isinstance(t, TensorType):
            return self._array_zeros(t)
        if isinstance(t, EnvSensType):
            return self.emit(EnvZeroOp(t))
        raise NotImplementedError(f"zeros of {t}")

    def _array_zeros(self, t: TensorType) -> SSAValue:
        from myia.dialects.primitive import PRIMITIVES

        if "zeros" not in PRIMITIVES:
            raise NotImplementedError("zero arrays need the `zeros` primitive")
        shape = [self.const(int(d), i64) for d in t.get_shape()]
        return self.emit(prim_op("zeros", self.tuple(shape), result_type=t))

    def add(self, a: SSAValue, b: SSAValue) -> SSAValue:
        """The sum of two sensitivities of one type."""
        t = a.type
        if isinstance(t, NoneType):
            return a
        if isinstance(t, EnvSensType):
            assert self.env_add is not None
            return self.env_add(self, a, b)
        if isinstance(t, TupleType):
            return self.tuple([self.add(self.get(a, i), self.get(b, i)) for i in range(len(t.types))])
        if isinstance(t, RecordType):
            fields = [(n, self.add(self.field(a, n), self.field(b, n))) for n, _ in t.fields]
            return self.emit(RecordOp(t.class_name.data, fields, t))
        return self.prim("add", a, b)

