"""Specialization: the inferred contexts become typed, monomorphic functions.

Every context reachable from the entry point becomes one clone of its function
(``@add`` called with ints and with floats gives ``@add`` and ``@add_1``), whose
values carry IR types. Each op is rewritten for its operand types: primitives
through their ``expand`` rule, constants known at compile time become
``myia.const``, branches on a known condition become calls, closures name the
specialization that stands for their class of closures, and values that meet with
different types (the branches of an ``if``, a recursion's results) are converted
with ``myia.cast``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import ArrayAttr, IntegerType, ModuleOp, SymbolRefAttr, TupleType
from xdsl.ir import Attribute, Block, Operation, SSAValue

from myia.dialects.abstract import (
    BOOL,
    UNKNOWN,
    Abstract,
    AbstractBottom,
    AbstractFunction,
    AbstractNone,
    AbstractRecord,
    AbstractScalar,
    AbstractString,
    AbstractTuple,
    AbstractUndefined,
    FunctionValue,
    broaden,
    dtype_of_type,
    to_type,
)
from myia.dialects.grad_ops import GradApplyOp, GradOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import (
    ConstOp,
    GetAttrOp,
    RecordOp,
    TupleGetOp,
    TupleOp,
    UndefinedOp,
    const_attr,
    literal_value,
)
from myia.dialects.primitive import ATTRIBUTE_RULES, PrimOp, may_raise, prim_op
from myia.dialects.rules_util import convert, on_python_scalars
from myia.dialects.symbols import fresh_symbol
from myia.dialects.types import FunctionValueType, NoneType
from myia.passes.infer.constants import const_attr_abstract
from myia.passes.infer.context import Context, Key
from myia.passes.infer.engine import CUSTOM_VJP, Inferrer


def _converts(value: Any, ttype: Attribute) -> bool:
    """Whether a known constant can be converted to ``ttype`` while compiling: a
    float that is NaN, infinite or out of an int type's range is left to the
    run-time cast, which raises as Python does (``int(math.nan)`` in code that
    may never run)."""
    if not isinstance(value, float | np.floating) or not isinstance(ttype, IntegerType):
        return True
    dtype = dtype_of_type(ttype)
    if dtype is None or dtype == BOOL:
        return True
    try:
        convert(value, dtype)
    except (OverflowError, ValueError):
        return False
    return True


class Specializer:
    """Builds the typed module from an inferrer's contexts."""

    def __init__(self, inferrer: Inferrer, entries: Sequence[Context]):
        self.inferrer = inferrer
        self.entries = list(entries)
        self.names: dict[tuple[Key, Attribute | None], str] = {}
        self.used_names: set[str] = set()
        self.order: list[tuple[Context, Attribute | None]] = []
        self.class_reps: dict[tuple[Any, ...], str] = {}
        self.stubs: list[FuncOp] = []
        self.grad_wrappers: dict[tuple[FunctionValue, tuple[Attribute, ...]], str] = {}

    # -- naming ----------------------------------------------------------------

    def contexts_reachable(self) -> list[Context]:
        seen: dict[int, Context] = {}
        todo = list(self.entries)
        while todo:
            ctx = todo.pop(0)
            if id(ctx) in seen:
                continue
            seen[id(ctx)] = ctx
            for keys in ctx.callees.values():
                todo.extend(self.inferrer.contexts[k] for k in keys)
            for fvs in ctx.grad_callees.values():
                todo.extend(self.inferrer.contexts[k] for k in fvs.values())
            if ctx.custom_vjp is not None:
                todo.extend(self.inferrer.contexts[k] for k in ctx.custom_vjp)
        return list(seen.values())

    def name_of(self, ctx: Context, coerce: Attribute | None = None) -> str:
        """The symbol of the specialization of ``ctx`` (returning ``coerce`` if
        given and different from its own result type)."""
        if coerce is not None and coerce == self.result_type(ctx):
            coerce = None
        key = (ctx.key, coerce)
        if key not in self.names:
            base = ctx.symbol if coerce is None else f"{ctx.symbol}.as"
            self.names[key] = self.fresh_name(base)
            self.order.append((ctx, coerce))
        return self.names[key]

    # -- types -----------------------------------------------------------------

    def type_of(self, a: Abstract) -> Attribute:
        return to_type(a, self.function_type)

    def function_type(self, fn: AbstractFunction) -> Attribute:
        reps = sorted({self.class_rep(fv) for fv in fn.values})
        return FunctionValueType(reps)

    def class_rep(self, fv: FunctionValue) -> str:
        """The specialization that names the class of closures ``fv`` belongs to:
        same function, same captured types."""
        caps = self.inferrer.captures_static(fv) + tuple(broaden(b) for b in fv.bound)
        cap_types = tuple(self.type_of(c) for c in caps)
        key = (fv.symbol, cap_types, len(fv.bound), fv.grads)
        if key not in self.class_reps and fv.grads:
            # A gradient: its class is named by a wrapper made for one of its calls.
            for ctx in self.all_contexts:
                for op, fvs in ctx.grad_callees.items():
                    for other in fvs:
                        grad: FunctionValue | None = other
                        while grad is not None and len(grad.grads) < len(fv.grads):
                            grad = _next_level(grad, fv)
                        if grad is not None and self.same_class(grad, fv):
                            assert isinstance(op, ApplyOp)
                            self.class_reps[key] = self.grad_wrapper(fv, ctx, op)
                            return self.class_reps[key]
            self.class_reps[key] = self.stub(
                fv.symbol + ".grad", (self.type_of(AbstractFunction.of(fv.primal())),)
            )
        if key not in self.class_reps:
            for ctx in self.all_contexts:
                if (
                    ctx.symbol == fv.symbol
                    and ctx.nbound == len(fv.bound)
                    and tuple(self.type_of(a) for a in ctx.args[: len(caps)]) == cap_types
                ):
                    self.class_reps[key] = self.name_of(ctx)
                    break
            else:
                self.class_reps[key] = self.stub(fv.symbol, cap_types)
        return self.class_reps[key]

    def same_class(self, a: FunctionValue, b: FunctionValue) -> bool:
        def key(fv: FunctionValue) -> tuple:
            caps = self.inferrer.captures_static(fv) + tuple(broaden(x) for x in fv.bound)
            return (fv.symbol, tuple(self.type_of(c) for c in caps), len(fv.bound), fv.grads)

        return key(a) == key(b)

    def grad_wrapper(self, fv: FunctionValue, site: Context, op: ApplyOp) -> str:
        """The typed function applying the gradient ``fv`` at the call ``op`` of
        ``site``: it captures the function differentiated and holds the
        ``myia.grad_apply`` that ``myia-grad`` expands."""
        binding = site.bindings[op]
        caps = self.inferrer.captures_static(fv)
        leading = (*caps, *(broaden(b) for b in fv.bound))
        params = [
            site.values[op.arguments[b]] if isinstance(b, int) else const_attr_abstract(b)
            for b in binding
        ]
        param_types = tuple(self.type_of(p) for p in params)
        wkey = (fv, param_types)
        if wkey in self.grad_wrappers:
            return self.grad_wrappers[wkey]
        primal = fv.primal()
        if primal.grads:
            callee = self.grad_wrapper(primal, site, op)
        else:
            callee = self.name_of(self.inferrer.contexts[site.grad_callees[op][fv]])
        result = self.inferrer.run(self.inferrer.apply_grad(site, op, fv, leading, params))
        inner_type = self.type_of(AbstractFunction.of(primal))
        name = self.fresh_name(f"{callee}.grad")
        self.grad_wrappers[wkey] = name
        spec = fv.grads[-1]
        argnums = self.inferrer.argnum_indices(fv, len(leading), spec)
        original = self.inferrer.function(fv.symbol)
        names = [a.name_hint or f"arg{i}" for i, a in enumerate(original.args[len(leading) :])]
        func = FuncOp(
            name,
            ["f", *names],
            1,
            arg_types=[inner_type, *param_types],
            result_type=self.type_of(result),
            private=True,
        )
        func.location = op.location
        grad = GradApplyOp(
            func.args[0],
            list(func.args[1:]),
            callee,
            argnums,
            spec.with_value,
            spec.tuple_result,
            self.type_of(result),
        )
        grad.location = op.location
        ret = ReturnOp(grad.result)
        ret.location = op.location
        func.entry.add_ops([grad, ret])
        self.stubs.append(func)
        return name

    def arg_types_of(self, symbol: str) -> list[Attribute]:
        """The argument types of a specialization (built or not yet)."""
        for func in self.stubs:
            if func.sym_name.data == symbol:
                return [a.type for a in func.args]
        for (key, _), name in self.names.items():
            if name == symbol:
                return [self.type_of(a) for a in key[1]]
        raise KeyError(symbol)

    def fresh_name(self, base: str) -> str:
        return fresh_symbol(base, self.used_names)

    def stub(self, symbol: str, capture_types: tuple[Attribute, ...]) -> str:
        """A function standing for closures that are built but never called (a
        fold over an empty tuple): it has their captures, and no body to speak of."""
        name = self.fresh_name(f"{symbol}.uncalled")
        func = FuncOp(
            name,
            [f"c{i}" for i in range(len(capture_types))],
            len(capture_types),
            arg_types=list(capture_types),
            result_type=NoneType(),
            private=True,
        )
        never = UndefinedOp("<never called>", NoneType())
        func.entry.add_ops([never, ReturnOp(never.result)])
        self.stubs.append(func)
        return name

    def result_type(self, ctx: Context) -> Attribute:
        return self.type_of(ctx.result)

    # -- building --------------------------------------------------------------

    def run(self) -> tuple[ModuleOp, list[str]]:
        """The typed module, and the symbols of the entries in it."""
        self.all_contexts = self.contexts_reachable()
        entry_names = [self.name_of(ctx) for ctx in self.entries]
        built: list[FuncOp] = []
        done = 0
        while done < len(self.order):
            ctx, coerce = self.order[done]
            done += 1
            built.append(self.build(ctx, coerce))
        for func in built:
            if func.sym_name.data in entry_names:
                func.sym_visibility = None
        return ModuleOp(built + self.stubs), entry_names

    def build(self, ctx: Context, coerce: Attribute | None) -> FuncOp:
        original = ctx.func
        name = self.names[(ctx.key, coerce)]
        arg_types = [self.type_of(a) for a in ctx.args]
        own_result = self.result_type(ctx)
        result_type = coerce if coerce is not None else own_result
        params = [a.name_hint or f"arg{i}" for i, a in enumerate(original.args)]
        owner = original.owner.root_reference.data if original.owner else None
        func = FuncOp(
            name,
            params,
            original.num_captures.data + ctx.nbound,
            arg_types=arg_types,
            result_type=result_type,
            private=True,
            owner=owner,
        )
        func.location = original.location
        if ctx.custom_vjp is not None:
            fwd, bwd = (self.name_of(self.inferrer.contexts[k]) for k in ctx.custom_vjp)
            func.attributes[CUSTOM_VJP] = ArrayAttr([SymbolRefAttr(fwd), SymbolRefAttr(bwd)])
        rewriter = OpRewriter(self, ctx, func.entry)
        for old, new in zip(original.args, func.args, strict=True):
            rewriter.vmap[old] = new
        for op in original.entry.ops:
            rewriter.rewrite(op)
            if rewriter.returned:
                break
        if coerce is not None:
            ret = func.entry.last_op
            assert isinstance(ret, ReturnOp)
            rewriter.insert_before = ret
            rewriter.current = ret
            value = rewriter.cast(ret.value, ctx.result, None, target_type=coerce)
            ret.operands = [value]
        return func


