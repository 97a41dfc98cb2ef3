"""A generic inliner for ``myia.call``.

The frontend cuts Python functions into many small ``myia.func`` (branches,
loop bodies, continuations) and every later stage wants large straight-line
bodies, so inlining is what turns that into code worth optimizing.

* Which calls: a ``myia.call @f`` whose callee is a ``myia.func`` that is not
  recursive, directly or through others (strongly connected components of the
  call graph, where any reference counts as a call: a closure of ``@g`` made in
  ``@f`` may be applied there), and whose body has at most ``max-size`` ops.
  Recursive functions (loops are tail recursion) stay calls.
* Order: bottom-up, callees before callers, so a body is inlined once it is
  itself as inlined as it will be.
* How: the callee's body is cloned before the call, its captures and parameters
  mapped to the call's operands in order, and the call's result replaced by
  the returned value. Each cloned op's location becomes
  ``callsite(<its own location> at <the call's location>)``, so errors still
  point at the user's line inside the callee and tracebacks can show the call.
* ``myia.if`` with a constant condition and ``myia.apply`` of a known closure
  are ``canonicalize``'s business: it turns them into ``myia.call``
  (``-p canonicalize,myia-inline``). With ``simplify=true`` the inliner does this
  itself, as MLIR's inliner runs the canonicalizer: function by function,
  bottom-up, it alternates inlining into the function and canonicalizing it
  until nothing more is inlined there (at most ``max-rounds`` times), which
  also inlines calls that only become direct once a closure is inlined.
* Cleanup: private functions whose calls were all inlined and that nothing
  refers to any more are erased (``remove-dead=false`` keeps them); other
  unreferenced functions are ``dce``'s business, except with ``simplify=true``,
  where the folded branches' functions are erased too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import CallSiteLoc, ModuleOp, UnknownLoc
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass

from myia.dialects.ops_call import CallOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.types import AnyType
from myia.passes.canonicalize import canonicalize, canonicalize_ops
from myia.passes.symbol_uses import (
    call_graph,
    functions,
    recursive_functions,
    remove_unreferenced_functions,
    strongly_connected_components,
)


def function_size(func: FuncOp) -> int:
    """The number of ops in a function's body, not counting its return."""
    return sum(1 for _ in func.body.walk()) - 1


def inlined_location(inner: Attribute, call: Attribute) -> Attribute:
    """Where an op inlined from a callee comes from: its own place in the
    callee, called from the call site (MLIR's convention)."""
    if isinstance(inner, UnknownLoc):
        return call
    if isinstance(call, UnknownLoc):
        return inner
    return CallSiteLoc(inner, call)


def inline_call(call: CallOp, callee: FuncOp) -> list[Operation] | None:
    """Replace ``call`` by a copy of ``callee``'s body. Returns the ops that may
    now simplify (the copies, and the users of the call's result), or None,
    changing nothing, when the arities or the result types do not agree."""
    ret = callee.entry.last_op
    if not isinstance(ret, ReturnOp) or len(call.arguments) != len(callee.args):
        return None
    result = call.results[0]
    returned_type = ret.value.type
    if not isinstance(result.type, AnyType) and result.type != returned_type:
        return None
    mapping: dict[SSAValue, SSAValue] = dict(zip(callee.args, call.arguments, strict=True))
    block = call.parent_block()
    assert block is not None
    clones: list[Operation] = []
    for op in callee.entry.ops:
        if op is ret:
            break
        clone = op.clone(mapping)
        for new in clone.walk():
            new.location = inlined_location(new.location, call.location)
        clones.append(clone)
    block.insert_ops_before(clones, call)
    value = mapping.get(ret.value, ret.value)
    if value.name_hint is None and result.name_hint is not None:
        value.name_hint = result.name_hint
    users = [use.operation for use in result.uses]
    result.replace_all_uses_with(value)
    block.erase_op(call)
    return clones + users


def inline_module(
    module: ModuleOp,
    max_size: int = 64,
    remove_dead: bool = True,
    simplify: Callable[[list[Operation]], None] | None = None,
    max_rounds: int = 1,
) -> int:
    """Inline every eligible call of the module; returns how many were inlined.

    With ``simplify`` (given the ops that inlining touched), a function that
    received code is simplified and searched again, up to ``max_rounds`` times,
    before its callers are: what inlining reveals (a closure applied where it is
    made) is inlined in the same sweep. The bottom-up order stays right, since
    inlining only gives a function references its callee had, to functions
    already done.
    """
    funcs = functions(module)
    graph = call_graph(module)
    recursive = recursive_functions(graph)
    inlined_callees: set[str] = set()
    count = 0
    for component in strongly_connected_components(graph):
        for name in component:
            caller = funcs[name]
            for _ in range(max(max_rounds, 1)):
                touched: list[Operation] = []
                inlined = _inline_calls_in(caller, name, funcs, recursive, max_size, touched)
                if not inlined:
                    break
                inlined_callees.update(inlined)
                count += len(inlined)
                if simplify is None:
                    break
                simplify([op for op in touched if op.parent is not None])
    if remove_dead and inlined_callees:
        remove_unreferenced_functions(module, only=inlined_callees)
    return count


def _inline_calls_in(
    caller: FuncOp,
    name: str,
    funcs: dict[str, FuncOp],
    recursive: set[str],
    max_size: int,
    touched: list[Operation],
) -> list[str]:
    """Inline the eligible calls in ``caller``'s body; the callees' names, one
    per call (and the ops inlining touched are added to ``touched``)."""
    inlined: list[str] = []
    for op in list(caller.entry.ops):
        if not isinstance(op, CallOp) or op.callee.nested_references.data:
            continue
        target = op.callee.root_reference.data
        callee = funcs.get(target)
        if (
            callee is None
            or target in recursive
            or target == name
            or function_size(callee) > max_size
        ):
            continue
        new_ops = inline_call(op, callee)
        if new_ops is not None:
            inlined.append(target)
            touched.extend(new_ops)
    return inlined


@dataclass(frozen=True)
class InlinePass(ModulePass):
    """Inline calls to small, non-recursive myia functions (max-size ops at most)."""

    name = "myia-inline"

    max_size: int = 64
    """Largest callee body (in ops, return excluded) that is inlined."""

    remove_dead: bool = True
    """Erase the private functions that inlining left unreferenced."""

    simplify: bool = False
    """Canonicalize after each round of inlining, and inline again."""

    max_rounds: int = 32
    """With ``simplify``: the most rounds of inlining and canonicalization in
    one function (a chain of backpropagators reveals one closure a round)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if not self.simplify:
            inline_module(op, self.max_size, self.remove_dead)
            return

        canonicalize(op, ctx, region_dead_code=False)
        inline_module(
            op,
            self.max_size,
            self.remove_dead,
            simplify=lambda touched: canonicalize_ops(touched, ctx),
            max_rounds=self.max_rounds,
        )
        if self.remove_dead:
            # Folded branches leave functions dead that were never inlined.
            remove_unreferenced_functions(op)
