"""Gradients nobody asked for, through loops and recursion.

A backpropagator returns the sensitivities of all its function's arguments and
captures; the caller keeps the ones it asked for. In straight-line code,
inlining and dead code elimination drop the others. Through a loop (tail
recursion) they cannot: the backpropagators of the iterations call one another
and each adds its contribution to what the next one returned -- the tape of an
RNN accumulates the gradient of its input sequence, one scatter into a zero
array per step, although only the weights' gradients are wanted.

This analysis finds, for every function, which parts of its result (paths
through nested tuples) some caller may read, to a fixed point over the call
graph; the gradient functions then return none for the other parts, and the
computations that fed them become dead code. The types say so too, in the
functions' results and at their call sites: a backpropagator of a recursive
network over a tree computes no gradient for the tree's leaves, and an
undefined value of their type (a struct of every leaf array below the node,
returned by each node's backpropagator) still made LLVM IR three times larger.

Demands: ``True`` (all of a value), ``None`` (nothing) or a dict from tuple
index to the demand of that element.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xdsl.dialects.builtin import IntAttr, ModuleOp, TupleType, UnitAttr
from xdsl.ir import Operation, SSAValue
from xdsl.traits import is_side_effect_free

from myia.dialects.grad_ops import GradApplyOp, JOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, TupleGetOp, TupleOp
from myia.dialects.primitive import PrimOp
from myia.dialects.types import FunctionValueType, NoneType, tuple_type
from myia.passes.callgraph import referenced_symbols

Demand = Any  # True | None | dict[int, Demand]


def union(a: Demand, b: Demand) -> Demand:
    if a is None:
        return b
    if b is None:
        return a
    if a is True or b is True:
        return True
    merged = dict(a)
    for k, v in b.items():
        merged[k] = union(merged.get(k), v)
    return merged


def _calls(op: Operation) -> list[str] | None:
    """The functions whose result is ``op``'s (None for other ops)."""
    if isinstance(op, CallOp):
        return [op.callee.root_reference.data]
    if isinstance(op, ApplyOp):
        if op.callees is None:
            t = op.fn.type
            if isinstance(t, FunctionValueType):
                return [r.root_reference.data for r in t.functions.data]
            return []
        return [r.root_reference.data for r in op.callees.data]
    if isinstance(op, IfOp):
        return [op.then_fn.root_reference.data, op.else_fn.root_reference.data]
    return None


def _escaping(module: ModuleOp, funcs: dict[str, FuncOp]) -> set[str]:
    """Functions whose result may be read in ways this analysis does not see:
    public ones, and those named by anything but calls, applications, branches
    and closures (or applied by a primitive, or differentiated: a function value
    given to ``myia.j`` or ``myia.grad_apply``, whose gradient a later order of
    differentiation builds)."""
    escaping = {
        n
        for n, f in funcs.items()
        if f.sym_visibility is None or f.sym_visibility.data != "private"
    }
    for op in module.walk():
        if isinstance(op, CallOp | ApplyOp | IfOp | ClosureOp | FuncOp):
            if isinstance(op, FuncOp):
                escaping.update(
                    s for s in referenced_symbols(op) if s in funcs and s != op.sym_name.data
                )
            continue
        escaping.update(s for s in referenced_symbols(op) if s in funcs)
        if isinstance(op, JOp | GradApplyOp) or (
            isinstance(op, PrimOp) and op.PRIMITIVE.name != "cast"
        ):
            for a in op.operands:
                if isinstance(a.type, FunctionValueType):
                    escaping.update(r.root_reference.data for r in a.type.functions.data)
    return escaping


def live_results(module: ModuleOp) -> dict[str, Demand]:
    """For each function, the parts of its result that some caller may read."""
    funcs = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}
    live: dict[str, Demand] = {n: None for n in funcs}
    for n in _escaping(module, funcs):
        live[n] = True
    groups: dict[str, list[list[str]]] = {}
    for callees in _shared_sites(module):
        for c in set(callees):
            groups.setdefault(c, []).append(callees)
    # A worklist: what a function demands of its callees depends only on what
    # is demanded of its own result, so it is looked at again when that grows.
    work = list(funcs)
    queued = set(work)
    while work:
        name = work.pop()
        queued.discard(name)
        for callee, demand in _call_demands(funcs[name], live[name]):
            if callee not in live:
                continue
            new = union(live[callee], demand)
            if new == live[callee]:
                continue
            live[callee] = new
            for grown in [callee, *_unify_shared(callee, groups, live)]:
                if grown not in queued:
                    queued.add(grown)
                    work.append(grown)
    return live


