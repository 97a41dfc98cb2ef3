"""Compile-time tracebacks: the user functions from the entry point to the op that
failed inference, with the types of their arguments."""

from __future__ import annotations

from xdsl.ir import Operation

from myia.dialects.abstract import BOTTOM, Abstract, abstract_summary
from myia.dialects.ops_call import CallOp
from myia.dialects.ops_function import ReturnOp
from myia.dialects.primitive import PrimOp
from myia.errors import Frame, SourceLocation
from myia.passes.infer.context import Context


def return_location(ctx: Context) -> str:
    ret = ctx.func.entry.last_op
    loc = SourceLocation.from_attr(ret.location) if ret is not None else None
    return f"line {loc.line}" if loc else f"@{ctx.symbol}"


def display_name(symbol: str) -> str:
    """The Python name of a function from its symbol (``TanhLayer.apply`` → ``apply``)."""
    last = symbol.rsplit(".", 1)[-1]
    return "<lambda>" if last.startswith("lambda_L") else last


def owner_of(ctx: Context) -> str:
    return ctx.func.owner.root_reference.data if ctx.func.owner else ctx.symbol


def compile_traceback(ctx: Context, op: Operation | None) -> tuple[list[Frame], str | None]:
    """The frames of the user functions from the entry point to ``op`` in ``ctx``,
    outermost first, and the failing operation with its argument types."""
    chain: list[tuple[Context, Operation | None]] = [(ctx, op)]
    seen = {id(ctx)}
    while chain[-1][0].caller is not None:
        caller, call_op = chain[-1][0].caller
        if id(caller) in seen:
            break
        seen.add(id(caller))
        chain.append((caller, call_op))
    # Hidden functions (the methods of arrays) show as the call that ran them.
    chain = [item for item in chain if "myia.hidden" not in item[0].func.attributes] or chain
    groups: list[list[tuple[Context, Operation | None]]] = []
    for item in chain:
        if groups and owner_of(groups[-1][0][0]) == owner_of(item[0]):
            groups[-1].append(item)
        else:
            groups.append([item])
    frames = []
    for group in reversed(groups):
        inner_ctx, inner_op = group[0]
        outer_ctx = group[-1][0]
        location_op = inner_op if inner_op is not None else inner_ctx.func
        location = SourceLocation.from_attr(location_op.location)
        func = outer_ctx.func
        names = [a.name_hint or f"arg{i}" for i, a in enumerate(func.args)]
        ncap = func.num_captures.data if outer_ctx.func.owner is None else len(func.args)
        args = [
            (name, _frame_type(value)) for name, value in list(zip(names, outer_ctx.args))[ncap:]
        ]
        frames.append(Frame(location, display_name(owner_of(outer_ctx)), args))
    operation = None
    if isinstance(op, PrimOp):
        values = ", ".join(abstract_summary(ctx.values.get(o, BOTTOM)) for o in op.operands)
        operation = f"{op.PRIMITIVE.rules.get('display', op.PRIMITIVE.name)}({values})"
    elif op is not None and not isinstance(op, CallOp | ReturnOp):
        values = ", ".join(abstract_summary(ctx.values.get(o, BOTTOM)) for o in op.operands)
        operation = f"{op.name.removeprefix('myia.')}({values})"
    return frames, operation


def _frame_type(value: Abstract) -> str:
    return abstract_summary(value, indent=2)
