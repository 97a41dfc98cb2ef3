"""Forward mode: the derivative with respect to one float scalar by tangents.

A gradient with respect to a single float scalar is a Jacobian-vector product:
one forward pass that carries each value's tangent (its derivative with respect
to that scalar) computes it, with no tape and no second pass. Reverse mode
walks a loop or a recursion twice and keeps every iteration's values; this
walks it once, as a derivative written by hand does, and a loop stays a loop
(reverse mode's backward chain is as deep as the loop is long).

Every function ``f`` reached gets ``@f.jvp`` taking its arguments, then the
tangents of the arguments that have one (the *active* ones: a variant per
pattern of active arguments), and returning ``(value, tangent)``. Primitives
reuse their gradient rules: for scalars the rule applied to the tangent of
operand ``i`` (as the sensitivity of the result) is the product of the partial
derivative with that tangent, and the sum over operands is the tangent of the
result. The output is ordinary typed myia (calls, branches, primitives), so it
can be differentiated again, by either mode.

``myia-grad`` uses it (``forward=auto``) when one float scalar is differentiated,
the result is a float scalar, and everything reached is scalar code: primitives
on numbers, tuples, records, calls, branches, loops and recursion. Anything else
(closures called as values, arrays, lists, user rules) takes reverse mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute, Block, Operation, SSAValue

from myia.dialects.abstract import dtype_of_type
from myia.dialects.grad_ops import GradApplyOp
from myia.dialects.ops_call import CallOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import PrimOp
from myia.dialects.types import (
    EnvSensType,
    FunctionValueType,
    ListType,
    RecordType,
    any_part,
    tuple_type,
)
from myia.passes.grad.emitter import Emitter, is_zero
from myia.passes.infer.engine import CUSTOM_VJP

if TYPE_CHECKING:
    from myia.passes.grad.transform import GradTransform

MODES = ("auto", "never")
"""``auto``: forward mode where it applies (see the module doc); ``never``:
reverse mode always."""

MAX_VARIANTS = 4
"""Patterns of active arguments made per function before all its float
arguments are taken as active (a loop activating its state one variable an
iteration would otherwise make a variant per step)."""

Mask = tuple[bool, ...]


class _Unsupported(Exception):
    """Something forward mode does not handle here: use reverse mode."""


class ForwardMode:
    """Builds the ``.jvp`` functions of one ``grad_apply`` (into ``made``, given
    to the gradient pass only when all of them could be built)."""

    def __init__(self, g: GradTransform):
        self.g = g
        self.names: dict[tuple[str, Mask], str] = {}
        self.masks: dict[str, list[Mask]] = {}
        self.queue: list[tuple[str, Mask]] = []
        self.made: list[FuncOp] = []

    # -- expansion ---------------------------------------------------------------

    def try_expand(self, op: GradApplyOp) -> bool:
        """Replace ``op`` by a call of the callee's jvp with tangent 1 for the
        argument differentiated; False (and nothing changed) when forward mode
        does not apply."""
        g = self.g
        callee = op.callee.root_reference.data
        func = g.funcs.get(callee)
        if func is None or func.num_captures.data or len(op.argnum_values) != 1:
            return False
        (argnum,) = op.argnum_values
        x = op.arguments[argnum]
        if not (_is_float(x.type) and _is_float(func.result_type)):
            return False
        mask = tuple(i == argnum for i in range(len(op.arguments)))
        e = g.emitter(Block(), op.location)
        try:
            name, _ = self.variant(callee, mask)
            while self.queue:
                self.build(*self.queue.pop(0))
        except _Unsupported:
            return False
        pair_type = tuple_type((func.result_type, g.sens_type(func.result_type)))
        pair = e.emit(CallOp(name, [*op.arguments, e.const(1.0, x.type)], pair_type))
        result = e.get(pair, 1)
        if op.tuple_result is not None:
            result = e.tuple([result])
        if op.with_value is not None:
            result = e.tuple([e.get(pair, 0), result])
        block = op.parent_block()
        assert block is not None
        for new_op in list(e.block.ops):
            new_op.detach()
            block.insert_op_before(new_op, op)
        op.result.replace_all_uses_with(result)
        op.detach()
        op.erase()
        g.new += self.made
        return True

    def variant(self, symbol: str, mask: Mask) -> tuple[str, Mask]:
        """The jvp of ``symbol`` for active arguments ``mask``, and the mask it
        takes (all float arguments once ``symbol`` has too many variants)."""
        masks = self.masks.setdefault(symbol, [])
        if mask not in masks and len(masks) >= MAX_VARIANTS:
            func = self.g.funcs[symbol]
            mask = tuple(self.g.has_sens(a) for a in func.args)
        key = (symbol, mask)
        if key not in self.names:
            if symbol not in self.g.funcs:
                raise _Unsupported(symbol)
            masks.append(mask)
            self.names[key] = self.g.fresh(f"{symbol}.jvp")
            self.queue.append(key)
        return self.names[key], mask

    # -- building ----------------------------------------------------------------

    def build(self, symbol: str, mask: Mask) -> None:
        g = self.g
        f = g.funcs[symbol]
        if CUSTOM_VJP in f.attributes:
            raise _Unsupported(symbol)
        for a in f.args:
            _check_type(a.type)
        active = [a for a, m in zip(f.args, mask, strict=True) if m]
        tangent_types = [g.sens_type(a.type) for a in active]
        result_tangent = g.sens_type(f.result_type)
        names = [a.name_hint or f"a{i}" for i, a in enumerate(f.args)]
        jf = FuncOp(
            self.names[(symbol, mask)],
            names + [f"d_{a.name_hint or i}" for i, a in enumerate(active)],
            f.num_captures.data,
            arg_types=[a.type for a in f.args] + tangent_types,
            result_type=tuple_type((f.result_type, result_tangent)),
            private=True,
            owner=f.owner.root_reference.data if f.owner else None,
        )
        jf.location = f.location
        values: dict[SSAValue, SSAValue] = dict(zip(f.args, jf.args, strict=False))
        tangents: dict[SSAValue, SSAValue] = dict(zip(active, jf.args[len(f.args) :], strict=True))
        for op in f.entry.ops:
            e = g.emitter(jf.entry, op.location)
            if isinstance(op, ReturnOp):
                ret = op.value
                t = tangents.get(ret) or e.zeros(result_tangent)
                e.emit(ReturnOp(e.tuple([values[ret], t])))
                break
            for r in op.results:
                _check_type(r.type)
            value, tangent = self.forward(e, op, values, tangents)
            values[op.results[0]] = value
            if tangent is not None and g.has_sens(op.results[0]) and not is_zero(tangent):
                tangents[op.results[0]] = tangent
        self.made.append(jf)

    def forward(
        self,
        e: Emitter,
        op: Operation,
        values: dict[SSAValue, SSAValue],
        tangents: dict[SSAValue, SSAValue],
    ) -> tuple[SSAValue, SSAValue | None]:
        """The value of ``op``'s result in the jvp and its tangent (None: zero)."""
        g = self.g
        args = [values[a] for a in op.operands]
        if not any(a in tangents for a in op.operands):
            return e.emit(self._clone(op, args)), None
        if isinstance(op, CallOp):
            return self._call(
                e,
                op.callee.root_reference.data,
                list(op.arguments),
                op.results[0].type,
                values,
                tangents,
            )
        if isinstance(op, IfOp):
            return self._if(e, op, values, tangents)
        value = e.emit(self._clone(op, args))  # (raises _Unsupported for other ops)
        if isinstance(op, TupleOp):
            return value, e.tuple([self._tangent(e, a, tangents) for a in op.elements])
        if isinstance(op, TupleGetOp):
            return value, e.get(tangents[op.tuple], op.index.data)
        if isinstance(op, RecordOp):
            rtype = g.sens_type(op.results[0].type)
            assert isinstance(rtype, RecordType)
            fields = [
                (n.data, self._tangent(e, a, tangents))
                for n, a in zip(op.field_names.data, op.fields, strict=True)
            ]
            return value, e.emit(RecordOp(rtype.class_name.data, fields, rtype))
        if isinstance(op, GetAttrOp):
            return value, e.field(tangents[op.object], op.attr.data)
        assert isinstance(op, PrimOp)  # const and undefined have no operands, so no tangent
        return value, self._prim(e, op, args, value, tangents)

    def _prim(
        self,
        e: Emitter,
        op: PrimOp,
        args: list[SSAValue],
        out: SSAValue,
        tangents: dict[SSAValue, SSAValue],
    ) -> SSAValue | None:
        """Sum over the active operands of the rule applied to their tangent."""
        if not self.g.has_sens(out):
            return None
        name = op.PRIMITIVE.name
        if name == "cast":
            if not (_is_float(op.operands[0].type) and _is_float(out.type)):
                raise _Unsupported(name)
            return e.prim("cast", tangents[op.operands[0]], result_type=out.type)
        rule = op.PRIMITIVE.rules.get("grad")
        if rule is None:
            raise _Unsupported(name)
        total = None
        for i, operand in enumerate(op.operands):
            if operand not in tangents:
                continue
            if operand.type != out.type:
                raise _Unsupported(name)
            e.wants = [k == i for k in range(len(args))]
            part = rule(e, op, args, out, tangents[operand])[i]
            if part is not None:
                total = part if total is None else e.add(total, part)
        return total

    def _jvp_target(
        self,
        e: Emitter,
        symbol: str,
        operands: Sequence[SSAValue],
        values: dict[SSAValue, SSAValue],
        tangents: dict[SSAValue, SSAValue],
    ) -> tuple[str, list[SSAValue]]:
        """The jvp of ``symbol`` for these operands' activity, and its arguments:
        the operands' values, then the tangents of those it takes as active."""
        name, mask = self.variant(symbol, tuple(a in tangents for a in operands))
        ts = [self._tangent(e, a, tangents) for a, m in zip(operands, mask, strict=True) if m]
        return name, [values[a] for a in operands] + ts

    def _call(
        self,
        e: Emitter,
        symbol: str,
        operands: Sequence[SSAValue],
        rtype: Attribute,
        values: dict[SSAValue, SSAValue],
        tangents: dict[SSAValue, SSAValue],
    ) -> tuple[SSAValue, SSAValue]:
        name, args = self._jvp_target(e, symbol, operands, values, tangents)
        pair = e.emit(CallOp(name, args, tuple_type((rtype, self.g.sens_type(rtype)))))
        return e.get(pair, 0), e.get(pair, 1)

    def _if(
        self,
        e: Emitter,
        op: IfOp,
        values: dict[SSAValue, SSAValue],
        tangents: dict[SSAValue, SSAValue],
    ) -> tuple[SSAValue, SSAValue]:
        rtype = op.results[0].type
        (then_fn, then_args), (else_fn, else_args) = (
            self._jvp_target(e, fn.root_reference.data, operands, values, tangents)
            for fn, operands in ((op.then_fn, op.then_args), (op.else_fn, op.else_args))
        )
        pair_type = tuple_type((rtype, self.g.sens_type(rtype)))
        pair = e.emit(IfOp(values[op.cond], then_fn, then_args, else_fn, else_args, pair_type))
        return e.get(pair, 0), e.get(pair, 1)

    def _tangent(self, e: Emitter, v: SSAValue, tangents: dict[SSAValue, SSAValue]) -> SSAValue:
        return tangents.get(v) or e.zeros(self.g.sens_type(v.type))

    @staticmethod
    def _clone(op: Operation, operands: list[SSAValue]) -> Operation:
        """``op`` on the jvp's values (ops of scalar code only)."""
        if isinstance(op, IfOp):
            n = len(op.then_args)
            return IfOp(
                operands[0],
                op.then_fn,
                operands[1 : 1 + n],
                op.else_fn,
                operands[1 + n :],
                op.results[0].type,
            )
        if not isinstance(
            op,
            PrimOp | CallOp | ConstOp | UndefinedOp | TupleOp | TupleGetOp | RecordOp | GetAttrOp,
        ):
            raise _Unsupported(op.name)
        clone = type(op).create(
            operands=operands,
            result_types=[r.type for r in op.results],
            properties=dict(op.properties),
            attributes=dict(op.attributes),
        )
        for old, new in zip(op.results, clone.results, strict=True):
            new.name_hint = old.name_hint
        return clone


def _is_float(t: Attribute) -> bool:
    dtype = dtype_of_type(t)
    return dtype is not None and dtype.startswith("float")


def _check_type(t: Attribute) -> None:
    """Scalars, None, strings, and tuples and records of them: nothing else."""
    if any_part(
        t, lambda u: isinstance(u, FunctionValueType | TensorType | ListType | EnvSensType)
    ):
        raise _Unsupported(str(t))


__all__ = ["MODES", "ForwardMode"]