def _unify_shared(
    name: str, groups: dict[str, list[list[str]]], live: dict[str, Demand]
) -> list[str]:
    """Give the callees of each site shared with ``name`` the same demand (one
    value comes out of the site); the names whose demand grew."""
    grown: list[str] = []
    pending = [name]
    while pending:
        for callees in groups.get(pending.pop(), ()):
            known = all(c in live for c in callees)
            together: Demand = None
            for c in callees:
                together = union(together, live[c] if known else True)
            for c in callees:
                if c in live and live[c] != together:
                    live[c] = together
                    grown.append(c)
                    pending.append(c)
    return grown


def _shared_sites(module: ModuleOp) -> list[list[str]]:
    """The callees of each site that may call more than one function."""
    out = []
    for op in module.walk():
        callees = _calls(op)
        if callees is not None and len(set(callees)) > 1:
            out.append(callees)
    return out


def _call_demands(func: FuncOp, result: Demand) -> Iterable[tuple[str, Demand]]:
    """What ``func`` demands of the results of the functions it calls, given
    what is demanded of its own result."""
    return _demands(func, result)[1]


def _demands(
    func: FuncOp, result: Demand
) -> tuple[dict[SSAValue, Demand], list[tuple[str, Demand]]]:
    """The demand on each value of ``func`` (absent: none), given what is
    demanded of its result, and what it demands of its callees' results."""
    demand: dict[SSAValue, Demand] = {}
    calls: list[tuple[str, Demand]] = []

    def need(v: SSAValue, d: Demand) -> None:
        if d is not None:
            demand[v] = union(demand.get(v), d)

    for op in reversed(list(func.entry.ops)):
        if isinstance(op, ReturnOp):
            need(op.value, result)
            continue
        d = demand.get(op.results[0]) if op.results else None
        callees = _calls(op)
        if callees is not None:
            calls.extend((c, d) for c in callees)
            for a in op.operands:
                need(a, True)
            continue
        if d is None and is_side_effect_free(op):
            continue
        if isinstance(op, TupleOp):
            for i, e in enumerate(op.elements):
                need(e, True if d is True or d is None else d.get(i))
        elif isinstance(op, TupleGetOp):
            need(op.tuple, {op.index.data: True if d is None else d})
        else:
            for a in op.operands:
                need(a, True)
    return demand, calls


def prune_dead_results(module: ModuleOp, only: set[str] | None = None) -> int:
    """Replace the parts of the results of the functions ``only`` (all when
    None) that nobody reads by none, and erase what computed them.
    Returns how many functions changed."""
    live = live_results(module)
    pruned = set()
    for func in list(module.ops):
        if not isinstance(func, FuncOp) or (only is not None and func.sym_name.data not in only):
            continue
        d = live.get(func.sym_name.data, True)
        if d is True:
            continue
        ret = func.entry.last_op
        if not isinstance(ret, ReturnOp):
            continue
        value = _rebuild(ret, ret.value, d)
        if value is ret.value:
            continue
        ret.operands = [value]
        remove_dead_ops(func)
        pruned.add(func.sym_name.data)
    if pruned:
        for func in module.ops:
            if isinstance(func, FuncOp) and _calls_any(func, pruned):
                name = func.sym_name.data
                # (what the others return keeps its type)
                _drop_unread_elements(func, live[name] if name in pruned else True)
        _retype(module)
    return len(pruned)


def _calls_any(func: FuncOp, names: set[str]) -> bool:
    return any(set(_calls(op) or ()) & names for op in func.entry.ops)


def _drop_unread_elements(func: FuncOp, result: Demand) -> None:
    """Replace the elements of ``func``'s tuples that nothing reads by none: a
    value nobody reads may come from a callee whose result was pruned (the
    primal value of a J transform returning none, taken apart by a tuple_get
    whose result only sits, unread, in a tuple), and must go with it."""
    demand, _ = _demands(func, result)
    for op in list(func.entry.ops):
        if not isinstance(op, TupleOp):
            continue
        d = demand.get(op.results[0]) or {}
        if d is True:
            continue
        elements = list(op.elements)
        for i, e in enumerate(elements):
            made_here = isinstance(e.owner, ConstOp | TupleOp) and _free(e.type)
            if d.get(i) is None and not made_here:
                none = ConstOp(UnitAttr(), NoneType())
                none.location = op.location
                func.entry.insert_op_before(none, op)
                elements[i] = none.results[0]
        if elements != list(op.elements):
            op.operands = elements
    remove_dead_ops(func)