class OpRewriter:
    """Rewrites the ops of one context into one typed function (the Expander of
    the primitives' expand rules)."""

    def __init__(self, spec: Specializer, ctx: Context, block: Block):
        self.spec = spec
        self.ctx = ctx
        self.block = block
        self.vmap: dict[SSAValue, SSAValue] = {}
        self.current: Operation | None = None
        self.insert_before: Operation | None = None
        self.returned = False

    # -- Expander protocol -----------------------------------------------------

    def emit(self, op: Operation) -> SSAValue:
        if self.current is not None:
            op.location = self.current.location
        if self.insert_before is not None:
            self.block.insert_op_before(op, self.insert_before)
        else:
            self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def type_of(self, abstract: Any) -> Attribute:
        return self.spec.type_of(abstract)

    def const(self, value: Any, abstract: Any) -> SSAValue:
        return self.emit(ConstOp.typed(value, self.type_of(abstract)))

    def prim(self, name: str, *args: SSAValue, result: Any) -> SSAValue:
        checked = on_python_scalars(name, result)
        return self.emit(prim_op(name, *args, result_type=self.type_of(result), checked=checked))

    def cast(
        self,
        value: SSAValue,
        source: Any,
        target: Any,
        target_type: Attribute | None = None,
    ) -> SSAValue:
        """Convert ``value`` (of abstract ``source``, or None if unknown) to the type
        of ``target`` (or to ``target_type``): tuples element by element, values
        that are never defined to an undefined value of the new type."""
        ttype = target_type if target_type is not None else self.type_of(target)
        if value.type == ttype:
            return value
        if isinstance(source, AbstractUndefined | AbstractBottom):
            name = source.name if isinstance(source, AbstractUndefined) else "<unreachable>"
            return self.emit(UndefinedOp(name, ttype))
        if isinstance(value.type, TupleType) and isinstance(ttype, TupleType):
            sources = source.elements if isinstance(source, AbstractTuple) else None
            elements = []
            for i, (st, tt) in enumerate(zip(value.type.types.data, ttype.types.data, strict=True)):
                elem = self.emit(TupleGetOp(value, i, st))
                elements.append(self.cast(elem, sources[i] if sources else None, None, tt))
            return self.emit(TupleOp(elements, ttype))
        if (
            isinstance(value.owner, ConstOp)
            and isinstance(source, AbstractScalar)
            and source.known
            and _converts(source.value, ttype)
        ):
            return self.emit(ConstOp.typed(source.value, ttype))
        # A numpy uint64 becomes a Python int exactly, or not at all.
        checked = on_python_scalars("cast", target) and getattr(source, "dtype", None) == "uint64"
        return self.emit(prim_op("cast", value, result_type=ttype, checked=checked))

    def cast_type(self, value: SSAValue, ttype: Attribute) -> SSAValue:
        return self.cast(value, None, None, ttype)

    # -- rewriting -------------------------------------------------------------

    def value(self, v: SSAValue) -> SSAValue:
        return self.vmap[v]

    def abstract(self, v: SSAValue) -> Abstract:
        return self.ctx.values[v]

    def rewrite(self, op: Operation) -> None:
        self.current = op
        if isinstance(op, ReturnOp):
            value = self.cast(self.value(op.value), self.abstract(op.value), self.ctx.result)
            self.emit(ReturnOp(value))
            self.returned = True
            return
        result = op.results[0]
        abstract = self.ctx.values.get(result)
        if abstract is None or isinstance(abstract, AbstractBottom):
            # Never computed: the code after a call that does not return, or
            # an op that always raises (its ``never_returns`` rule emits what
            # raises: the check of an index out of range).
            never_returns = isinstance(op, PrimOp) and op.PRIMITIVE.rules.get("never_returns")
            if never_returns and abstract is not None:
                abstracts = [self.ctx.values.get(a) for a in op.operands]
                if not any(
                    a is None or isinstance(a, AbstractBottom | AbstractUndefined)
                    for a in abstracts
                ):
                    never_returns(self, op, [self.value(a) for a in op.operands], abstracts)
            self.vmap[result] = self.emit(UndefinedOp("<unreachable>", NoneType()))
            return
        if (
            isinstance(op, PrimOp | TupleGetOp | GetAttrOp)
            and isinstance(abstract, AbstractScalar | AbstractNone | AbstractString)
            and _known(abstract)
        ):
            if isinstance(abstract, AbstractNone) and may_raise(op):
                # None is known from the type alone (an element of a list of
                # None): the op still runs, for the error it may raise.
                self.rewrite_prim(op, abstract)  # type: ignore[arg-type]
            self.vmap[result] = self.const(_const_value(abstract), abstract)
            return
        handler = REWRITERS.get(type(op))
        if handler is not None:
            new = handler(self, op, abstract)
        elif isinstance(op, PrimOp):
            new = self.rewrite_prim(op, abstract)
        else:
            raise AssertionError(f"cannot specialize {op.name}")
        if result.name_hint and new.name_hint is None:
            new.name_hint = result.name_hint
        self.vmap[result] = new

    def rewrite_prim(self, op: PrimOp, abstract: Abstract) -> SSAValue:
        args = [self.value(a) for a in op.operands]
        if "macro" in op.PRIMITIVE.rules:  # a call of the function it generated
            (key,) = self.ctx.callees[op]
            callee = self.spec.inferrer.contexts[key]
            args = self.call_args(args, callee)
            return self.emit(CallOp(self.spec.name_of(callee), args, self.type_of(callee.result)))
        abstracts = [self.abstract(a) for a in op.operands]
        expand = op.PRIMITIVE.rules.get("expand")
        if expand is not None:
            new = expand(self, op, args, abstracts, abstract)
            if new is not None:
                return new
        return self.emit(type(op)(args, self.type_of(abstract)))

    def rewrite_const(self, op: ConstOp, abstract: Abstract) -> SSAValue:
        if isinstance(abstract, AbstractScalar | AbstractNone | AbstractString):
            return self.const(_const_value(abstract), abstract)
        raise AssertionError(f"unexpected constant {abstract}")

    def rewrite_undefined(self, op: UndefinedOp, abstract: Abstract) -> SSAValue:
        return self.emit(UndefinedOp(op.var_name.data, self.type_of(abstract)))

    def rewrite_tuple(self, op: TupleOp, abstract: Abstract) -> SSAValue:
        return self.emit(TupleOp([self.value(e) for e in op.elements], self.type_of(abstract)))

    def rewrite_tuple_get(self, op: TupleGetOp, abstract: Abstract) -> SSAValue:
        source = self.abstract(op.tuple)
        value = self.value(op.tuple)
        if isinstance(source, AbstractTuple):
            return self.emit(TupleGetOp(value, op.index.data, self.type_of(abstract)))
        index = self.const(op.index.data, AbstractScalar("int64"))
        return self.emit(prim_op("getitem", value, index, result_type=self.type_of(abstract)))

    def rewrite_record(self, op: RecordOp, abstract: Abstract) -> SSAValue:
        assert isinstance(abstract, AbstractRecord)
        fields = [(n.data, self.value(v)) for n, v in zip(op.field_names.data, op.fields)]
        return self.emit(RecordOp(op.class_name.data, fields, self.type_of(abstract)))

    def rewrite_getattr(self, op: GetAttrOp, abstract: Abstract) -> SSAValue:
        obj = self.abstract(op.object)
        value = self.value(op.object)
        name = op.attr.data
        if isinstance(obj, AbstractRecord) and obj.field(name) is not None:
            return self.emit(GetAttrOp(value, name, self.type_of(abstract)))
        keys = self.ctx.callees.get(op)
        if keys:  # a property: call its getter
            callee = self.spec.inferrer.contexts[keys[0]]
            return self.emit(CallOp(self.spec.name_of(callee), [value], self.type_of(abstract)))
        if isinstance(abstract, AbstractFunction):  # a bound method
            (fv,) = abstract.values
            rep = self.spec.class_rep(fv)
            return self.emit(ClosureOp(rep, [value], self.type_of(abstract)))
        rules = ATTRIBUTE_RULES.get(type(obj))
        if rules is not None:
            return rules[1](self, op, value, obj, abstract)
        raise AssertionError(f"cannot specialize getattr {name} on {obj}")

    def rewrite_closure(self, op: ClosureOp, abstract: Abstract) -> SSAValue:
        assert isinstance(abstract, AbstractFunction)
        (fv,) = abstract.values
        rep = self.spec.class_rep(fv)
        rep_func_args = self.spec_arg_types(rep)
        caps = [
            self.cast_type(self.value(c), t)
            for c, t in zip(op.captures, rep_func_args, strict=False)
        ]
        return self.emit(ClosureOp(rep, caps, self.type_of(abstract)))

    def spec_arg_types(self, symbol: str) -> list[Attribute]:
        return self.spec.arg_types_of(symbol)

    def rewrite_call(self, op: CallOp, abstract: Abstract) -> SSAValue:
        (key,) = self.ctx.callees[op]
        callee = self.spec.inferrer.contexts[key]
        args = self.call_args([self.value(a) for a in op.arguments], callee)
        return self.emit(CallOp(self.spec.name_of(callee), args, self.type_of(callee.result)))

    def call_args(self, args: list[SSAValue], callee: Context) -> list[SSAValue]:
        types = [self.type_of(a) for a in callee.args]
        return [self.cast_type(a, t) for a, t in zip(args, types, strict=True)]

    def rewrite_if(self, op: IfOp, abstract: Abstract) -> SSAValue:
        rtype = self.type_of(abstract)
        keys = self.ctx.callees[op]
        contexts = [self.spec.inferrer.contexts[k] for k in keys]
        if op in self.ctx.taken or len(contexts) == 1:
            taken = self.ctx.taken.get(op)
            if taken is None:
                # The other branch has no value (it recurses forever): call this one.
                taken = contexts[0].symbol == op.then_fn.root_reference.data
            args = op.then_args if taken else op.else_args
            (callee,) = contexts
            new_args = self.call_args([self.value(a) for a in args], callee)
            return self.emit(CallOp(self.spec.name_of(callee, rtype), new_args, rtype))
        then_ctx, else_ctx = contexts
        then_args = self.call_args([self.value(a) for a in op.then_args], then_ctx)
        else_args = self.call_args([self.value(a) for a in op.else_args], else_ctx)
        return self.emit(
            IfOp(
                self.value(op.cond),
                self.spec.name_of(then_ctx, rtype),
                then_args,
                self.spec.name_of(else_ctx, rtype),
                else_args,
                rtype,
            )
        )

    def rewrite_grad(self, op: GradOp, abstract: Abstract) -> SSAValue:
        """A gradient, as a closure of its wrapper capturing the function."""
        assert isinstance(abstract, AbstractFunction)
        (fv,) = abstract.values
        rep = self.spec.class_rep(fv)
        inner = self.cast_type(self.value(op.fn), self.type_of(AbstractFunction.of(fv.primal())))
        return self.emit(ClosureOp(rep, [inner], self.type_of(abstract)))

    def rewrite_apply(self, op: ApplyOp, abstract: Abstract) -> SSAValue:
        rtype = self.type_of(abstract)
        fn = self.abstract(op.fn)
        assert isinstance(fn, AbstractFunction)
        keys = self.ctx.callees[op]
        callees: dict[str, str] = {}
        for fv in fn.values:
            if fv.grads:
                callees[self.spec.class_rep(fv)] = self.spec.grad_wrapper(fv, self.ctx, op)
        for key in keys:
            callee = self.spec.inferrer.contexts[key]
            fv = next(
                v for v in fn.values if v.symbol == callee.symbol and len(v.bound) == callee.nbound
            )
            callees[self.spec.class_rep(fv)] = self.spec.name_of(callee, rtype)
        fn_type = self.type_of(fn)
        assert isinstance(fn_type, FunctionValueType)
        targets = [callees[r.root_reference.data] for r in fn_type.functions.data]
        binding = self.ctx.bindings[op]
        first_types = self.spec.arg_types_of(targets[0])
        param_types = first_types[len(first_types) - len(binding) :]
        args = []
        for b, ptype in zip(binding, param_types, strict=True):
            if isinstance(b, int):
                args.append(self.cast_type(self.value(op.arguments[b]), ptype))
            else:  # a default value
                args.append(self.emit(ConstOp(const_attr(literal_value(b), ptype), ptype)))
        new = ApplyOp(self.value(op.fn), args, rtype)
        new.properties["callees"] = ArrayAttr([SymbolRefAttr(t) for t in targets])
        return self.emit(new)


