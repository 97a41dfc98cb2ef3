"""The backward sweep of reverse mode: the backpropagator ``@f.bprop`` of a J
transform, the primal ops in reverse, each mapping the sensitivity of its result to
those of its operands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xdsl.dialects.builtin import TupleType
from xdsl.ir import Operation, SSAValue

from myia.dialects.grad_ops import EnvIsZeroOp, EnvPackOp, EnvUnpackOp, EnvZeroOp, JOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import PrimOp
from myia.dialects.types import RecordType
from myia.errors import SourceLocation
from myia.passes.grad.common import GradError
from myia.passes.grad.emitter import Emitter
from myia.passes.grad.forward_sweep import ForwardSweep

if TYPE_CHECKING:
    from myia.passes.grad.transform import GradTransform


class BackwardSweep:
    """The backpropagator of a J transform: the primal ops in reverse, each
    mapping the sensitivity of its result to those of its operands."""

    def __init__(self, g: GradTransform, primal: FuncOp, fwd: ForwardSweep, name: str):
        self.g = g
        self.primal = primal
        self.fwd = fwd
        dout_type = g.sens_type(primal.result_type)
        self.func = FuncOp(
            name,
            ["dout"],
            0,
            arg_types=[dout_type],
            result_type=g.bprop_type(primal.sym_name.data),
            private=True,
            owner=primal.owner.root_reference.data if primal.owner else None,
        )
        self.func.location = primal.location
        self.block = self.func.entry
        self.captured: dict[SSAValue, SSAValue] = {}
        self.captured_forward: list[SSAValue] = []
        self.sens: dict[SSAValue, SSAValue] = {}
        self.constants: dict[SSAValue, SSAValue] = {}

    def capture(self, primal_value: SSAValue) -> SSAValue:
        """The forward value of ``primal_value``, captured by the backpropagator
        (constants are made again instead: no capture, and nothing to
        differentiate)."""
        owner = primal_value.owner
        if isinstance(owner, ConstOp):
            if primal_value not in self.constants:
                copy = ConstOp(owner.value, primal_value.type, owner.strong is not None)
                copy.location = owner.location
                self.block.insert_op_before(
                    copy, self.block.first_op
                ) if self.block.first_op else self.block.add_op(copy)
                self.constants[primal_value] = copy.result
            return self.constants[primal_value]
        forward = self.fwd.value(primal_value) if primal_value in self.fwd.vmap else primal_value
        return self.capture_forward(forward)

    def capture_forward(self, forward: SSAValue) -> SSAValue:
        if forward not in self.captured:
            index = len(self.captured_forward)
            arg = self.block.insert_arg(forward.type, index)
            if forward.name_hint:
                arg.name_hint = forward.name_hint
            self.captured[forward] = arg
            self.captured_forward.append(forward)
        return self.captured[forward]

    def accumulate(self, e: Emitter, v: SSAValue, s: SSAValue | None) -> None:
        if s is None or not self.g.has_sens(v):
            return
        if v in self.sens:
            self.sens[v] = e.add(self.sens[v], s)
        else:
            self.sens[v] = s

    def run(self, finish: Any = None) -> list[SSAValue]:
        """Build the backpropagator; return the forward values it captures.
        ``finish(e, capture_sens, param_sens)`` makes its result (by default,
        ``((env,), *param_sens)``)."""
        f = self.primal
        dout = self.block.args[0]
        ret = returned_value(f)
        if self.g.has_sens(ret):
            self.sens[ret] = dout
        # Values that depend on the arguments: only they need sensitivities (the
        # gradient of a constant exponent is never computed: no log of the base).
        self.active = {a for a in f.args if self.g.has_sens(a)}
        for op in f.entry.ops:
            if any(o in self.active for o in op.operands) and op.results:
                self.active.add(op.results[0])
        ops = [op for op in f.entry.ops if not isinstance(op, ReturnOp)]
        for op in reversed(ops):
            result = op.results[0]
            dz = self.sens.get(result)
            if dz is None:
                continue
            self.name_sensitivity(result, dz)
            self.backward(self.g.emitter(self.block, op.location), op, dz)
        e = self.g.emitter(self.block, f.entry.last_op.location if f.entry.last_op else f.location)
        ncap = f.num_captures.data

        def sens_of(v: SSAValue) -> SSAValue:
            return self.sens.get(v) or e.zeros(
                self.g.sens_type(v.type), like=lambda: self.capture(v)
            )

        captures = [sens_of(a) for a in f.args[:ncap]]
        params = [sens_of(a) for a in f.args[ncap:]]
        for arg, sens in zip(f.args, captures + params):
            self.name_sensitivity(arg, sens)
        if finish is None:
            env = self.g.pack_env(e, f.sym_name.data, captures)
            e.emit(ReturnOp(e.tuple([e.tuple([env]), *params])))
        else:
            e.emit(ReturnOp(finish(e, captures, params)))
        self.func.num_captures = _int_attr(len(self.captured_forward))
        self.func.update_function_type()
        remove_dead_ops(self.func)
        return self.prune()

    def name_sensitivity(self, value: SSAValue, sens: SSAValue) -> None:
        """``grad_<name>``: the complete sensitivity of a named value (when the
        transform names them, for the debugger)."""
        if self.g.name_sensitivities and value.name_hint and sens.name_hint is None:
            name = f"grad_{value.name_hint}"
            if SSAValue.is_valid_name(name):
                sens.name_hint = name

    def prune(self) -> list[SSAValue]:
        """Drop the captures nothing uses (the tape keeps only what is needed)."""
        keep = []
        for i in reversed(range(len(self.captured_forward))):
            arg = self.block.args[i]
            if not arg.uses:
                self.block.erase_arg(arg)
            else:
                keep.append(self.captured_forward[i])
        keep.reverse()
        self.func.num_captures = _int_attr(len(keep))
        self.func.update_function_type()
        return keep

    def backward(self, e: Emitter, op: Operation, dz: SSAValue) -> None:
        g = self.g
        if isinstance(op, PrimOp):
            rule = op.PRIMITIVE.rules.get("grad")
            if rule is None:
                raise GradError(
                    f"{op.PRIMITIVE.name} has no gradient rule",
                    SourceLocation.from_attr(op.location),
                )
            args = [self.capture(a) for a in op.operands]
            e.wants = [a in self.active for a in op.operands]
            grads = rule(e, op, args, self.capture(op.results[0]), dz)
            for a, s, wanted in zip(op.operands, grads, e.wants, strict=True):
                if wanted:
                    self.accumulate(e, a, s)
            return
        if isinstance(op, CallOp | ApplyOp | IfOp):
            site, callees = self.fwd.sites[op]
            bp = self.capture_forward(self.fwd.tape[op])
            if isinstance(op, CallOp):
                result_type = g.bprop_type(callees[0])
                targets = [g.j_names(callees[0]).bprop]
            else:
                result_type = g.site_result_type(callees[0], site)
                targets = [g.variant(c, site, i).bprop for i, c in enumerate(callees)]
            d = e.emit(ApplyOp(bp, [dz], result_type, targets))
            envs = e.get(d, 0)
            if isinstance(op, CallOp):
                callee = g.funcs[callees[0]]
                ncap = callee.num_captures.data
                env = e.get(envs, 0)
                for k, a in enumerate(op.arguments):
                    self.accumulate(
                        e, a, g.env_item(e, env, k) if k < ncap else e.get(d, 1 + k - ncap)
                    )
            elif isinstance(op, ApplyOp):
                self.accumulate(e, op.fn, envs)
                for k, a in enumerate(op.arguments):
                    self.accumulate(e, a, e.get(d, 1 + k))
            else:
                for slot, operands in ((0, op.then_args), (1, op.else_args)):
                    env = e.get(envs, slot)
                    for k, a in enumerate(operands):
                        self.accumulate(e, a, e.get(env, k))
            return
        if isinstance(op, ClosureOp):
            env = e.get(dz, 0)
            for k, a in enumerate(op.captures):
                self.accumulate(e, a, g.env_item(e, env, k))
            return
        if isinstance(op, EnvPackOp):
            contents = op.value.type
            self.accumulate(e, op.value, e.emit(EnvUnpackOp(dz, contents)))
            return
        if isinstance(op, EnvUnpackOp):
            self.accumulate(e, op.value, e.emit(EnvPackOp(dz, op.value.type)))
            return
        if isinstance(op, EnvZeroOp | EnvIsZeroOp):
            return
        if isinstance(op, TupleOp):
            for k, a in enumerate(op.elements):
                self.accumulate(e, a, e.get(dz, k))
            return
        if isinstance(op, TupleGetOp):
            ttype = g.sens_type(op.tuple.type)
            assert isinstance(ttype, TupleType)
            parts = [
                dz
                if k == op.index.data
                else e.zeros(t, like=lambda k=k: e.get(self.capture(op.tuple), k))
                for k, t in enumerate(ttype.types.data)
            ]
            self.accumulate(e, op.tuple, e.tuple(parts))
            return
        if isinstance(op, RecordOp):
            for name, a in zip(op.field_names.data, op.fields, strict=True):
                self.accumulate(e, a, e.field(dz, name.data))
            return
        if isinstance(op, GetAttrOp):
            rtype = g.sens_type(op.object.type)
            assert isinstance(rtype, RecordType)
            fields = [
                (
                    n,
                    dz
                    if n == op.attr.data
                    else e.zeros(t, like=lambda n=n: e.field(self.capture(op.object), n)),
                )
                for n, t in rtype.fields
            ]
            self.accumulate(e, op.object, e.emit(RecordOp(rtype.class_name.data, fields, rtype)))
            return
        if isinstance(op, JOp):
            self.accumulate(e, op.value, dz)
            return
        if isinstance(op, ConstOp | UndefinedOp):
            return
        raise GradError(f"cannot differentiate {op.name}", SourceLocation.from_attr(op.location))


def remove_dead_ops(func: FuncOp) -> None:
    """Erase the pure ops of ``func`` whose results are unused."""
    from xdsl.traits import is_side_effect_free

    for op in reversed(list(func.entry.ops)):
        if op.results and all(not r.uses for r in op.results) and is_side_effect_free(op):
            op.detach()
            op.erase()


def returned_value(f: FuncOp) -> SSAValue:
    ret = f.entry.last_op
    assert isinstance(ret, ReturnOp)
    return ret.value


def _int_attr(n: int):
    from xdsl.dialects.builtin import IntAttr

    return IntAttr(n)
