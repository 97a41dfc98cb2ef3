"""``convert-arith-to-llvm``: arith operations become llvm dialect operations.

Every arith operation on scalars (and 1-d vectors) is converted:

* integer and float arithmetic to the LLVM instruction of the same name (overflow
  and fast-math flags are kept); ``arith.remf`` to ``frem`` (C's ``fmod``);
* ``floordivsi``, ``ceildivsi``, ``ceildivui`` expanded to a division, a remainder
  and a correction (rounding toward minus / plus infinity);
* ``min/max[su]i`` to ``llvm.smin``...; ``maximumf``/``minimumf`` (NaN-propagating)
  to ``llvm.maximum``/``llvm.minimum``; ``maxnumf``/``minnumf`` to ``llvm.maxnum``/
  ``llvm.minnum`` intrinsics;
* ``cmpi``/``cmpf`` to ``icmp``/``fcmp`` (``cmpf false``/``true`` to constants);
* casts to ``sext``/``zext``/``trunc``/``sitofp``/``uitofp``/``fptosi``/``fptoui``/
  ``fpext``/``fptrunc``/``bitcast``; constants to ``llvm.mlir.constant``.

With ``check-division=true`` (what ``myia-to-llvm`` uses), integer division and
remainder by zero call ``myia_raise`` with :attr:`ErrorCode.ZERO_DIVISION` and
signed division of the minimum value by -1 wraps instead of trapping (as Python
and numpy do). Without it, these are undefined behaviour as in MLIR.

The ``index`` type must be gone (``lower-index-to-i64``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, llvm
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    VectorType,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from . import extra_ops
from .common import (
    LoweringError,
    RaiseBlocks,
    guard,
    icmp,
    intrinsic_suffix,
    reject_index,
)
from .runtime_decls import ErrorCode

PASS_NAME = "convert-arith-to-llvm"

_INT_BINOPS: dict[type[Operation], type[Operation]] = {
    arith.AddiOp: llvm.AddOp,
    arith.SubiOp: llvm.SubOp,
    arith.MuliOp: llvm.MulOp,
    arith.AndIOp: llvm.AndOp,
    arith.OrIOp: llvm.OrOp,
    arith.XOrIOp: llvm.XOrOp,
    arith.ShLIOp: llvm.ShlOp,
    arith.ShRUIOp: llvm.LShrOp,
    arith.ShRSIOp: llvm.AShrOp,
}

_FLOAT_BINOPS: dict[type[Operation], type[Operation]] = {
    arith.AddfOp: llvm.FAddOp,
    arith.SubfOp: llvm.FSubOp,
    arith.MulfOp: llvm.FMulOp,
    arith.DivfOp: llvm.FDivOp,
    extra_ops.RemFOp: llvm.FRemOp,
}

_CASTS: dict[type[Operation], type[Operation]] = {
    arith.ExtSIOp: llvm.SExtOp,
    arith.ExtUIOp: llvm.ZExtOp,
    arith.TruncIOp: llvm.TruncOp,
    arith.SIToFPOp: llvm.SIToFPOp,
    arith.UIToFPOp: extra_ops.UIToFPOp,
    arith.FPToSIOp: extra_ops.FPToSIOp,
    arith.FPToUIOp: extra_ops.FPToUIOp,
    arith.ExtFOp: llvm.FPExtOp,
    arith.TruncFOp: llvm.FPTruncOp,
    arith.BitcastOp: llvm.BitcastOp,
}

_MINMAX: dict[type[Operation], str] = {
    arith.MaxSIOp: "llvm.smax",
    arith.MinSIOp: "llvm.smin",
    arith.MaxUIOp: "llvm.umax",
    arith.MinUIOp: "llvm.umin",
    arith.MaximumfOp: "llvm.maximum",
    arith.MinimumfOp: "llvm.minimum",
    arith.MaxnumfOp: "llvm.maxnum",
    arith.MinnumfOp: "llvm.minnum",
}

_DIVISIONS = (
    arith.DivSIOp,
    arith.DivUIOp,
    arith.RemSIOp,
    arith.RemUIOp,
    arith.FloorDivSIOp,
    arith.CeilDivSIOp,
    arith.CeilDivUIOp,
)


def constant(value: float, type: Attribute) -> llvm.ConstantOp:
    """``llvm.mlir.constant`` of a scalar or 1-d vector splat."""
    if isinstance(type, VectorType):
        count = type.get_shape()[0]
        attr: Attribute = DenseIntOrFPElementsAttr.from_list(type, [value] * count)  # type: ignore[arg-type]
    elif isinstance(type, IntegerType):
        attr = IntegerAttr(int(value), type, truncate_bits=True)
    else:
        attr = FloatAttr(float(value), type)  # type: ignore[arg-type]
    return llvm.ConstantOp(attr, type)


def fastmath(op: Operation) -> llvm.FastMathAttr:
    flags = op.properties.get("fastmath")
    return llvm.FastMathAttr(flags.data if flags is not None else None)  # type: ignore[union-attr]


def _overflow(op: Operation) -> IntegerAttr | None:
    flags = op.properties.get("overflowFlags")
    if flags is None or not flags.data:  # type: ignore[attr-defined]
        return None
    return IntegerAttr(llvm.OverflowAttr(list(flags.data)).to_int(), 32)  # type: ignore[attr-defined]


class ArithToLLVM:
    """One run of the conversion over a module."""

    def __init__(self, check_division: bool = False):
        self.check_division = check_division
        self.raise_blocks = RaiseBlocks()
        self.handlers: dict[type[Operation], Callable[[Operation], None]] = {}
        for cls in _INT_BINOPS:
            self.handlers[cls] = self._int_binop
        for cls in _FLOAT_BINOPS:
            self.handlers[cls] = self._float_binop
        for cls in _CASTS:
            self.handlers[cls] = self._cast
        for cls in _MINMAX:
            self.handlers[cls] = self._minmax
        for cls in _DIVISIONS:
            self.handlers[cls] = self._division
        self.handlers.update(
            {
                arith.ConstantOp: self._constant,
                arith.CmpiOp: self._cmpi,
                arith.CmpfOp: self._cmpf,
                arith.SelectOp: self._select,
                arith.NegfOp: self._negf,
            }
        )

    def run(self, module: Operation) -> None:
        for op in list(module.walk()):
            handler = self.handlers.get(type(op))
            if handler is not None:
                reject_index(op, PASS_NAME)
                handler(op)
            elif op.dialect_name() == "arith":
                raise LoweringError(f"{PASS_NAME}: cannot convert '{op.name}'")

    # -- simple one-to-one conversions --------------------------------------

    def _int_binop(self, op: Operation) -> None:
        lhs, rhs = op.operands
        new = _INT_BINOPS[type(op)](lhs, rhs)  # type: ignore[call-arg]
        flags = _overflow(op)
        if flags is not None and "overflowFlags" in new.properties:
            new.properties["overflowFlags"] = flags
        Rewriter.replace_op(op, new)

    def _float_binop(self, op: Operation) -> None:
        lhs, rhs = op.operands
        Rewriter.replace_op(op, _FLOAT_BINOPS[type(op)](lhs, rhs, fastmath(op)))  # type: ignore[call-arg]

    def _negf(self, op: Operation) -> None:
        Rewriter.replace_op(op, llvm.FNegOp(op.operands[0], fastmath(op)))

    def _cast(self, op: Operation) -> None:
        cls = _CASTS[type(op)]
        Rewriter.replace_op(op, cls(op.operands[0], op.results[0].type))  # type: ignore[call-arg]

    def _minmax(self, op: Operation) -> None:
        type_ = op.results[0].type
        name = f"{_MINMAX[type(op)]}.{intrinsic_suffix(type_)}"
        Rewriter.replace_op(op, llvm.CallIntrinsicOp(name, list(op.operands), [type_]))

    def _constant(self, op: Operation) -> None:
        assert isinstance(op, arith.ConstantOp)
        value = op.value
        type_ = op.result.type
        if isinstance(value, IntegerAttr) and value.type != type_:
            value = IntegerAttr(value.value.data, type_)  # type: ignore[arg-type]
        Rewriter.replace_op(op, llvm.ConstantOp(value, type_))

    def _cmpi(self, op: Operation) -> None:
        assert isinstance(op, arith.CmpiOp)
        pred = arith.CMPI_COMPARISON_OPERATIONS[op.predicate.value.data]
        Rewriter.replace_op(op, icmp(pred, op.lhs, op.rhs))

    def _cmpf(self, op: Operation) -> None:
        assert isinstance(op, arith.CmpfOp)
        pred = arith.CMPF_COMPARISON_OPERATIONS[op.predicate.value.data]
        if pred in ("false", "true"):
            Rewriter.replace_op(op, constant(int(pred == "true"), op.result.type))
        else:
            Rewriter.replace_op(op, llvm.FCmpOp(op.lhs, op.rhs, pred))

    def _select(self, op: Operation) -> None:
        cond, lhs, rhs = op.operands
        Rewriter.replace_op(op, llvm.SelectOp(cond, lhs, rhs))

    # -- division -----------------------------------------------------------

    def _division(self, op: Operation) -> None:
        a, b = op.operands
        type_ = op.results[0].type
        kind = type(op)
        signed = kind in (arith.DivSIOp, arith.RemSIOp, arith.FloorDivSIOp, arith.CeilDivSIOp)
        ops: list[Operation] = []

        def emit(new: Operation) -> SSAValue:
            ops.append(new)
            return new.results[0]

        minus_one: SSAValue | None = None
        if self.check_division:
            if isinstance(type_, VectorType):
                raise LoweringError(
                    f"{PASS_NAME}: check-division does not support vector '{op.name}'"
                )
            zero = constant(0, type_)
            is_zero = icmp("eq", b, zero.result)
            Rewriter.insert_op([zero, is_zero], InsertPoint.before(op))
            guard(op, is_zero.res, ErrorCode.ZERO_DIVISION, self.raise_blocks)
            if signed:
                # x / -1 is -x (wrapping); x % -1 is 0. Divide by 1 instead so
                # that INT_MIN / -1 does not trap.
                minus_one = emit(icmp("eq", b, emit(constant(-1, type_))))
                b = emit(llvm.SelectOp(minus_one, emit(constant(1, type_)), b))

        if kind is arith.DivSIOp:
            result = emit(llvm.SDivOp(a, b))
        elif kind is arith.DivUIOp:
            result = emit(llvm.UDivOp(a, b))
        elif kind is arith.RemSIOp:
            result = emit(llvm.SRemOp(a, b))
        elif kind is arith.RemUIOp:
            result = emit(llvm.URemOp(a, b))
        elif kind is arith.CeilDivUIOp:
            q = emit(llvm.UDivOp(a, b))
            r = emit(llvm.URemOp(a, b))
            nonzero = emit(icmp("ne", r, emit(constant(0, type_))))
            result = emit(llvm.AddOp(q, emit(llvm.ZExtOp(nonzero, type_))))
        else:  # floor / ceil division, signed
            q = emit(llvm.SDivOp(a, b))
            r = emit(llvm.SRemOp(a, b))
            zero_c = emit(constant(0, type_))
            nonzero = emit(icmp("ne", r, zero_c))
            sign = emit(llvm.XOrOp(r, b))
            if kind is arith.FloorDivSIOp:
                # r and b of opposite signs: the quotient was rounded up.
                differ = emit(icmp("slt", sign, zero_c))
                adjust = emit(llvm.AndOp(nonzero, differ))
                result = emit(llvm.SubOp(q, emit(llvm.ZExtOp(adjust, type_))))
            else:
                same = emit(icmp("sge", sign, zero_c))
                adjust = emit(llvm.AndOp(nonzero, same))
                result = emit(llvm.AddOp(q, emit(llvm.ZExtOp(adjust, type_))))
        if minus_one is not None and kind is not arith.RemSIOp:
            negated = emit(llvm.SubOp(emit(constant(0, type_)), a))
            result = emit(llvm.SelectOp(minus_one, negated, result))
        Rewriter.replace_op(op, ops, [result])


@dataclass(frozen=True)
class ConvertArithToLLVM(ModulePass):
    """Convert arith operations to the llvm dialect (division checks optional)."""

    name = "convert-arith-to-llvm"

    check_division: bool = False
    """Raise ZeroDivisionError (myia_raise 1) on integer division by zero, and
    make INT_MIN / -1 wrap."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        ArithToLLVM(self.check_division).run(op)