REWRITERS: dict[type[Operation], Callable[..., Any]] = {
    ConstOp: OpRewriter.rewrite_const,
    UndefinedOp: OpRewriter.rewrite_undefined,
    TupleOp: OpRewriter.rewrite_tuple,
    TupleGetOp: OpRewriter.rewrite_tuple_get,
    RecordOp: OpRewriter.rewrite_record,
    GetAttrOp: OpRewriter.rewrite_getattr,
    ClosureOp: OpRewriter.rewrite_closure,
    CallOp: OpRewriter.rewrite_call,
    IfOp: OpRewriter.rewrite_if,
    ApplyOp: OpRewriter.rewrite_apply,
    GradOp: OpRewriter.rewrite_grad,
}


def _known(a: Abstract) -> bool:
    if isinstance(a, AbstractScalar):
        return a.known
    if isinstance(a, AbstractString):
        return a.value is not UNKNOWN
    return isinstance(a, AbstractNone)


def _const_value(a: Abstract) -> Any:
    if isinstance(a, AbstractScalar):
        return a.value
    if isinstance(a, AbstractString):
        return a.value
    return None


def _next_level(grad: FunctionValue, target: FunctionValue) -> FunctionValue | None:
    """``grad`` one gradient deeper, as in ``target`` (None if it differs)."""
    level = len(grad.grads)
    if grad.grads != target.grads[:level]:
        return None
    return dataclasses.replace(grad, grads=target.grads[: level + 1])
