"""The forward sweep of reverse mode: the body of a J transform ``@f.J``, the primal
computation in which calls become calls of J transforms (whose backpropagators are
kept on the tape)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xdsl.ir import Operation, SSAValue

from myia.dialects.grad_ops import GradApplyOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.types import FunctionValueType, tuple_type
from myia.passes.grad.common import GradError, Site
from myia.passes.grad.emitter import Emitter

if TYPE_CHECKING:
    from myia.passes.grad.transform import GradTransform


class ForwardSweep:
    """The forward pass of a J transform: the primal computation, in which calls
    become calls of J transforms (their backpropagators kept on the tape)."""

    def __init__(self, g: GradTransform, primal: FuncOp, jf: FuncOp):
        self.g = g
        self.primal = primal
        self.jf = jf
        self.vmap: dict[SSAValue, SSAValue] = dict(
            zip(primal.args, jf.args[: len(primal.args)], strict=True)
        )
        self.tape: dict[Operation, SSAValue] = {}
        self.sites: dict[Operation, tuple[Site, list[str]]] = {}

    def value(self, v: SSAValue) -> SSAValue:
        return self.vmap[v]

    def run(self) -> None:
        for op in self.primal.entry.ops:
            if isinstance(op, ReturnOp):
                break
            e = self.g.emitter(self.jf.entry, op.location)
            self.vmap[op.results[0]] = self.forward(e, op)

    def forward(self, e: Emitter, op: Operation) -> SSAValue:
        g = self.g
        args = [self.value(a) for a in op.operands]
        rtype = g.j_type(op.results[0].type)
        if isinstance(op, CallOp):
            callee = op.callee.root_reference.data
            names = g.j_names(callee)
            pair = e.emit(
                CallOp(names.j, args, tuple_type((rtype, FunctionValueType([names.bprop]))))
            )
            self.tape[op] = e.get(pair, 1)
            self.sites[op] = (("apply", (callee,)), [callee])
            return e.get(pair, 0)
        if isinstance(op, ApplyOp):
            fn_type = op.fn.type
            assert isinstance(fn_type, FunctionValueType) and op.callees is not None
            reps = tuple(r.root_reference.data for r in fn_type.functions.data)
            callees = [c.root_reference.data for c in op.callees.data]
            for callee, rep in zip(callees, reps, strict=True):
                if callee != rep:
                    g.class_of[callee] = g.class_of.get(rep, rep)
            site: Site = ("apply", tuple(callees))
            bp_type = g.site_bprop_type(site, callees)
            js = [g.variant(c, site, i).j for i, c in enumerate(callees)]
            pair = e.emit(ApplyOp(args[0], args[1:], tuple_type((rtype, bp_type)), js))
            self.tape[op] = e.get(pair, 1)
            self.sites[op] = (site, callees)
            return e.get(pair, 0)
        if isinstance(op, IfOp):
            branches = (op.then_fn.root_reference.data, op.else_fn.root_reference.data)
            site = ("if", branches)
            bp_type = g.site_bprop_type(site, list(branches))
            then_j = g.variant(branches[0], site, 0).j
            else_j = g.variant(branches[1], site, 1).j
            then_args = [self.value(a) for a in op.then_args]
            else_args = [self.value(a) for a in op.else_args]
            # Each branch also gets what the other's zero sensitivities need.
            given = {branches[0]: then_args, branches[1]: else_args}
            then_extra = [given[s][k] for s, k in g.zero_witnesses(site, 0)]
            else_extra = [given[s][k] for s, k in g.zero_witnesses(site, 1)]
            pair = e.emit(
                IfOp(
                    self.value(op.cond),
                    then_j,
                    then_args + then_extra,
                    else_j,
                    else_args + else_extra,
                    tuple_type((rtype, bp_type)),
                )
            )
            self.tape[op] = e.get(pair, 1)
            self.sites[op] = (site, list(branches))
            return e.get(pair, 0)
        if isinstance(op, ClosureOp):
            names = g.j_names(op.callee.root_reference.data)
            return e.emit(ClosureOp(names.j, args, rtype))
        if isinstance(op, GradApplyOp):
            raise GradError("internal: a gradient inside the code differentiated was not expanded")
        clone = type(op).create(
            operands=args,
            result_types=[rtype],
            properties=dict(op.properties),
            attributes=dict(op.attributes),
        )
        if op.results[0].name_hint:
            clone.results[0].name_hint = op.results[0].name_hint
        return e.emit(clone)
