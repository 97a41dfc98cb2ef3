"""Canonicalization: local rewrites that make myia code smaller and simpler.

The pass runs xDSL's canonicalize driver (every upstream op's canonicalization
patterns and folders, then region DCE) with myia's patterns added, so it
replaces xDSL's ``canonicalize`` under the same name. Each pattern is one small
class below; their docstrings say what they rewrite and why it is sound.

What makes these patterns sound is that myia values are immutable and every
value op computes its value from its operands alone: an op may be replaced by
anything that computes the same value. The one thing a rewrite must not change
is *which* value is computed, so constant folding runs the primitive's own
reference implementation (Python's semantics, by construction) and gives up
whenever that raises or produces a value a ``myia.const`` cannot hold exactly.
Ops that may raise (:mod:`myia.dialects.raise_rules`) are not erased when they
become unused: the error is Python's too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.context import Context
from xdsl.dialects.builtin import (
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    UnitAttr,
    f64,
    i1,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.traits import HasCanonicalizationPatternsTrait, SymbolTable
from xdsl.transforms.dead_code_elimination import region_dce

from myia.dialects.grad_ops import JOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp
from myia.dialects.ops_value import ConstOp, TupleGetOp, TupleOp
from myia.dialects.primitive import PRIMITIVES, PrimOp
from myia.dialects.types import NONE, AnyType, FunctionValueType

# ---------------------------------------------------------------------------
# Constants as Python values

_NO_VALUE = object()
"""What :func:`const_value` returns for a value that is not a usable constant."""


def const_value(value: SSAValue) -> Any:
    """The Python value of a (weak) ``myia.const`` with Python semantics, else
    ``_NO_VALUE``.

    Only ``i1``/``i64``/``f64``/none/string constants qualify, and only when the
    op's result type is not a narrower type (an ``f32`` result would not compute
    like a Python float). Strong constants (``np.float32(0.1)``) follow numpy's
    rules, not Python's, so they never qualify.
    """
    op = value.owner
    if not isinstance(op, ConstOp) or op.strong is not None:
        return _NO_VALUE
    attr = op.value
    if isinstance(attr, IntegerAttr) and isinstance(attr.type, IntegerType):
        width = attr.type.width.data
        if width == 1:
            result: Any = bool(attr.value.data)
        elif width == 64:
            result = int(attr.value.data)
        else:
            return _NO_VALUE
    elif isinstance(attr, FloatAttr) and isinstance(attr.type, Float64Type):
        result = float(attr.value.data)
    elif isinstance(attr, UnitAttr):
        result = None
    elif isinstance(attr, StringAttr):
        result = attr.data
    else:
        return _NO_VALUE
    if not _type_holds(value.type, result):
        return _NO_VALUE
    return result


def _natural_type(value: Any) -> Attribute | None:
    if isinstance(value, bool):
        return i1
    if isinstance(value, int):
        return i64
    if isinstance(value, float):
        return f64
    if value is None:
        return NONE
    return None


def _type_holds(result_type: Attribute, value: Any) -> bool:
    """Whether a value of type ``result_type`` can be this Python value as is."""
    if isinstance(result_type, AnyType):
        return True
    if isinstance(value, str):
        return False
    return result_type == _natural_type(value)


def const_attr(value: Any) -> Attribute | None:
    """The attribute of a ``myia.const`` holding ``value`` exactly, or None."""
    if isinstance(value, bool):
        return IntegerAttr(int(value), i1)
    if isinstance(value, int):
        if -(2**63) <= value < 2**63:
            return IntegerAttr(value, i64)
        return None
    if isinstance(value, float):
        return FloatAttr(value, f64)
    if value is None:
        return UnitAttr()
    return None


# ---------------------------------------------------------------------------
# Patterns

BOOL_PRODUCERS = frozenset(
    {"eq", "ne", "lt", "le", "gt", "ge", "is", "is_not", "not", "truth", "contains",
     "hasnext", "isnan", "isinf", "isfinite"}
)  # fmt: skip
"""Primitives whose result is a Bool, as the frontend assumes (BOOL_PRIMS there):
comparisons of arrays give arrays, whose truth is an error either way."""

_STRING_SAFE = frozenset({"eq", "ne", "lt", "le", "gt", "ge", "len", "contains", "truth", "not"})
"""The primitives folded on string constants: those whose result is small."""


def _too_costly(name: str, args: list[Any]) -> bool:
    """Whether computing ``name(*args)`` in Python could take unbounded time or
    memory (``10 ** 10**18``, ``1 << 10**18``, ``"a" * 10**18``) while its result
    would not fit a constant anyway."""
    if any(isinstance(a, str) for a in args):
        return name not in _STRING_SAFE
    if name == "pow" and len(args) == 2:
        base, exp = args
        if isinstance(base, int) and isinstance(exp, int):
            return abs(base) > 1 and exp > 64
    if name == "lshift" and len(args) == 2:
        value, shift = args
        return isinstance(shift, int) and shift > 64 and value != 0
    return False


class FoldConstantPrimitive(RewritePattern):
    """``myia.add (const 2), (const 3)`` -> ``myia.const 5``.

    The value comes from the primitive's reference implementation, so folding
    cannot disagree with the interpreter. An op is left alone when that raises
    (``1 // 0``: the error belongs to run time), when the result is not an
    int/float/bool/None that fits a constant (``2 ** 100``, a range), or when
    ``is`` compares non-None values (identity of ints is CPython's business).
    """

    OPS: tuple[type[Operation], ...] = (PrimOp,)

    def match_and_rewrite(self, op, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, PrimOp):
            return
        args = [const_value(arg) for arg in op.operands]
        if any(a is _NO_VALUE for a in args):
            return
        prim = op.PRIMITIVE
        name = prim.name
        if name in ("is", "is_not") and all(a is not None for a in args):
            return
        if _too_costly(name, args):
            return
        try:
            result = prim.impl(*args)
        except Exception:
            return
        attr = const_attr(result)
        if attr is None or not _type_holds(op.results[0].type, result):
            return
        new = ConstOp(attr, op.results[0].type)
        new.location = op.location
        rewriter.replace(op, new)


class FoldCastOfConstant(RewritePattern):
    """``myia.cast (const 4 : i64) : f64`` -> ``myia.const 4.0 : f64``.

    Converts as the typed interpreter and compiled code do (``float(4)``, with
    round-to-nearest for ints beyond 2**53; ``bool(x)`` is ``x != 0``, NaN
    included; a float becomes an i64 by truncation). A conversion that raises at
    run time (NaN, infinities, floats outside the i64 range) is left to run time;
    only the types a constant holds exactly (i1, i64, f64) are folded."""

    OPS: tuple[type[Operation], ...] = (PrimOp,)

    def match_and_rewrite(self, op, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, PrimOp) or op.PRIMITIVE.name != "cast" or len(op.operands) != 1:
            return
        value = const_value(op.operands[0])
        if value is _NO_VALUE or not isinstance(value, bool | int | float):
            return
        target = op.results[0].type
        if target == f64:
            result: Any = float(value)
        elif target == i1:
            result = value != 0
        elif target == i64:
            if isinstance(value, float) and not -(2.0**63) <= value < 2.0**63:
                return  # NaN, infinities, out of range: an error at run time
            result = int(value)
        else:
            return
        attr = const_attr(result)
        if attr is None:
            return
        new = ConstOp(attr, target)
        new.location = op.location
        rewriter.replace(op, new)


class TupleGetOfTuple(RewritePattern):
    """``myia.tuple_get (myia.tuple(%a, %b))[1]`` -> ``%b``: tuples are values,
    so reading one back gives what was put in."""

    OPS: tuple[type[Operation], ...] = (TupleGetOp,)

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: TupleGetOp, rewriter: PatternRewriter, /) -> None:
        tup = op.tuple.owner
        if not isinstance(tup, TupleOp):
            return
        index = op.index.data
        if index >= len(tup.elements):
            return
        element = tup.elements[index]
        if _replaceable(op.result, element):
            rewriter.replace(op, [], [element])


def _replaceable(old: SSAValue, new: SSAValue) -> bool:
    """Whether uses of ``old`` may use ``new`` instead without changing types."""
    return isinstance(old.type, AnyType) or old.type == new.type


class SelectOfConstant(RewritePattern):
    """``myia.select (const c), %a, %b`` -> ``%a`` or ``%b``; and
    ``select %c, %a, %a`` -> ``%a``. Both operands are already evaluated, so
    only the choice disappears."""

    OPS: tuple[type[Operation], ...] = (PrimOp,)

    def match_and_rewrite(self, op, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, PrimOp) or op.PRIMITIVE.name != "select" or len(op.operands) != 3:
            return
        cond, a, b = op.operands
        if a is b:
            chosen = a
        else:
            value = const_value(cond)
            if value is _NO_VALUE:
                return
            chosen = a if value else b
        if _replaceable(op.results[0], chosen):
            rewriter.replace(op, [], [chosen])


class IfOfConstant(RewritePattern):
    """``myia.if (const true), @t(%x), @e(%y)`` -> ``myia.call @t(%x)``.

    Control flow that is decided at compile time becomes a direct call, which
    the inliner can then inline; the other branch may become dead."""

    OPS: tuple[type[Operation], ...] = (IfOp,)

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: IfOp, rewriter: PatternRewriter, /) -> None:
        value = const_value(op.cond)
        if value is _NO_VALUE:
            return
        if value:
            callee, args = op.then_fn, op.then_args
        else:
            callee, args = op.else_fn, op.else_args
        _replace_with_call(op, callee, list(args), rewriter)


class IfOfSameBranches(RewritePattern):
    """``myia.if %c, @f(%x), @f(%x)`` -> ``myia.call @f(%x)``: both branches do
    the same thing, so the condition does not matter."""

    OPS: tuple[type[Operation], ...] = (IfOp,)

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: IfOp, rewriter: PatternRewriter, /) -> None:
        if op.then_fn != op.else_fn or tuple(op.then_args) != tuple(op.else_args):
            return
        _replace_with_call(op, op.then_fn, list(op.then_args), rewriter)


def _replace_with_call(op, callee, args: list[SSAValue], rewriter: PatternRewriter) -> None:
    call = CallOp(callee, args, op.results[0].type)
    call.location = op.location
    rewriter.replace(op, call)


class ApplyOfClosure(RewritePattern):
    """``myia.apply (myia.closure @f(%c))(%x)`` -> ``myia.call @f(%c, %x)``.

    Calling a known closure is a direct call with the captures first; direct
    calls can be inlined, and the closure may then become dead. A call with the
    wrong number of arguments is left alone: it is the program's error, to be
    reported where it happens."""

    OPS: tuple[type[Operation], ...] = (ApplyOp,)

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: ApplyOp, rewriter: PatternRewriter, /) -> None:
        closure = op.fn.owner
        if not isinstance(closure, ClosureOp) or op.keywords is not None:
            return
        target = closure.callee
        if op.callees is not None:
            # Typed: the closure names its class; this site runs its own
            # specialization of it.
            (target,) = op.callees.data
        callee = SymbolTable.lookup_symbol(op, target)
        args = [*closure.captures, *op.arguments]
        if not isinstance(callee, FuncOp) or len(callee.args) != len(args):
            return
        _replace_with_call(op, target, args, rewriter)


class MulByOne(RewritePattern):
    """``myia.mul (const 1), %x`` -> ``%x`` (either side), when ``%x`` has the
    product's type: ``1 * x`` is ``x`` exactly for ints and floats, nan, inf
    and -0.0 included. (``x + 0.0`` is not ``x``: ``-0.0 + 0.0`` is ``0.0``.)
    Backpropagators seeded with ``1.0`` are full of these."""

    OPS: tuple[type[Operation], ...] = (PrimOp,)

    def match_and_rewrite(self, op, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, PrimOp) or op.PRIMITIVE.name != "mul" or len(op.operands) != 2:
            return
        a, b = op.operands
        for one, other in ((a, b), (b, a)):
            value = const_value(one)
            if value is _NO_VALUE or isinstance(value, bool) or value != 1:
                continue
            if op.results[0].type == other.type:
                rewriter.replace(op, [], [other])
                return


class JOfClosure(RewritePattern):
    """``myia.j (myia.closure @f(%c)) : !myia.fn<@f.J>`` -> ``myia.closure @f.J(%c)``.

    The J view of a known closure is the closure of the J-transformed function
    over the same captures (each capture itself seen through J when its type
    changes). Once the closure is explicit, :class:`ApplyOfClosure` and the
    inliner can open the forward pass and its backpropagator, which is what
    leaves straight-line gradients without closures."""

    OPS: tuple[type[Operation], ...] = (JOp,)

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: JOp, rewriter: PatternRewriter, /) -> None:
        closure = op.value.owner
        rtype = op.result.type
        if not isinstance(closure, ClosureOp) or not isinstance(rtype, FunctionValueType):
            return
        if len(rtype.functions.data) != 1:
            return
        target = rtype.functions.data[0]
        j_func = SymbolTable.lookup_symbol(op, target)
        if not isinstance(j_func, FuncOp) or j_func.num_captures.data != len(closure.captures):
            return
        captures: list[SSAValue] = []
        for value, param in zip(closure.captures, j_func.args, strict=False):
            if value.type != param.type:
                view = JOp(value, param.type)
                view.location = op.location
                rewriter.insert(view)
                value = view.result
            captures.append(value)
        new = ClosureOp(target, captures, rtype)
        new.location = op.location
        rewriter.replace(op, new)


class JOfData(RewritePattern):
    """``myia.j %x : T`` -> ``%x`` when ``%x`` already has type ``T``: data
    with no function inside is its own J view."""

    OPS: tuple[type[Operation], ...] = (JOp,)

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: JOp, rewriter: PatternRewriter, /) -> None:
        if op.value.type == op.result.type and not isinstance(op.result.type, AnyType):
            rewriter.replace(op, [], [op.value])


def _is_bool(value: SSAValue) -> bool:
    if value.type == i1:
        return True
    owner = value.owner
    if isinstance(owner, PrimOp):
        # A typed result other than i1 (an array of bools) is not a Bool.
        rtype = owner.results[0].type
        return owner.PRIMITIVE.name in BOOL_PRODUCERS and isinstance(rtype, AnyType)
    if isinstance(owner, ConstOp):
        attr = owner.value
        return isinstance(attr, IntegerAttr) and attr.type == i1
    return False


class TruthOfBool(RewritePattern):
    """``myia.truth %b`` -> ``%b`` when ``%b`` is already a Bool (a comparison,
    ``not``, another ``truth``, a bool constant, or typed ``i1``): ``bool(b)`` is
    ``b`` for a Bool."""

    OPS: tuple[type[Operation], ...] = (PrimOp,)

    def match_and_rewrite(self, op, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, PrimOp) or op.PRIMITIVE.name != "truth" or len(op.operands) != 1:
            return
        value = op.operands[0]
        if _is_bool(value) and _replaceable(op.results[0], value):
            rewriter.replace(op, [], [value])


class NotNot(RewritePattern):
    """``myia.not (myia.not %x)`` -> ``myia.truth %x``: ``not not x`` is
    ``bool(x)`` for every x; when x is a Bool, :class:`TruthOfBool` then
    removes the ``truth`` too."""

    OPS: tuple[type[Operation], ...] = (PrimOp,)

    def match_and_rewrite(self, op, rewriter: PatternRewriter, /) -> None:
        if not isinstance(op, PrimOp) or op.PRIMITIVE.name != "not" or len(op.operands) != 1:
            return
        inner = op.operands[0].owner
        if (
            not isinstance(inner, PrimOp)
            or inner.PRIMITIVE.name != "not"
            or len(inner.operands) != 1
        ):
            return
        truth = PRIMITIVES["truth"].op([inner.operands[0]], op.results[0].type)
        truth.location = op.location
        rewriter.replace(op, truth)


MYIA_PATTERNS: tuple[type[RewritePattern], ...] = (
    FoldConstantPrimitive,
    FoldCastOfConstant,
    TupleGetOfTuple,
    SelectOfConstant,
    IfOfConstant,
    IfOfSameBranches,
    ApplyOfClosure,
    MulByOne,
    JOfClosure,
    JOfData,
    TruthOfBool,
    NotNot,
)
"""Every myia canonicalization pattern, in the order they are tried."""


class _ByOpClass(RewritePattern):
    """Upstream ops' canonicalization patterns and the myia patterns (each names
    the op classes it rewrites: ``OPS``), tried in order, chosen once per op
    class: trying all of them on every op was half of canonicalization's time."""

    def __init__(self) -> None:
        self._myia = [p() for p in MYIA_PATTERNS]
        self._chosen: dict[type[Operation], list[RewritePattern]] = {}

    def _choose(self, cls: type[Operation]) -> list[RewritePattern]:
        upstream = [
            pattern
            # (xDSL types the trait's class as concrete; this one is abstract)
            for trait in cls.get_traits_of_type(HasCanonicalizationPatternsTrait)  # type: ignore[type-abstract]
            for pattern in trait.get_patterns(cls)
        ]
        # A pattern that names no ops (one added from outside) is tried on all.
        mine = [p for p in self._myia if issubclass(cls, getattr(p, "OPS", Operation))]
        return [*upstream, *mine]

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        cls = type(op)
        chosen = self._chosen.get(cls)
        if chosen is None:
            chosen = self._chosen[cls] = self._choose(cls)
        for pattern in chosen:
            pattern.match_and_rewrite(op, rewriter)
            if rewriter.has_done_action:
                return


_BY_OP_CLASS = _ByOpClass()
"""Shared by every canonicalization (the patterns hold no state), so that each
op class's choice is made once per process."""


def _patterns(ctx: Context | None) -> GreedyRewritePatternApplier:
    return GreedyRewritePatternApplier(
        [_BY_OP_CLASS], ctx=ctx if ctx is not None else Context(), folding_enabled=True
    )


class _OpsWalker(PatternRewriteWalker):
    """xDSL's greedy driver started from given ops rather than from a whole
    region (it uses the driver's worklist, which xDSL does not expose)."""

    def rewrite_ops(self, ops: Sequence[Operation]) -> bool:
        for op in reversed(ops):  # the worklist is a stack: first op first
            self._worklist.push(op)
        return self._process_worklist(self._get_rewriter_listener())


def canonicalize_ops(ops: Sequence[Operation], ctx: Context | None = None) -> None:
    """Apply the canonicalization patterns to ``ops`` and, as they rewrite, to
    the ops their rewrites touch (users of replaced values, new ops, producers
    left with one use), to a fixed point of that worklist. Ops that are or
    become unused are erased. For a pass that changed a few ops of a large
    function (the inliner): sweeping the whole function again after each
    change cost quadratic time."""
    _OpsWalker(_patterns(ctx)).rewrite_ops(ops)


def canonicalize(
    module: ModuleOp, ctx: Context | None = None, *, region_dead_code: bool = True
) -> None:
    """Apply upstream and myia canonicalization patterns to the module, to a
    fixed point.

    Ops that are or become unused are erased as the patterns run.
    ``region_dead_code`` also runs xDSL's region DCE after each sweep, as its
    ``canonicalize`` does, for what only a liveness analysis finds (dead block
    arguments and cycles in a CFG). Myia functions are single blocks, so the
    inliner leaves it out (it was a third of its canonicalization time)."""
    walker = PatternRewriteWalker(
        _patterns(ctx), post_walk_func=region_dce if region_dead_code else None
    )
    walker.rewrite_module(module)


@dataclass(frozen=True)
class CanonicalizePass(ModulePass):
    """Fold constants, known calls and branches, and redundant tuple/bool ops."""

    name = "canonicalize"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        canonicalize(op, ctx)
