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
  itself, as MLIR's inliner runs the canonicalizer: it alternates inlining and
  canonicalization until nothing more is inlined (at most ``max-rounds``), which
  also inlines calls that only become direct once a closure is inlined.
* Cleanup: private functions whose calls were all inlined and that nothing
  refers to any more are erased (``remove-dead=false`` keeps them); other
  unreferenced functions are ``dce``'s business, except with ``simplify=true``,
  where the folded branches' functions are erased too.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import CallSiteLoc, ModuleOp, UnknownLoc
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass

from myia.dialects.ops import CallOp, FuncOp, ReturnOp
from myia.dialects.types import AnyType
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


def inline_call(call: CallOp, callee: FuncOp) -> bool:
    """Replace ``call`` by a copy of ``callee``'s body. Returns False, changing
    nothing, when the arities or the result types do not agree."""
    ret = callee.entry.last_op
    if not isinstance(ret, ReturnOp) or len(call.arguments) != len(callee.args):
        return False
    result = call.results[0]
    returned_type = ret.value.type
    if not isinstance(result.type, AnyType) and result.type != returned_type:
        return False
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
    result.replace_all_uses_with(value)
    block.erase_op(call)
    return True


def inline_module(
    module: ModuleOp, max_size: int = 64, remove_dead: bool = True, changed: set[str] | None = None
) -> int:
    """Inline every eligible call of the module; returns how many were inlined
    (and adds the names of the functions that received code to ``changed``)."""
    funcs = functions(module)
    graph = call_graph(module)
    recursive = recursive_functions(graph)
    inlined_callees: set[str] = set()
    count = 0
    for component in strongly_connected_components(graph):
        for name in component:
            caller = funcs[name]
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
                if inline_call(op, callee):
                    inlined_callees.add(target)
                    count += 1
                    if changed is not None:
                        changed.add(name)
    if remove_dead and inlined_callees:
        remove_unreferenced_functions(module, only=inlined_callees)
    return count


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

    max_rounds: int = 8
    """With ``simplify``: the most rounds of inlining and canonicalization."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if not self.simplify:
            inline_module(op, self.max_size, self.remove_dead)
            return
        from myia.passes.canonicalize import canonicalize

        canonicalize(op, ctx, region_dead_code=False)
        for _ in range(max(self.max_rounds, 1)):
            changed: set[str] = set()
            if inline_module(op, self.max_size, self.remove_dead, changed) == 0:
                break
            # Only what received inlined code has anything new to fold.
            funcs = functions(op)
            only = [funcs[name] for name in sorted(changed) if name in funcs]
            canonicalize(op, ctx, only, region_dead_code=False)
        if self.remove_dead:
            # Folded branches leave functions dead that were never inlined.
            remove_unreferenced_functions(op)
