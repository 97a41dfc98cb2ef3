"""Reverse-mode differentiation as a transformation of typed myia IR.

Every function ``f`` differentiated gets a J transform ``@f.J`` (Pearlmutter and
Siskind, "Reverse-mode AD in a functional framework: Lambda the ultimate
backpropagator", as in Myia): it computes what ``f`` computes and returns it with
a *backpropagator*, a closure of ``@f.bprop`` that captures the forward values
the backward pass needs and maps the sensitivity of the result to those of the
arguments. Calls, branches and loops (tail calls) of ``f`` become calls of J
transforms, and the backpropagator of ``f`` calls theirs in reverse order; a loop
thus builds the chain of its iterations' backpropagators (the tape). The output
is ordinary typed myia, so it can be differentiated again.

Sensitivities have the structure of their values: a float has a float, a tuple
a tuple, a record a record; what has no gradient (ints, bools, None) has None; a
closure has the sensitivities of what it captured (one tuple per function it may
be). A backpropagator returns ``(envs, d_param_1, ..., d_param_n)`` where
``envs`` holds the sensitivities of the callee's captures, laid out for its call
site (one slot per function the called value may be; for a branch, the slot of
the branch taken holds all its arguments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xdsl.dialects.builtin import ModuleOp, TensorType, TupleType
from xdsl.ir import Attribute, Block, SSAValue

from myia.dialects import (
    grad_rules,  # noqa: F401 - the primitives' grad rules
    grad_rules_array,  # noqa: F401 - and those of the array primitives
    grad_rules_list,
)
from myia.dialects.abstract import dtype_of_type
from myia.dialects.grad_ops import (
    EnvIsZeroOp,
    EnvPackOp,
    EnvUnpackOp,
    GradApplyOp,
    JOp,
)
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.symbols import fresh_symbol
from myia.dialects.types import (
    NONE,
    EnvSensType,
    FunctionValueType,
    ListType,
    NoneType,
    RecordType,
    any_part,
    closure_classes_in,
    tuple_type,
)
from myia.errors import SourceLocation
from myia.passes.callgraph import referenced_symbols
from myia.passes.grad.backward_sweep import BackwardSweep, returned_value
from myia.passes.grad.common import GradError, Site
from myia.passes.grad.dead_results import prune_dead_captures, prune_dead_results
from myia.passes.grad.emitter import Emitter
from myia.passes.grad.forward_mode import ForwardMode
from myia.passes.grad.forward_sweep import ForwardSweep
from myia.passes.grad.user_rules import PythonCompiler, link_functions
from myia.passes.infer.engine import CUSTOM_VJP


@dataclass
class Names:
    j: str
    bprop: str


@dataclass
class GradTransform:
    module: ModuleOp
    funcs: dict[str, FuncOp] = field(default_factory=dict)
    names: dict[str, Names] = field(default_factory=dict)
    variants: dict[tuple[str, Site, int], Names] = field(default_factory=dict)
    queue: list[str] = field(default_factory=list)
    variant_queue: list[tuple[str, Site, int]] = field(default_factory=list)
    new: list[FuncOp] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    _sens_in_progress: set[str] = field(default_factory=set)
    _recursive: dict[str, bool] = field(default_factory=dict)
    env_adders: dict[str, str] = field(default_factory=dict)
    linked: dict[tuple[Any, tuple[Attribute, ...]], tuple[str, Attribute]] = field(
        default_factory=dict
    )
    class_of: dict[str, str] = field(default_factory=dict)
    """The closure class (the function that names it in types) of a function
    called through a function value, when it is another specialization."""
    forward: str = "auto"
    """When to differentiate in forward mode (see :mod:`.forward`)."""
    name_sensitivities: bool = False
    """Name the sensitivity of each named value ``grad_<name>`` in the
    backpropagators (what the step debugger prints as ``grad(h)``)."""
    j_transforms: set[str] = field(default_factory=set)
    """The J transforms made (their closures are made from their primal's)."""

    def __post_init__(self) -> None:
        self.funcs = {f.sym_name.data: f for f in self.module.ops if isinstance(f, FuncOp)}
        self.used = set(self.funcs)

    def emitter(self, block: Block, at: Attribute | None) -> Emitter:
        e = Emitter(block, at)
        e.env_add = self.env_add
        e.link = self.link
        e.transform = self
        return e

    def link(
        self, fn: Any, arg_types: list[Attribute], compile_function: PythonCompiler
    ) -> tuple[str, Attribute]:
        """The user function ``fn`` compiled for ``arg_types`` into this module
        (once per signature): its symbol and result type."""
        key = (fn, tuple(arg_types))
        if key not in self.linked:
            typed, entry = compile_function(fn, arg_types)
            funcs, symbol = link_functions(typed, entry, self.used)
            self.new += funcs
            entry_func = next(f for f in funcs if f.sym_name.data == symbol)
            self.linked[key] = (symbol, entry_func.result_type)
        return self.linked[key]

    # -- recursive closure classes ----------------------------------------------

    def is_recursive(self, symbol: str) -> bool:
        """Whether closures of ``symbol`` may contain closures of ``symbol``."""
        if symbol not in self._recursive:
            seen: set[str] = set()
            todo = list(self._classes_captured(symbol))
            while todo:
                s = todo.pop()
                if s in seen:
                    continue
                seen.add(s)
                todo.extend(self._classes_captured(s))
            self._recursive[symbol] = symbol in seen
        return self._recursive[symbol]

    def _classes_captured(self, symbol: str) -> set[str]:
        func = self.funcs.get(symbol) or self._new_func(symbol)
        if func is None:
            return set()
        return {c for a in func.args[: func.num_captures.data] for c in closure_classes_in(a.type)}

    def _new_func(self, symbol: str) -> FuncOp | None:
        for f in self.new:
            if f.sym_name.data == symbol:
                return f
        return None

    def pack_env(self, e: Emitter, symbol: str, values: Sequence[SSAValue]) -> SSAValue:
        """The sensitivities of ``symbol``'s captures, as its env type."""
        t = e.tuple(values)
        env_type = self.env_type(symbol)
        if isinstance(env_type, EnvSensType):
            return e.emit(EnvPackOp(t, env_type))
        return t

    def env_item(self, e: Emitter, env: SSAValue, index: int) -> SSAValue:
        """Capture ``index``'s sensitivity from an env value."""
        if isinstance(env.type, EnvSensType):
            env = e.emit(EnvUnpackOp(env, self.env_contents(env.type.function.root_reference.data)))
        return e.get(env, index)

    def env_contents(self, symbol: str) -> TupleType:
        func = self.funcs.get(symbol) or self._new_func(symbol)
        assert func is not None
        return tuple_type(self.sens_type(a.type) for a in func.args[: func.num_captures.data])

    def env_add(self, e: Emitter, a: SSAValue, b: SSAValue) -> SSAValue:
        """The sum of two ``!myia.envsens`` (a function per class: it recurses)."""
        t = a.type
        assert isinstance(t, EnvSensType)
        symbol = t.function.root_reference.data
        if symbol not in self.env_adders:
            self.env_adders[symbol] = self.fresh(f"{symbol}.envadd")
            self.build_env_add(symbol, t, self.env_adders[symbol])
        return e.emit(CallOp(self.env_adders[symbol], [a, b], t))

    def build_env_add(self, symbol: str, t: EnvSensType, name: str) -> None:
        sum_name = self.fresh(f"{symbol}.envadd.sum")
        second = self.fresh(f"{symbol}.envadd.b")
        keep = self.fresh(f"{symbol}.envadd.keep")
        loc = self.funcs[symbol].location if symbol in self.funcs else None
        funcs = []
        # @add(a, b): if a is zero, b; else (if b is zero, a; else pack(unpack a + unpack b))
        f = FuncOp(name, ["a", "b"], 0, arg_types=[t, t], result_type=t, private=True)
        e = self.emitter(f.entry, loc)
        za = e.emit(EnvIsZeroOp(f.args[0], _i1()))
        r = e.emit(IfOp(za, keep, [f.args[1]], second, list(f.args), t))
        e.emit(ReturnOp(r))
        funcs.append(f)
        f2 = FuncOp(second, ["a", "b"], 2, arg_types=[t, t], result_type=t, private=True)
        e = self.emitter(f2.entry, loc)
        zb = e.emit(EnvIsZeroOp(f2.args[1], _i1()))
        r = e.emit(IfOp(zb, keep, [f2.args[0]], sum_name, list(f2.args), t))
        e.emit(ReturnOp(r))
        funcs.append(f2)
        f3 = FuncOp(keep, ["v"], 1, arg_types=[t], result_type=t, private=True)
        self.emitter(f3.entry, loc).emit(ReturnOp(f3.args[0]))
        funcs.append(f3)
        f4 = FuncOp(sum_name, ["a", "b"], 2, arg_types=[t, t], result_type=t, private=True)
        e = self.emitter(f4.entry, loc)
        contents = self.env_contents(symbol)
        ta = e.emit(EnvUnpackOp(f4.args[0], contents))
        tb = e.emit(EnvUnpackOp(f4.args[1], contents))
        e.emit(ReturnOp(e.emit(EnvPackOp(e.add(ta, tb), t))))
        funcs.append(f4)
        for func in funcs:
            func.location = loc or func.location
        self.new += funcs

    # -- names -------------------------------------------------------------------

    def fresh(self, base: str) -> str:
        return fresh_symbol(base, self.used)

    def j_names(self, symbol: str) -> Names:
        """The J transform of ``symbol`` and its backpropagator (made later)."""
        if symbol not in self.names:
            self.names[symbol] = Names(self.fresh(f"{symbol}.J"), self.fresh(f"{symbol}.bprop"))
            self.j_transforms.add(self.names[symbol].j)
            self.queue.append(symbol)
        return self.names[symbol]

    def variant(self, symbol: str, site: Site, index: int) -> Names:
        """The J transform of ``symbol`` returning a backpropagator laid out for
        ``site`` (where it is alternative ``index``)."""
        if site[0] == "apply" and len(site[1]) == 1:
            return self.j_names(symbol)
        key = (symbol, site, index)
        if key not in self.variants:
            self.variants[key] = Names(
                self.fresh(f"{symbol}.J.at"), self.fresh(f"{symbol}.bprop.at")
            )
            self.j_transforms.add(self.variants[key].j)
            self.variant_queue.append(key)
        return self.variants[key]

    # -- types -------------------------------------------------------------------

    def j_type(self, t: Attribute) -> Attribute:
        if isinstance(t, EnvSensType):
            return t
        if isinstance(t, FunctionValueType):
            return FunctionValueType(
                [self.j_names(r.root_reference.data).j for r in t.functions.data]
            )
        if isinstance(t, TupleType):
            return tuple_type(self.j_type(e) for e in t.types.data)
        if isinstance(t, RecordType):
            return RecordType(t.class_name.data, [(n, self.j_type(ft)) for n, ft in t.fields])
        if isinstance(t, ListType):
            return ListType(self.j_type(t.element))
        return t

    def sens_type(self, t: Attribute) -> Attribute:
        dtype = dtype_of_type(t)
        if dtype is not None:
            return t if dtype.startswith("float") else NONE
        if isinstance(t, TensorType):
            dtype = dtype_of_type(t.element_type)
            return t if dtype is not None and dtype.startswith("float") else NONE
        if isinstance(t, TupleType):
            return tuple_type(self.sens_type(e) for e in t.types.data)
        if isinstance(t, RecordType):
            return RecordType(t.class_name.data, [(n, self.sens_type(ft)) for n, ft in t.fields])
        if isinstance(t, FunctionValueType):
            return tuple_type(self.env_type(r.root_reference.data) for r in t.functions.data)
        if isinstance(t, EnvSensType):
            return t
        if isinstance(t, ListType):  # a list of sensitivities (empty: zero)
            if isinstance(t.element, NoneType):
                return t  # (a list with no element type: always empty)
            element = self.sens_type(t.element)
            return ListType(element) if _nonzero_type(element) else NONE
        return NONE

    def env_type(self, symbol: str, everything: bool = False) -> Attribute:
        """The sensitivities of what ``symbol`` captures (of all its arguments):
        named (``!myia.envsens<@symbol>``) when the class contains itself."""
        if not everything:
            rep = self.class_of.get(symbol, symbol)
            if self.is_recursive(rep):
                return EnvSensType(rep)
        if symbol in self._sens_in_progress:
            raise GradError(
                "gradients of gradients through loops and recursion are not supported yet "
                f"(the backpropagator @{symbol} contains itself)"
            )
        self._sens_in_progress.add(symbol)
        try:
            func = self.funcs.get(symbol) or self._new_func(symbol)
            assert func is not None
            args = func.args if everything else func.args[: func.num_captures.data]
            return tuple_type(self.sens_type(a.type) for a in args)
        finally:
            self._sens_in_progress.discard(symbol)

    def bprop_type(self, symbol: str) -> TupleType:
        """What the backpropagator of ``symbol`` returns (its own layout)."""
        func = self.funcs[symbol]
        params = func.args[func.num_captures.data :]
        return tuple_type(
            (
                tuple_type([self.env_type(symbol)]),
                *(self.sens_type(p.type) for p in params),
            )
        )

    def site_result_type(self, symbol: str, site: Site) -> TupleType:
        """What a backpropagator of ``symbol`` returns at ``site``."""
        kind, alternatives = site
        if kind == "if":
            return tuple_type([tuple_type(self.env_type(s, True) for s in alternatives)])
        func = self.funcs[symbol]
        params = func.args[func.num_captures.data :]
        envs = tuple_type(self.env_type(s) for s in alternatives)
        return tuple_type((envs, *(self.sens_type(p.type) for p in params)))

    def site_bprop_type(self, site: Site, callees: Sequence[str]) -> FunctionValueType:
        """The type of the backpropagator a call at ``site`` returns."""
        return FunctionValueType([self.variant(c, site, i).bprop for i, c in enumerate(callees)])

    def has_sens(self, v: SSAValue) -> bool:
        return _nonzero_type(self.sens_type(v.type))

    # -- driving -----------------------------------------------------------------

    def run(self) -> None:
        """Expand every ``myia.grad_apply``, innermost first, one order of
        differentiation at a time; after each, drop the gradients nobody reads
        (through loops: :mod:`.dead_results`), before the next order
        differentiates them: a sensitivity nobody asked for would otherwise
        reach the next order as a zero, and a zero times an infinite partial
        derivative is nan (the second derivative of ``a ** b`` in ``a`` at
        ``a = 0``, where that of ``b`` is infinite)."""
        original = set(self.funcs)
        while True:
            level = self.innermost_grad_applies()
            if not level:
                break
            for op in level:
                self.expand(op)
                self.drain()
                for func in self.new:
                    self.module.body.block.add_op(func)
                    self.funcs[func.sym_name.data] = func
                self.new = []
            made = set(self.funcs) - original
            last = not any(isinstance(op, GradApplyOp) for op in self.module.walk())
            if prune_dead_results(self.module, only=made) and not last:
                # (and the forward values that only fed them)
                prune_dead_captures(self.module, only=made - self.j_transforms)
                # Pruned J transforms and backpropagators may lack results a
                # later order reads: it makes its own.
                self.names.clear()
                self.variants.clear()

    def innermost_grad_applies(self) -> list[GradApplyOp]:
        """The grad_apply ops whose differentiated code contains no other one."""
        candidates = [
            op for f in self.funcs.values() for op in f.entry.ops if isinstance(op, GradApplyOp)
        ]
        level = [
            op
            for op in candidates
            if not any(
                isinstance(o, GradApplyOp)
                for s in self.reachable(op.callee.root_reference.data)
                for o in self.funcs[s].entry.ops
            )
        ]
        if candidates and not level:
            raise GradError("gradients that differentiate themselves cannot be expanded")
        return level

    def reachable(self, symbol: str) -> set[str]:
        seen = {symbol}
        todo = [symbol]
        while todo:
            f = self.funcs[todo.pop()]
            for op in f.entry.ops:
                refs = set(referenced_symbols(op))
                for t in (*op.result_types, *(a.type for a in op.operands)):
                    if isinstance(t, FunctionValueType):
                        refs |= {r.root_reference.data for r in t.functions.data}
                for r in refs:
                    if r in self.funcs and r not in seen:
                        seen.add(r)
                        todo.append(r)
        return seen

    def drain(self) -> None:
        while self.queue or self.variant_queue:
            while self.queue:
                self.build_j(self.queue.pop(0))
            while self.variant_queue:
                self.build_variant(*self.variant_queue.pop(0))

    # -- expansion of grad_apply ---------------------------------------------------

    def expand(self, op: GradApplyOp) -> None:
        """``grad_apply %f(args)`` -> call the J transform, then its
        backpropagator on 1.0, and keep the sensitivities asked for (or, with
        respect to one float scalar, a forward-mode derivative)."""
        if self.forward == "auto" and ForwardMode(self).try_expand(op):
            return
        block = op.parent_block()
        assert block is not None
        e = self.emitter(Block(), op.location)
        callee = op.callee.root_reference.data
        names = self.j_names(callee)
        fn_type = op.fn.type
        assert isinstance(fn_type, FunctionValueType)
        jf = e.emit(JOp(op.fn, self.j_type(fn_type)))
        func = self.funcs[callee]
        pair_type = tuple_type((self.j_type(func.result_type), FunctionValueType([names.bprop])))
        pair = e.emit(ApplyOp(jf, list(op.arguments), pair_type, [names.j]))
        y = e.get(pair, 0)
        bp = e.get(pair, 1)
        one = e.const(1.0, y.type)
        d = e.emit(ApplyOp(bp, [one], self.bprop_type(callee), [names.bprop]))
        # Lists of sensitivities as long as their lists (an empty one is zero).
        grads = [
            grad_rules_list.dense(e, e.get(d, 1 + i), op.arguments[i]) for i in op.argnum_values
        ]
        result = e.tuple(grads) if op.tuple_result is not None else grads[0]
        if op.with_value is not None:
            result = e.tuple([y, result])
        for new_op in list(e.block.ops):
            new_op.detach()
            block.insert_op_before(new_op, op)
        op.result.replace_all_uses_with(result)
        op.detach()
        op.erase()

    # -- J transforms ----------------------------------------------------------------

    def build_j(self, symbol: str) -> None:
        f = self.funcs[symbol]
        names = self.names[symbol]
        if CUSTOM_VJP in f.attributes:
            self.build_custom_j(symbol)
            return
        self.build_transform(symbol, names, FunctionValueType([names.bprop]), None)

    def build_transform(
        self,
        symbol: str,
        names: Names,
        bprop_type: FunctionValueType,
        finish: Any,
        extra_types: Sequence[Attribute] = (),
    ) -> None:
        """Build ``names.j`` (the forward pass of ``symbol``, returning its value
        and its backpropagator as a ``bprop_type``) and ``names.bprop``, whose
        result ``finish(e, capture_sens, param_sens, extras)`` lays out (None: the
        function's own layout). ``names.j`` takes values of ``extra_types`` after
        its own arguments, which ``finish`` gets (captured by the
        backpropagator) as ``extras``."""
        f = self.funcs[symbol]
        ncap = f.num_captures.data
        arg_names = [a.name_hint or f"a{i}" for i, a in enumerate(f.args)]
        pair_type = tuple_type((self.j_type(f.result_type), bprop_type))
        jf = FuncOp(
            names.j,
            arg_names + [f"w{i}" for i in range(len(extra_types))],
            ncap,
            arg_types=[self.j_type(a.type) for a in f.args] + list(extra_types),
            result_type=pair_type,
            private=True,
            owner=f.owner.root_reference.data if f.owner else None,
        )
        jf.location = f.location
        fwd = ForwardSweep(self, f, jf)
        fwd.run()
        bprop = BackwardSweep(self, f, fwd, names.bprop)
        extras = jf.args[len(f.args) :]
        closure_args = bprop.run(
            finish
            and (
                lambda e, captures, params: finish(
                    e, captures, params, [bprop.capture_forward(x) for x in extras]
                )
            )
        )
        e = self.emitter(jf.entry, f.entry.last_op.location if f.entry.last_op else f.location)
        bp = e.emit(ClosureOp(names.bprop, closure_args, FunctionValueType([names.bprop])))
        if bp.type != bprop_type:
            bp = e.prim("cast", bp, result_type=bprop_type)
        e.emit(ReturnOp(e.tuple([fwd.value(returned_value(f)), bp])))
        self.new += [jf, bprop.func]

    def build_custom_j(self, symbol: str) -> None:
        """The J transform of a function with user rules (``myia.custom_vjp``):
        the forward rule's output, and a backpropagator closing over its
        residuals that calls the backward rule."""
        f = self.funcs[symbol]
        names = self.names[symbol]
        fwd_ref, bwd_ref = f.attributes[CUSTOM_VJP].data  # type: ignore[attr-defined]
        fwd = self.funcs[fwd_ref.root_reference.data]
        bwd = self.funcs[bwd_ref.root_reference.data]
        if any(self.j_type(a.type) != a.type for a in f.args):
            raise GradError(
                f"{symbol} has a custom_vjp rule and takes a function; custom rules "
                "differentiate functions of data only",
                SourceLocation.from_attr(f.location),
            )
        ncap = f.num_captures.data
        pair_type = tuple_type((f.result_type, FunctionValueType([names.bprop])))
        jf = FuncOp(
            names.j,
            [a.name_hint or f"a{i}" for i, a in enumerate(f.args)],
            ncap,
            arg_types=[a.type for a in f.args],
            result_type=pair_type,
            private=True,
        )
        jf.location = f.location
        e = self.emitter(jf.entry, f.location)
        fwd_result = e.emit(CallOp(fwd.sym_name.data, list(jf.args), fwd.result_type))
        out, residuals = e.get(fwd_result, 0), e.get(fwd_result, 1)
        if out.type != f.result_type:
            out = e.prim("cast", out, result_type=f.result_type)
        bp = e.emit(ClosureOp(names.bprop, [residuals], FunctionValueType([names.bprop])))
        e.emit(ReturnOp(e.tuple([out, bp])))

        bf = FuncOp(
            names.bprop,
            ["residuals", "dout"],
            1,
            arg_types=[residuals.type, self.sens_type(f.result_type)],
            result_type=self.bprop_type(symbol),
            private=True,
        )
        bf.location = f.location
        b = self.emitter(bf.entry, f.location)
        dout = bf.args[1]
        expected = bwd.args[1].type
        if dout.type != expected:
            dout = b.prim("cast", dout, result_type=expected)
        grads = b.emit(CallOp(bwd.sym_name.data, [bf.args[0], dout], bwd.result_type))
        sens = []
        for i, param in enumerate(f.args[ncap:]):
            want = self.sens_type(param.type)
            got = b.get(grads, i)
            if not _nonzero_type(want):
                got = b.zeros(want)
            elif got.type != want:
                if dtype_of_type(got.type) is None or dtype_of_type(want) is None:
                    raise GradError(
                        f"the backward rule {bwd.sym_name.data} of {symbol} returns {got.type} "
                        f"for parameter '{param.name_hint}', whose sensitivity is {want}",
                        SourceLocation.from_attr(bwd.location),
                    )
                got = b.prim("cast", got, result_type=want)
            sens.append(got)
        b.emit(ReturnOp(b.tuple([b.tuple([b.zeros(self.env_type(symbol))]), *sens])))
        self.new += [jf, bf]

    def build_variant(self, symbol: str, site: Site, index: int) -> None:
        """``@f.J.at``: the J transform of ``f`` whose backpropagator
        ``@f.bprop.at`` returns the layout of ``site``, where ``f`` is
        alternative ``index``: its own sensitivities in its slot, zeros in the
        others'."""
        f = self.funcs[symbol]
        names = self.variants[(symbol, site, index)]
        _, alternatives = site
        union = FunctionValueType(
            [self.variant(s, site, i).bprop for i, s in enumerate(alternatives)]
        )
        if CUSTOM_VJP in f.attributes:
            self.build_variant_wrapper(symbol, site, index, union)
            return

        witnesses = self.zero_witnesses(site, index)

        def finish(
            e: Emitter, captures: list[SSAValue], params: list[SSAValue], extras: list[SSAValue]
        ) -> SSAValue:
            return self.site_layout(
                e,
                symbol,
                site,
                index,
                captures,
                params,
                witnesses=dict(zip(witnesses, extras, strict=True)),
            )

        extra_types = [self.j_type(self.funcs[s].args[k].type) for s, k in witnesses]
        self.build_transform(symbol, names, union, finish, extra_types)

    def zero_witnesses(self, site: Site, index: int) -> list[tuple[str, int]]:
        """At an ``if`` site, the arguments of the other branch whose zero
        sensitivity needs their value (arrays of sizes known only at run time):
        the variant of branch ``index`` takes them too, to make those zeros."""
        kind, alternatives = site
        if kind != "if":
            return []
        return [
            (s, k)
            for i, s in enumerate(alternatives)
            if i != index
            for k, a in enumerate(self.funcs[s].args)
            if _sizes_at_run_time(self.sens_type(a.type))
        ]

    def site_layout(
        self,
        e: Emitter,
        symbol: str,
        site: Site,
        index: int,
        captures: list[SSAValue],
        params: list[SSAValue],
        env: SSAValue | None = None,
        witnesses: dict[tuple[str, int], SSAValue] | None = None,
    ) -> SSAValue:
        """What a backpropagator of ``symbol`` returns at ``site`` (see
        :meth:`site_result_type`), from the sensitivities of its captures
        (or their packed ``env``) and parameters; the zeros of the other
        branches' arguments take their sizes from ``witnesses`` (see
        :meth:`zero_witnesses`)."""
        kind, alternatives = site
        if kind == "if":
            known = witnesses or {}

            def others(s: str) -> SSAValue:
                args = self.funcs[s].args
                return e.tuple(
                    [
                        e.zeros(self.sens_type(a.type), like=known.get((s, k)))
                        for k, a in enumerate(args)
                    ]
                )

            mine = e.tuple([*captures, *params])
            slots = [mine if i == index else others(s) for i, s in enumerate(alternatives)]
            return e.tuple([e.tuple(slots)])
        if env is None:
            env = self.pack_env(e, symbol, captures)
        slots = [
            env if i == index else e.zeros(self.env_type(s)) for i, s in enumerate(alternatives)
        ]
        return e.tuple([e.tuple(slots), *params])

    def build_variant_wrapper(
        self, symbol: str, site: Site, index: int, union: FunctionValueType
    ) -> None:
        """A variant of a function whose J transform is made otherwise (user
        rules): ``@f.J.at`` calls ``@f.J`` and ``@f.bprop.at`` rearranges what
        ``@f.bprop`` returns."""
        f = self.funcs[symbol]
        base = self.j_names(symbol)
        names = self.variants[(symbol, site, index)]
        kind = site[0]
        own = FunctionValueType([base.bprop])
        pair_type = tuple_type((self.j_type(f.result_type), union))
        jf = FuncOp(
            names.j,
            [a.name_hint or f"a{i}" for i, a in enumerate(f.args)],
            f.num_captures.data,
            arg_types=[self.j_type(a.type) for a in f.args],
            result_type=pair_type,
            private=True,
        )
        jf.location = f.location
        e = self.emitter(jf.entry, f.location)
        pair = e.emit(CallOp(base.j, list(jf.args), tuple_type((self.j_type(f.result_type), own))))
        y, bp = e.get(pair, 0), e.get(pair, 1)
        wrapped = e.emit(ClosureOp(names.bprop, [bp], FunctionValueType([names.bprop])))
        if union != wrapped.type:
            wrapped = e.prim("cast", wrapped, result_type=union)
        e.emit(ReturnOp(e.tuple([y, wrapped])))
        # The rearranging backpropagator.
        dout_type = self.sens_type(f.result_type)
        bf = FuncOp(
            names.bprop,
            ["bp", "dout"],
            1,
            arg_types=[own, dout_type],
            result_type=self.site_result_type(symbol, site),
            private=True,
        )
        bf.location = f.location
        b = self.emitter(bf.entry, f.location)
        d = b.emit(ApplyOp(bf.args[0], [bf.args[1]], self.bprop_type(symbol), [base.bprop]))
        env = b.get(b.get(d, 0), 0)
        ncap = f.num_captures.data
        params = [b.get(d, 1 + k) for k in range(len(f.args) - ncap)]
        if kind == "if":
            captures = [self.env_item(b, env, k) for k in range(ncap)]
            result = self.site_layout(b, symbol, site, index, captures, params)
        else:
            result = self.site_layout(b, symbol, site, index, [], params, env)
        b.emit(ReturnOp(result))
        self.new += [jf, bf]


def _i1() -> Attribute:
    from xdsl.dialects.builtin import i1

    return i1


def _sizes_at_run_time(t: Attribute) -> bool:
    """Whether a sensitivity of type ``t`` holds arrays of sizes known only at
    run time (whose zero needs a value to take them from)."""
    return any_part(
        t, lambda u: isinstance(u, TensorType) and any(d < 0 for d in u.get_shape()), lists=False
    )


def _nonzero_type(t: Attribute) -> bool:
    """Whether a sensitivity of type ``t`` can be something other than nothing."""
    if isinstance(t, NoneType):
        return False
    if isinstance(t, TupleType):
        return any(_nonzero_type(e) for e in t.types.data)
    if isinstance(t, RecordType):
        return any(_nonzero_type(ft) for _, ft in t.fields)
    return True
