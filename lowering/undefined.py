"""Which values of a typed module may be undefined at run time (a variable read
before Python would have assigned it), for the native backend.

Inference specializes functions on definedness: a variable that is unbound on
every path is a ``myia.undefined : !myia.none`` (no leaves, no cost), and reading
it is a type error. Only where an unbound variable meets a bound one (the join of
an ``if``, the exit of a loop that may run zero times) does specialization emit a
typed ``myia.undefined "y" : i64``: its machine value is a zero, and whether it is
the real value is known only at run time.

For those, the native backend carries one ``i1`` *flag* (defined or not) beside
each leaf that may be undefined, as the interpreter carries its ``Undefined``
value: through tuples, branches, loops and direct calls, without raising. A
*use* (an operand of a primitive, a record field, the condition of an ``if``, a
function value, a capture, a value returned to Python) checks the flags and
raises ``UnboundLocalError`` naming the variable, at the use. Functions that are
not only called directly (exported, or function values) take and return no
flags: what they receive and return is checked where it crosses (earlier than
the interpreter would, and only for values that may be undefined).

:func:`analyze` computes, to a fixed point over the call graph, which leaves may
be undefined (*masks*: per leaf, the name of the variable that may be unbound
there, or None): each function's parameters and result, each SSA value. Modules
without a typed ``myia.undefined`` have no flags at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects.builtin import ModuleOp, TupleType
from xdsl.ir import SSAValue

from myia.dialects.ops_call import CallOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import PrimOp
from myia.lowering.layout import Layout

Mask = list[str | None]
"""Per leaf of a value: the variable that may be unbound there, or None."""


def is_runtime_undefined(op: UndefinedOp) -> bool:
    """Whether ``op`` may be read at run time (``<unreachable>`` values, which
    inference proved are never computed, are not)."""
    return not op.var_name.data.startswith("<")


def join(a: Mask, b: Mask) -> Mask:
    return [x if x is not None else y for x, y in zip(a, b, strict=True)]


@dataclass
class UndefinedFlow:
    """The masks of a module (see the module docstring)."""

    active: bool
    escaping: set[str]
    params: dict[str, Mask] = field(default_factory=dict)
    results: dict[str, Mask] = field(default_factory=dict)
    values: dict[SSAValue, Mask] = field(default_factory=dict)

    def value(self, v: SSAValue, count: int) -> Mask:
        return self.values.get(v) or [None] * count

    def param_mask(self, symbol: str, count: int) -> Mask:
        return self.params.get(symbol) or [None] * count

    def result_mask(self, symbol: str, count: int) -> Mask:
        return self.results.get(symbol) or [None] * count


def analyze(module: ModuleOp, layout: Layout, escaping: set[str]) -> UndefinedFlow:
    """The masks of ``module``'s functions and values (``escaping``: the functions
    that are not only called directly, which carry no flags)."""
    funcs = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}
    active = any(
        isinstance(op, UndefinedOp) and is_runtime_undefined(op) and layout.count(op.result.type)
        for f in funcs.values()
        for op in f.entry.ops
    )
    flow = UndefinedFlow(active, set(escaping))
    if not active:
        return flow
    for name, f in funcs.items():
        flow.params[name] = [None] * sum(layout.count(a.type) for a in f.args)
        flow.results[name] = [None] * layout.count(f.result_type)
    changed = True
    while changed:
        changed = False
        for name, f in funcs.items():
            changed |= _run(flow, layout, funcs, name, f)
    return flow


def _run(
    flow: UndefinedFlow, layout: Layout, funcs: dict[str, FuncOp], name: str, f: FuncOp
) -> bool:
    """One pass over ``f``'s body; True if a parameter or result mask grew."""
    changed = False
    values = flow.values

    def flow_into(callee: str, masks: Sequence[Mask]) -> None:
        nonlocal changed
        if callee not in funcs or callee in flow.escaping:
            return
        mask = [m for part in masks for m in part]
        new = join(flow.params[callee], mask)
        if new != flow.params[callee]:
            flow.params[callee] = new
            changed = True

    def result_of(callee: str, count: int) -> Mask:
        if callee not in funcs or callee in flow.escaping:
            return [None] * count
        return flow.results[callee]

    pos = 0
    for arg in f.args:
        n = layout.count(arg.type)
        values[arg] = flow.params[name][pos : pos + n]
        pos += n
    for op in f.entry.ops:
        if isinstance(op, ReturnOp):
            if name not in flow.escaping:
                new = join(flow.results[name], values[op.value])
                if new != flow.results[name]:
                    flow.results[name] = new
                    changed = True
            break
        if not op.results:
            continue
        result = op.results[0]
        n = layout.count(result.type)
        if isinstance(op, UndefinedOp):
            mask: Mask = [op.var_name.data if is_runtime_undefined(op) else None] * n
        elif isinstance(op, TupleOp):
            mask = [m for e in op.elements for m in values[e]]
        elif isinstance(op, TupleGetOp):
            t = op.tuple.type
            assert isinstance(t, TupleType)
            mask = values[op.tuple][layout.element_slice(t, op.index.data)]
        elif isinstance(op, CallOp):
            callee = op.callee.root_reference.data
            flow_into(callee, [values[a] for a in op.arguments])
            mask = list(result_of(callee, n))
        elif isinstance(op, IfOp):
            mask = [None] * n
            for ref, args in ((op.then_fn, op.then_args), (op.else_fn, op.else_args)):
                callee = ref.root_reference.data
                flow_into(callee, [values[a] for a in args])
                mask = join(mask, result_of(callee, n))
        elif isinstance(op, PrimOp) and op.PRIMITIVE.name == "select" and len(op.args) == 3:
            mask = join(values[op.args[1]], values[op.args[2]])
        else:
            mask = [None] * n  # a use: the operands are checked, the result is defined
        values[result] = mask
    return changed
