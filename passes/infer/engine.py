"""Type inference by abstract interpretation.

Each function is evaluated on abstract values (types plus known constants) once
per *context*: a distinct tuple of argument abstract values. Contexts are created
on demand from the entry point, so each function is analysed once per signature
it is really called with (implicit polymorphism). A call that reaches a context
already being evaluated (recursion, loops) reads its current approximation, which
starts at "no value"; whenever a context's result grows, the contexts that read it
are evaluated again, until nothing changes. Arguments crossing into a function
that is part of a cycle are broadened (constants dropped) so that iterations share
one context; a function that keeps getting new signatures (a tuple growing in a
loop) is reported instead of looping forever.

Errors are reported as compile-time tracebacks through the user functions on the
path from the entry point (see :mod:`myia.passes.infer.tracebacks`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue

from myia.dialects.abstract import (
    BOOL,
    BOTTOM,
    MAX_DEPTH,
    MAX_SIZE,
    Abstract,
    AbstractBottom,
    AbstractFunction,
    AbstractList,
    AbstractRecord,
    AbstractScalar,
    AbstractTuple,
    AbstractUndefined,
    FunctionValue,
    GradSpec,
    JoinError,
    abstract_summary,
    broaden,
    has_array_leaf,
    has_gradient,
    join,
    measure,
    numpy_operands,
    sensitivity,
)
from myia.dialects.grad_ops import GradOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import ATTRIBUTE_RULES, PrimOp
from myia.dialects.record_classes import RECORD_CLASSES
from myia.errors import MyiaError, MyiaIndexError, MyiaTypeError, SourceLocation
from myia.passes.callgraph import recursive_symbols
from myia.passes.infer.constants import const_abstract, const_attr_abstract
from myia.passes.infer.context import Binding, Context, Evaluation, Key, T
from myia.passes.infer.tracebacks import compile_traceback, display_name, return_location

CUSTOM_VJP = "myia.custom_vjp"
"""The attribute of a function with user rules: ``[@fwd, @bwd]``."""

MAX_SPECIALIZATIONS = 256
MAX_NESTING = 100
"""How many contexts of one function may be under evaluation at once (each with
its own signature): more means the signatures keep changing (a tuple that grows
in a loop)."""


class Inferrer:
    """Infers a module from an entry point. ``resolver`` (a ``myia.frontend``
    Frontend) parses dataclass methods on demand."""

    def __init__(self, module: ModuleOp, resolver: Any = None):
        self.module = module
        self.resolver = resolver
        self.funcs: dict[str, FuncOp] = {}
        self.refresh_functions()
        self.recursive = recursive_symbols(module)
        self.contexts: dict[Key, Context] = {}
        self.counts: Counter[str] = Counter()
        self.dirty: dict[Context, None] = {}
        self.op_index: dict[Operation, int] = {}
        self.active: Counter[str] = Counter()

    # -- driving ---------------------------------------------------------------

    def infer(self, symbol: str, args: Sequence[Abstract]) -> Context:
        """Infer ``symbol`` called with ``args``; return the entry context."""
        entry = self.run(self.request(symbol, tuple(args), 0, None))
        rounds = 0
        while self.dirty:
            ctx = next(iter(self.dirty))
            del self.dirty[ctx]
            self.run(self.evaluate(ctx))
            rounds += 1
            if rounds > 100000:
                raise MyiaTypeError(f"type inference of {symbol} does not converge")
        if isinstance(entry.result, AbstractBottom):
            self.check_empty_list_index()
            raise self.error(
                MyiaTypeError,
                f"{display_name(symbol)} never returns: it recurses with no base case",
                entry,
                None,
            )
        return entry

    def run(self, task: Evaluation[T]) -> T:
        """Run ``task`` and the evaluations of the contexts it requests, on an
        explicit stack: contexts are evaluated depth-first, as deep as the
        static call chain goes, and Python's stack stays flat however deep that
        is (no recursion limit to raise)."""
        stack: list[Evaluation[Any]] = [task]
        sent: Any = None
        error: BaseException | None = None
        while True:
            try:
                if error is None:
                    ctx = stack[-1].send(sent)
                else:
                    ctx, error = stack[-1].throw(error), None
            except StopIteration as done:
                stack.pop()
                if not stack:
                    return done.value
                sent = done.value
                continue
            except BaseException as exc:
                stack.pop()
                if not stack:
                    raise
                error = exc
                continue
            stack.append(self.evaluate(ctx))
            sent = None

    def check_empty_list_index(self) -> None:
        """A program that never returns because it indexes a list that is
        always empty (``[]`` that met no element), or a tuple out of range (a
        constant index, or an empty tuple), raises Python's IndexError."""
        for ctx in self.contexts.values():
            for op in ctx.func.entry.ops:
                if not (
                    isinstance(op, PrimOp) and op.PRIMITIVE.name in ("getitem", "list_getitem")
                ):
                    continue
                seq = ctx.values.get(op.operands[0])
                index = ctx.values.get(op.operands[1])
                if not isinstance(ctx.values.get(op.results[0]), AbstractBottom) or isinstance(
                    index, AbstractBottom | None
                ):
                    continue
                if isinstance(seq, AbstractList) and isinstance(seq.element, AbstractBottom):
                    message = "list index out of range (the list is always empty)"
                elif isinstance(seq, AbstractTuple) and isinstance(index, AbstractScalar):
                    n = len(seq.elements)
                    why = f"index {index.value} of a tuple of {n}" if n else "the tuple is empty"
                    message = f"tuple index out of range ({why})"
                else:
                    continue
                raise self.error(MyiaIndexError, message, ctx, op)

    def refresh_functions(self) -> None:
        self.funcs = {op.sym_name.data: op for op in self.module.ops if isinstance(op, FuncOp)}

    def function(self, symbol: str) -> FuncOp:
        func = self.funcs.get(symbol)
        if func is None:
            self.refresh_functions()
            func = self.funcs.get(symbol)
            if func is None:
                raise MyiaTypeError(f"undefined function @{symbol}")
            self.recursive = recursive_symbols(self.module)
        return func

    def request(
        self,
        symbol: str,
        args: tuple[Abstract, ...],
        nbound: int,
        caller: tuple[Context, Operation] | None,
    ) -> Evaluation[Context]:
        """The context of ``symbol`` on ``args``, evaluated if it is new."""
        func = self.function(symbol)
        if symbol in self.recursive:
            args = tuple(broaden(a) for a in args)
            args = self.widen_array_shapes(symbol, args, nbound)
        key = (symbol, args, nbound)
        ctx = self.contexts.get(key)
        if ctx is None:
            if len(args) != len(func.args):
                nparams = len(func.args) - func.num_captures.data - nbound
                given = len(args) - func.num_captures.data - nbound
                raise MyiaTypeError(
                    f"{display_name(symbol)}() takes {nparams} argument(s) but {given} were given"
                )
            self.counts[symbol] += 1
            if self.counts[symbol] > MAX_SPECIALIZATIONS:
                self.diverges(symbol)
            ctx = Context(key, func, caller)
            self.contexts[key] = ctx
            yield ctx  # evaluated by run()
        if caller is not None:
            ctx.dependents.add(caller[0])
        return ctx

    def widen_array_shapes(
        self, symbol: str, args: tuple[Abstract, ...], nbound: int
    ) -> tuple[Abstract, ...]:
        """Arguments of a loop or recursion that differ from those of a context
        of it already made only in the sizes of arrays (an array that grows in a
        loop) take the join: those sizes become known only at run time, so that
        the iterations share one context."""
        if not any(has_array_leaf(a) for a in args):
            return args
        for key in list(self.contexts):
            if key[0] != symbol or key[2] != nbound or key[1] == args or len(key[1]) != len(args):
                continue
            try:
                joined = tuple(join(a, b) for a, b in zip(key[1], args, strict=True))
            except JoinError:
                continue
            if joined == key[1] or all(
                j == a or has_array_leaf(a) for j, a in zip(joined, args, strict=True)
            ):
                args = joined
        return args

    def diverges(self, symbol: str) -> None:
        """Report a function whose argument types keep changing: named by the
        parameters that change, at the call that enters it from outside (the
        loop's header, or the first call of a recursion)."""
        contexts = [c for k, c in self.contexts.items() if k[0] == symbol]
        sigs = [c.args for c in contexts][:3]
        func = self.funcs[symbol]
        names = [a.name_hint or f"argument {i}" for i, a in enumerate(func.args)]
        changing = [
            names[i]
            for i in range(len(sigs[0]))
            if len({sig[i] for sig in sigs if i < len(sig)}) > 1
        ]
        owner = func.owner.root_reference.data if func.owner else symbol
        if owner != symbol:
            line = SourceLocation.from_attr(func.location)
            at = f" at line {line.line}" if line is not None else ""
            where = f"the loop{at} of {display_name(owner)}"
        else:
            where = f"the recursion of {display_name(symbol)}"
        if changing:
            shown = ", ".join(
                abstract_summary(sig[names.index(changing[0])], max_parts=40) for sig in sigs
            )
            message = (
                f"the type of '{changing[0]}' changes at every step of {where} "
                f"(e.g. a tuple that grows): {shown}, ...; its type must settle"
            )
        else:
            message = f"the argument types of {where} never settle"
        entry = next(
            (c.caller for c in contexts if c.caller is not None and c.caller[0].symbol != symbol),
            None,
        )
        if entry is not None:
            raise self.error(MyiaTypeError, message, *entry)
        raise self.error(MyiaTypeError, message, contexts[0], None)  # the jitted function

    def too_large(self, ctx: Context, op: Operation, value: Abstract) -> None:
        """Report a value nested deeper than MAX_DEPTH or larger than MAX_SIZE:
        as the divergence of the recursion that grows it, if one does (its
        argument types change at each step; a user's function rather than the
        branch or loop body of one), else at ``op``."""
        growing = []
        caller: tuple[Context, Operation] | None = (ctx, op)
        while caller is not None:
            if caller[0].symbol in self.recursive and self.counts[caller[0].symbol] > 1:
                growing.append(caller[0].func)
            caller = caller[0].caller
        if growing:
            func = next((f for f in growing if f.owner is None), growing[0])
            self.diverges(func.sym_name.data)
        depth, size = measure(value)
        if depth > MAX_DEPTH:
            message = f"this value nests more than {MAX_DEPTH} levels deep"
        else:
            message = f"the type of this value has more than {MAX_SIZE} parts ({size})"
        raise self.error(MyiaTypeError, message, ctx, op)

    def evaluate(self, ctx: Context) -> Evaluation[None]:
        if ctx.evaluating:
            return
        self.dirty.pop(ctx, None)
        self.active[ctx.symbol] += 1
        if self.active[ctx.symbol] > MAX_NESTING:
            self.diverges(ctx.symbol)
        ctx.evaluating = True
        old_values = ctx.values
        values: dict[SSAValue, Abstract] = dict(zip(ctx.func.args, ctx.args, strict=True))
        ctx.values = values
        ctx.callees = {}
        ctx.grad_callees = {}
        ctx.bindings = {}
        ctx.taken = {}
        result: Abstract = BOTTOM
        try:
            for op in ctx.func.entry.ops:
                if isinstance(op, ReturnOp):
                    result = values[op.value]
                    break
                try:
                    value = yield from self.eval_op(ctx, op, values)
                    depth, size = measure(value)
                    if depth > MAX_DEPTH or size > MAX_SIZE:
                        self.too_large(ctx, op, value)
                    values[op.results[0]] = value
                except MyiaError as exc:
                    if exc.frames or exc.operation:
                        raise
                    raise self.error(type(exc), exc.message, ctx, op) from None
        finally:
            ctx.evaluating = False
            self.active[ctx.symbol] -= 1
        if isinstance(result, AbstractUndefined):
            result = BOTTOM if ctx.func.owner is None else result
        try:
            new_result = join(ctx.result, result)
        except JoinError:
            raise self.error(
                MyiaTypeError,
                f"{display_name(ctx.symbol)} returns values of different types: "
                f"{ctx.result} and {result}",
                ctx,
                ctx.func.entry.last_op,
            ) from None
        if new_result != ctx.result or values != old_values:
            ctx.result = new_result
            for dep in ctx.dependents:
                self.dirty[dep] = None
        if CUSTOM_VJP in ctx.func.attributes and not isinstance(ctx.result, AbstractBottom):
            yield from self.infer_custom_vjp(ctx)

    def infer_custom_vjp(self, ctx: Context) -> Evaluation[None]:
        """Infer the user's forward and backward functions of ``ctx``'s function
        on its types: ``fwd(*args) -> (out, residuals)`` and ``bwd(residuals,
        dout) -> (one sensitivity per parameter)``."""
        fwd_ref, bwd_ref = ctx.func.attributes[CUSTOM_VJP].data  # type: ignore[attr-defined]
        fwd_sym, bwd_sym = fwd_ref.root_reference.data, bwd_ref.root_reference.data
        last_op = ctx.func.entry.last_op
        assert last_op is not None  # (a function body ends with its return)
        site = (ctx, last_op)
        fwd = yield from self.request(fwd_sym, ctx.args, 0, site)
        name = display_name(ctx.symbol)
        if isinstance(fwd.result, AbstractBottom):
            return
        if not (isinstance(fwd.result, AbstractTuple) and len(fwd.result.elements) == 2):
            raise self.error(
                MyiaTypeError,
                f"the forward rule {display_name(fwd_sym)} of {name} must return "
                f"(output, residuals); it returns {fwd.result}",
                fwd,
                fwd.func.entry.last_op,
            )
        out, residuals = fwd.result.elements
        try:
            join(out, ctx.result)
        except JoinError:
            raise self.error(
                MyiaTypeError,
                f"the forward rule {display_name(fwd_sym)} of {name} returns an output of "
                f"type {out}, but {name} returns {ctx.result}",
                fwd,
                fwd.func.entry.last_op,
            ) from None
        dout = sensitivity(broaden(ctx.result))
        bwd = yield from self.request(bwd_sym, (residuals, dout), 0, site)
        nparams = len(ctx.func.args) - ctx.func.num_captures.data
        if not isinstance(bwd.result, AbstractBottom) and not (
            isinstance(bwd.result, AbstractTuple) and len(bwd.result.elements) == nparams
        ):
            raise self.error(
                MyiaTypeError,
                f"the backward rule {display_name(bwd_sym)} of {name} must return a tuple of "
                f"{nparams} sensitivities (one per parameter of {name}); it returns {bwd.result}",
                bwd,
                bwd.func.entry.last_op,
            )
        ctx.custom_vjp = (fwd.key, bwd.key)

    # -- operations ------------------------------------------------------------

    def eval_op(
        self, ctx: Context, op: Operation, values: dict[SSAValue, Abstract]
    ) -> Evaluation[Abstract]:
        handler = self.HANDLERS.get(type(op))
        if handler is not None:
            return handler(self, ctx, op, values)
        call_handler = self.CALL_HANDLERS.get(type(op))
        if call_handler is not None:
            return (yield from call_handler(self, ctx, op, values))
        if isinstance(op, PrimOp):
            return (yield from self.eval_prim(ctx, op, values))
        raise MyiaTypeError(f"type inference does not support {op.name}")

    def eval_prim(
        self, ctx: Context, op: PrimOp, values: dict[SSAValue, Abstract]
    ) -> Evaluation[Abstract]:
        args = [values[o] for o in op.operands]
        if any(isinstance(a, AbstractBottom) for a in args):
            return BOTTOM
        for a in args:
            if isinstance(a, AbstractUndefined):
                raise MyiaTypeError(f"local variable '{a.name}' is used before it is assigned")
        macro = op.PRIMITIVE.rules.get("macro")
        if macro is not None:
            # A macro (tree_map): a call of the function it generates for these
            # argument types.
            callee = yield from self.request(macro(self, args, op), tuple(args), 0, (ctx, op))
            ctx.callees[op] = [callee.key]
            return callee.result
        rule = op.PRIMITIVE.rules.get("infer")
        if rule is None:
            raise MyiaTypeError(f"type inference does not support {op.PRIMITIVE.name} yet")
        if op.numpy is not None:
            args = numpy_operands(args)
        return rule(args, op)

    def eval_const(self, ctx: Context, op: ConstOp, values: dict) -> Abstract:
        return const_abstract(op)

    def eval_undefined(self, ctx: Context, op: UndefinedOp, values: dict) -> Abstract:
        return AbstractUndefined(op.var_name.data)

    def eval_tuple(self, ctx: Context, op: TupleOp, values: dict) -> Abstract:
        elements = tuple(values[o] for o in op.elements)
        if any(isinstance(e, AbstractBottom) for e in elements):
            return BOTTOM
        return AbstractTuple(elements)

    def eval_tuple_get(self, ctx: Context, op: TupleGetOp, values: dict) -> Abstract:
        tup = values[op.tuple]
        index = op.index.data
        if isinstance(tup, AbstractBottom):
            return BOTTOM
        if isinstance(tup, AbstractTuple):
            if index >= len(tup.elements):
                raise MyiaTypeError(
                    f"cannot take element {index} of a tuple of {len(tup.elements)}: {tup}"
                )
            return tup.elements[index]
        if isinstance(tup, AbstractList):
            return tup.element
        raise MyiaTypeError(f"cannot unpack {tup}")

    def eval_record(self, ctx: Context, op: RecordOp, values: dict) -> Abstract:
        fields = tuple(
            (name.data, values[v]) for name, v in zip(op.field_names.data, op.fields, strict=True)
        )
        if any(isinstance(v, AbstractBottom) for _, v in fields):
            return BOTTOM
        return AbstractRecord(op.class_name.data, fields)

    def eval_getattr(self, ctx: Context, op: GetAttrOp, values: dict) -> Evaluation[Abstract]:
        obj = values[op.object]
        name = op.attr.data
        if isinstance(obj, AbstractBottom):
            return BOTTOM
        if isinstance(obj, AbstractRecord):
            value = obj.field(name)
            if value is not None:
                return value
            symbol, is_property = self.method(obj, name)
            if is_property:
                getter = yield from self.request(symbol, (obj,), 0, (ctx, op))
                ctx.callees[op] = [getter.key]
                return getter.result
            return AbstractFunction.of(FunctionValue(symbol, None, (obj,)))
        rules = ATTRIBUTE_RULES.get(type(obj))
        if rules is not None:
            return rules[0](obj, name)
        raise MyiaTypeError(f"'{obj}' has no attribute '{name}'")

    def method(self, record: AbstractRecord, name: str) -> tuple[str, bool]:
        """The symbol of a method (or property getter) of a record's class."""
        cls = RECORD_CLASSES.get(record.class_name)
        if cls is not None and self.resolver is not None:
            import inspect

            attr = inspect.getattr_static(cls, name, None)
            if attr is None:
                raise MyiaTypeError(f"{record.short_name} has no attribute '{name}'")
            if not (callable(attr) or isinstance(attr, property)):
                raise MyiaTypeError(
                    f"{record.short_name}.{name} is a class attribute, which myia does not support"
                )
            symbol = self.resolver.method(cls, name)
            self.function(symbol)
            return symbol, isinstance(attr, property)
        symbol = f"{record.short_name}.{name}"
        if symbol not in self.funcs:
            raise MyiaTypeError(f"{record.short_name} has no attribute '{name}'")
        return symbol, False

    def eval_closure(self, ctx: Context, op: ClosureOp, values: dict) -> Abstract:
        symbol = op.callee.root_reference.data
        self.function(symbol)
        if not op.captures:
            return AbstractFunction.of(FunctionValue(symbol))
        return AbstractFunction.of(FunctionValue(symbol, (ctx.key, self.index_of(op))))

    def index_of(self, op: Operation) -> int:
        if op not in self.op_index:
            func = op.parent_op()
            for i, o in enumerate(func.body.block.ops):  # type: ignore[union-attr]
                self.op_index[o] = i
        return self.op_index[op]

    def captures(self, fv: FunctionValue, ctx: Context) -> tuple[Abstract, ...]:
        """The abstract values a closure captured, read from the context that built
        it (``ctx`` is re-evaluated when they change)."""
        if fv.site is not None:
            self.contexts[fv.site[0]].dependents.add(ctx)
        return self.captures_static(fv)

    def captures_static(self, fv: FunctionValue) -> tuple[Abstract, ...]:
        """The broadened abstract values a closure captured. Broadened, so that all
        the closures of one function with the same captured types are one class
        (one IR type), whatever constants they hold."""
        if fv.site is None:
            return ()
        site_key, index = fv.site
        site = self.contexts[site_key]
        op = list(site.func.body.block.ops)[index]
        assert isinstance(op, ClosureOp)
        return tuple(broaden(site.values.get(c, BOTTOM)) for c in op.captures)

    def eval_call(self, ctx: Context, op: CallOp, values: dict) -> Evaluation[Abstract]:
        args = tuple(values[a] for a in op.arguments)
        if any(isinstance(a, AbstractBottom) for a in args):
            return BOTTOM
        callee = yield from self.request(op.callee.root_reference.data, args, 0, (ctx, op))
        ctx.callees[op] = [callee.key]
        return callee.result

    def eval_apply(self, ctx: Context, op: ApplyOp, values: dict) -> Evaluation[Abstract]:
        fn = values[op.fn]
        args = tuple(values[a] for a in op.arguments)
        if isinstance(fn, AbstractBottom) or any(isinstance(a, AbstractBottom) for a in args):
            return BOTTOM
        if isinstance(fn, AbstractUndefined):
            raise MyiaTypeError(f"local variable '{fn.name}' is used before it is assigned")
        if not isinstance(fn, AbstractFunction):
            raise MyiaTypeError(f"'{fn}' object is not callable")
        keys = []
        result: Abstract = BOTTOM
        binding: list[Binding] | None = None
        for fv in sorted(fn.values, key=repr):
            caps = self.captures(fv, ctx)
            if any(isinstance(c, AbstractBottom) for c in caps):
                continue
            bound = tuple(broaden(b) for b in fv.bound)
            this = self.bind(fv.symbol, len(caps) + len(bound), op)
            if fv.grads:
                if binding is not None and this != binding:
                    raise MyiaTypeError("pass the arguments of a gradient by position")
                binding = this
                full = [args[b] if isinstance(b, int) else const_attr_abstract(b) for b in this]
                value = yield from self.apply_grad(ctx, op, fv, (*caps, *bound), full)
                try:
                    result = join(result, value)
                except JoinError:
                    raise MyiaTypeError(
                        f"the functions this value may be return different types: {result} "
                        f"and {value}"
                    ) from None
                continue
            if binding is not None and this != binding:
                raise MyiaTypeError(
                    "the functions this value may be take their parameters differently "
                    "(names or defaults): pass every argument by position"
                )
            binding = this
            full = [args[b] if isinstance(b, int) else const_attr_abstract(b) for b in this]
            callee = yield from self.request(
                fv.symbol, (*caps, *bound, *full), len(fv.bound), (ctx, op)
            )
            keys.append(callee.key)
            try:
                result = join(result, callee.result)
            except JoinError:
                raise MyiaTypeError(
                    f"the functions this value may be return different types: {result} "
                    f"and {callee.result}"
                ) from None
        ctx.callees[op] = keys
        if binding is not None:
            ctx.bindings[op] = binding
        return result

    def apply_grad(
        self,
        ctx: Context,
        op: ApplyOp,
        fv: FunctionValue,
        leading: tuple[Abstract, ...],
        args: list[Abstract],
    ) -> Evaluation[Abstract]:
        """The result of applying the gradient ``fv``: infer the function it is the
        gradient of (its value must be a float), then the gradients' types."""
        spec = fv.grads[-1]
        primal = fv.primal()
        indices = self.argnum_indices(fv, len(leading), spec)
        # A differentiated argument is a variable even when the caller passes a
        # constant: the function must not be specialized on (and folded at) it.
        args = [broaden(a) if i in indices else a for i, a in enumerate(args)]
        if primal.grads:
            value = yield from self.apply_grad(ctx, op, primal, leading, args)
        else:
            callee = yield from self.request(
                primal.symbol, (*leading, *args), len(primal.bound), (ctx, op)
            )
            ctx.grad_callees.setdefault(op, {})[fv] = callee.key
            value = callee.result
        if isinstance(value, AbstractBottom):
            return BOTTOM
        if not (isinstance(value, AbstractScalar) and value.kind == "f"):
            raise MyiaTypeError(
                f"grad needs a function returning a float scalar; {display_name(fv.symbol)} "
                f"returns {value}"
            )
        func = self.function(fv.symbol)
        params = [a.name_hint for a in func.args[len(leading) :]]
        grads = []
        for argnum in indices:
            if not has_gradient(args[argnum]):
                raise MyiaTypeError(
                    f"grad with respect to argument {argnum} ({params[argnum]} :: "
                    f"{args[argnum]}), which has no gradient (ints, bools and None have none)"
                )
            grads.append(sensitivity(broaden(args[argnum])))
        result: Abstract = AbstractTuple(tuple(grads)) if spec.tuple_result else grads[0]
        if spec.with_value:
            result = AbstractTuple((AbstractScalar(value.dtype, value.weak), result))
        return result

    def argnum_indices(self, fv: FunctionValue, nleading: int, spec: GradSpec) -> list[int]:
        """The positions of ``spec``'s argnums among the parameters of ``fv``'s
        function (after its captures and receiver)."""
        func = self.function(fv.symbol)
        params = [a.name_hint for a in func.args[nleading:]]
        result = []
        for argnum in spec.argnums:
            if isinstance(argnum, str):
                if argnum not in params:
                    raise MyiaTypeError(
                        f"grad: {display_name(fv.symbol)} has no parameter named '{argnum}'"
                    )
                argnum = params.index(argnum)
            if not 0 <= argnum < len(params):
                raise MyiaTypeError(
                    f"grad: argnums {argnum} is out of range for {len(params)} parameter(s)"
                )
            result.append(argnum)
        return result

    def eval_grad(self, ctx: Context, op: GradOp, values: dict) -> Abstract:
        fn = values[op.fn]
        if isinstance(fn, AbstractBottom):
            return BOTTOM
        if not isinstance(fn, AbstractFunction):
            raise MyiaTypeError(f"grad of '{fn}', which is not a function")
        spec = GradSpec(op.argnum_values, op.with_value is not None, op.tuple_result is not None)
        return AbstractFunction(
            frozenset(dataclasses.replace(fv, grads=(*fv.grads, spec)) for fv in fn.values)
        )

    def bind(self, symbol: str, nleading: int, op: ApplyOp) -> list[Binding]:
        """How the arguments of ``op`` fill the parameters of ``symbol``: for each
        parameter, the index of an argument of ``op`` or a default's constant."""
        func = self.function(symbol)
        positional, keywords = op.split_arguments()
        index = {a: i for i, a in enumerate(op.arguments)}
        bound = func.bind(
            [None] * nleading,
            [index[a] for a in positional],
            [(name, index[a]) for name, a in keywords],
            lambda attr: attr,
        )
        return bound[nleading:]

    def eval_if(self, ctx: Context, op: IfOp, values: dict) -> Evaluation[Abstract]:
        cond = values[op.cond]
        if isinstance(cond, AbstractBottom):
            return BOTTOM
        if not (isinstance(cond, AbstractScalar) and cond.dtype == BOOL):
            raise MyiaTypeError(f"the condition of a branch must be a bool, not {cond}")
        branches = [(True, op.then_fn, op.then_args), (False, op.else_fn, op.else_args)]
        if cond.known:
            ctx.taken[op] = bool(cond.value)
            branches = [b for b in branches if b[0] == bool(cond.value)]
        keys = []
        results: list[tuple[Abstract, Context]] = []
        for _, ref, arg_values in branches:
            args = tuple(values[a] for a in arg_values)
            if any(isinstance(a, AbstractBottom) for a in args):
                continue
            callee = yield from self.request(ref.root_reference.data, args, 0, (ctx, op))
            keys.append(callee.key)
            results.append((callee.result, callee))
        ctx.callees[op] = keys
        result: Abstract = BOTTOM
        for value, callee in results:
            try:
                result = join(result, value)
            except JoinError:
                first = next(c for v, c in results if c is not callee)
                raise MyiaTypeError(
                    "the branches of this conditional return different types: "
                    f"{results[0][0]} ({return_location(first)}) and {value} "
                    f"({return_location(callee)})"
                ) from None
        return result

    HANDLERS: dict[type, Callable[..., Abstract]] = {
        ConstOp: eval_const,
        UndefinedOp: eval_undefined,
        TupleOp: eval_tuple,
        TupleGetOp: eval_tuple_get,
        RecordOp: eval_record,
        ClosureOp: eval_closure,
        GradOp: eval_grad,
    }
    CALL_HANDLERS: dict[type, Callable[..., Evaluation[Abstract]]] = {
        GetAttrOp: eval_getattr,
        CallOp: eval_call,
        ApplyOp: eval_apply,
        IfOp: eval_if,
    }
    """The handlers of the ops that request contexts (generators, see run)."""

    # -- errors ----------------------------------------------------------------

    def error(
        self, cls: type[MyiaError], message: str, ctx: Context, op: Operation | None
    ) -> MyiaError:
        frames, operation = compile_traceback(ctx, op)
        return cls(message, frames=frames, operation=operation)
