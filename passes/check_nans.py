"""``myia-check-nans``: raise ``FloatingPointError`` at the first op that
produces a NaN or an infinity (``myia.jit(f, check_nans=True)``).

After every primitive op with a float result (a scalar or an array), on typed
IR whose gradients are expanded, the pass inserts a check located at that op:
``check_float(isfinite(r), message)`` for a scalar, and for an array the same
of ``sum(r * 0)`` (NaN exactly when an element is NaN or infinite: one fused
reduction). The message names the op and the phase it runs in: the forward
pass, the reverse phase (the backpropagators ``myia-grad`` makes, and what they
call), or the tangents of forward mode. Run it before simplification, while
the functions ``myia-grad`` made are still apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    ModuleOp,
    StringAttr,
    TensorType,
    UnitAttr,
    i1,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from myia.dialects import ConstOp, FuncOp, PrimOp, prim_op
from myia.dialects.ops_call import CallOp
from myia.dialects.types import NONE, StringType
from myia.passes.grad.phases import TANGENTS, function_phases

PHASES = {
    "forward": "in the forward pass",
    "reverse": "in the reverse phase (a gradient)",
    "either": "in the forward pass or the reverse phase",
}
TANGENT = "in a forward-mode derivative"


def _float_type(t: Attribute) -> Float16Type | Float32Type | Float64Type | None:
    """The float type of a float scalar or array type, else None."""
    if isinstance(t, TensorType):
        t = t.element_type
    return t if isinstance(t, Float16Type | Float32Type | Float64Type) else None


def _primal_ops(func: FuncOp, functions: dict[str, FuncOp]) -> set[Operation]:
    """In a forward-mode function (which returns ``(primal, tangent)``), the ops
    its primal result needs; the others compute the derivative. A call to
    another forward-mode function needs only its primal arguments (those
    before the ``d_`` tangents) for its primal result."""
    needed: set[Operation] = set()
    ret = func.entry.last_op
    pair = ret.operands[0].owner if ret is not None else None
    stack = [pair.operands[0]] if isinstance(pair, Operation) and pair.operands else []
    while stack:
        op = stack.pop().owner
        if not isinstance(op, Operation) or op in needed:
            continue
        needed.add(op)
        operands = list(op.operands)
        if isinstance(op, CallOp) and TANGENTS.search(op.callee.root_reference.data):
            callee = functions.get(op.callee.root_reference.data)
            if callee is not None:
                primal = [not (a.name_hint or "").startswith("d_") for a in callee.args]
                operands = [v for v, keep in zip(operands, primal) if keep]
        stack.extend(operands)
    return needed


def _insert_check(rewriter: Rewriter, op: PrimOp, value: SSAValue, message: str) -> None:
    float_type = _float_type(value.type)
    assert float_type is not None
    new: list[Operation] = []

    def add(created: Operation) -> SSAValue:
        created.location = op.location
        new.append(created)
        return created.results[0]

    checked = value
    if isinstance(value.type, TensorType):
        zeros = value  # (a 0-d array: its element itself)
        if value.type.get_shape():
            zero = add(ConstOp(FloatAttr(0.0, float_type), float_type))
            zeros = add(prim_op("mul", value, zero, result_type=value.type))
        none = add(ConstOp(UnitAttr(), NONE))
        keepdims = add(ConstOp(IntegerAttr(0, i1), i1))
        checked = add(prim_op("sum", zeros, none, keepdims, result_type=float_type))
    ok = add(prim_op("isfinite", checked, result_type=i1))
    text = add(ConstOp(StringAttr(message), StringType()))
    add(prim_op("check_float", ok, text, result_type=NONE))
    rewriter.insert_op(new, InsertPoint.after(op))


def check_nans(module: ModuleOp) -> None:
    """Insert the checks (see the module's docstring) into every function."""
    phase_of = {name: PHASES[phase] for name, phase in function_phases(module).items()}
    functions = {f.sym_name.data: f for f in module.ops if isinstance(f, FuncOp)}
    rewriter = Rewriter()
    for name, func in functions.items():
        primal = _primal_ops(func, functions) if TANGENTS.search(name) else None
        for op in list(func.entry.ops):
            if not isinstance(op, PrimOp) or op.PRIMITIVE.name == "check_float":
                continue
            (result,) = op.results
            if _float_type(result.type) is None:
                continue
            phase = TANGENT if primal is not None and op not in primal else phase_of[name]
            what = op.PRIMITIVE.name
            _insert_check(rewriter, op, result, f"{what} gave NaN or infinity {phase}")


@dataclass(frozen=True)
class CheckNans(ModulePass):
    """Raise FloatingPointError at the first op giving NaN or infinity (typed IR)."""

    name = "myia-check-nans"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_nans(op)