def prune_dead_captures(module: ModuleOp, only: set[str]) -> int:
    """Drop the captures that the functions ``only`` no longer read (after
    :func:`prune_dead_results`), from them and from the closures that make them,
    and erase what computed them; functions named by anything but closures and
    applications keep theirs (J transforms must not be given: ``myia.j`` makes
    their closures from their primal's). Returns how many functions changed."""
    funcs = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}
    unused = {
        name: [i for i in range(funcs[name].num_captures.data) if not funcs[name].args[i].uses]
        for name in only
        if name in funcs
    }
    unused = {name: dead for name, dead in unused.items() if dead}
    closures: dict[str, list[ClosureOp]] = {name: [] for name in unused}
    for op in module.walk():
        for name in referenced_symbols(op):
            if name not in unused:
                continue
            if isinstance(op, ClosureOp):
                closures[name].append(op)
            elif not isinstance(op, ApplyOp | FuncOp):
                del unused[name], closures[name]
    changed = set()
    for name, dead in unused.items():
        func = funcs[name]
        for closure in closures[name]:
            closure.operands = [v for i, v in enumerate(closure.captures) if i not in dead]
            parent = closure.parent_op()
            while parent is not None and not isinstance(parent, FuncOp):
                parent = parent.parent_op()
            if parent is not None:
                changed.add(parent)
        for i in reversed(dead):
            func.entry.erase_arg(func.entry.args[i])
        func.num_captures = IntAttr(func.num_captures.data - len(dead))
        func.update_function_type()
    for func in changed:
        remove_dead_ops(func)
    return len(unused)


def _retype(module: ModuleOp) -> None:
    """Give functions the type of what they now return, and the ops that
    receive their results (call sites, then the tuple ops around them) the
    matching types, to a fixed point (results flow through returns)."""
    funcs = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}
    for func in funcs.values():
        remove_dead_ops(func)
    changed = True
    while changed:
        changed = False
        for func in funcs.values():
            for op in func.entry.ops:
                new = _derived_type(op, funcs)
                if new is not None and new is not op.results[0].type and new != op.results[0].type:
                    op.results[0]._type = new
                    changed = True
            ret = func.entry.last_op
            returned = ret.operands[0].type if isinstance(ret, ReturnOp) else func.result_type
            if returned is not func.result_type or any(
                a.type is not t
                for a, t in zip(func.args, func.function_type.inputs.data, strict=True)
            ):
                before = func.function_type
                func.update_function_type()
                changed |= func.function_type != before


def _derived_type(op: Operation, funcs: dict[str, FuncOp]) -> Any:
    """The type ``op``'s result must have given its operands' and its callees'
    (None for ops whose type does not follow them)."""
    callees = _calls(op)
    if callees is not None:
        types = {funcs[c].result_type for c in callees if c in funcs}
        return types.pop() if len(types) == 1 and all(c in funcs for c in callees) else None
    if isinstance(op, TupleGetOp) and isinstance(op.tuple.type, TupleType):
        return op.tuple.type.types.data[op.index.data]
    if isinstance(op, TupleOp):
        current = op.results[0].type
        if (
            isinstance(current, TupleType)
            and len(current.types.data) == len(op.elements)
            and all(e.type is t for e, t in zip(op.elements, current.types.data))
        ):
            return None  # its elements' types, as they are
        return tuple_type(e.type for e in op.elements)
    return None


def _dead_parts(t: Any, d: Demand) -> bool:
    """Whether a value of type ``t`` has parts that ``d`` does not demand (and
    that cost something: none and empty tuples do not)."""
    if d is True or _free(t):
        return False
    if d is None:
        return True
    if not isinstance(t, TupleType):
        return False
    return any(_dead_parts(et, d.get(i)) for i, et in enumerate(t.types.data))


def _free(t: Any) -> bool:
    """Whether values of type ``t`` cost nothing (none, tuples of nothing)."""
    if isinstance(t, NoneType):
        return True
    return isinstance(t, TupleType) and all(_free(e) for e in t.types.data)


def _rebuild(ret: ReturnOp, v: SSAValue, d: Demand) -> SSAValue:
    """``v`` with its parts that ``d`` does not demand replaced by none (ops
    inserted before ``ret``)."""
    t = v.type
    if not _dead_parts(t, d):
        return v
    if d is None:
        return _insert(ret, ConstOp(UnitAttr(), NoneType()))
    assert isinstance(t, TupleType), t
    parts = []
    for i, et in enumerate(t.types.data):
        if isinstance(v.owner, TupleOp):
            e = v.owner.elements[i]
        else:
            e = _insert(ret, TupleGetOp(v, i, et))
        parts.append(_rebuild(ret, e, d.get(i)))
    return _insert(ret, TupleOp(parts, t))


def _insert(ret: ReturnOp, op: Operation) -> SSAValue:
    op.location = ret.location
    block = ret.parent_block()
    assert block is not None
    block.insert_op_before(op, ret)
    return op.results[0]


def remove_dead_ops(func: FuncOp) -> None:
    """Erase the pure ops of ``func`` whose results are unused."""
    for op in reversed(list(func.entry.ops)):
        if op.results and all(not r.uses for r in op.results) and is_side_effect_free(op):
            op.detach()
            op.erase()
