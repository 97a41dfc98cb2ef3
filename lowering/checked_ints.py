"""How ``checked`` ops are lowered: arithmetic on Python ints, exact or
``OverflowError`` (the primitive's other checks, such as division by zero, come
from :mod:`myia.lowering.scalar_rules`).

``add``, ``sub`` and ``mul`` are LLVM's overflow intrinsics
(``llvm.sadd.with.overflow.i64``...: one instruction and a jump on the overflow
flag on x86-64); ``neg`` and ``abs`` subtract from zero with them; ``floordiv``
raises for ``-2**63 // -1`` only; ``lshift`` shifts back to compare; ``pow``
multiplies by squaring with the intrinsic, counting an overflow only where the
square or product is needed; a ``cast`` (a numpy uint64 to a Python int)
raises above ``2**63 - 1``.
"""

from __future__ import annotations

from typing import Any

from xdsl.dialects import arith, cf, llvm
from xdsl.dialects.builtin import DenseArrayBase, i1, i64
from xdsl.ir import SSAValue

from myia.dialects.rules_util import overflow_message
from myia.errors import NEGATIVE_SHIFT

OVERFLOW = 6  # myia.lowering.llvm.runtime_decls.ErrorCode.OVERFLOW
NEGATIVE_POWER = 3
VALUE_ERROR = 7

_PAIR = llvm.LLVMStructType.from_type_list([i64, i1])
_INTRINSICS = {"add": "sadd", "sub": "ssub", "mul": "smul"}


def with_overflow(b: Any, kind: str, x: SSAValue, y: SSAValue) -> tuple[SSAValue, SSAValue]:
    """``x <kind> y`` on i64 (``kind``: sadd, ssub, smul) and whether it overflowed."""
    pair = b.emit(llvm.CallIntrinsicOp(f"llvm.{kind}.with.overflow.i64", [x, y], [_PAIR]))
    value = b.emit(llvm.ExtractValueOp(DenseArrayBase.from_list(i64, [0]), pair, i64))
    overflow = b.emit(llvm.ExtractValueOp(DenseArrayBase.from_list(i64, [1]), pair, i1))
    return value, overflow


def _cmp(b: Any, predicate: str, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.emit(arith.CmpiOp(x, y, predicate))


def _and(b: Any, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.emit(arith.AndIOp(x, y))


def _or(b: Any, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.emit(arith.OrIOp(x, y))


def lower_checked(b: Any, name: str, args: list[SSAValue], unchecked: Any) -> SSAValue:
    """The exact result of ``checked`` primitive ``name`` on i64 ``args``, or a
    raise of OverflowError; ``unchecked(name, args)`` lowers the op once it
    cannot overflow (floordiv, whose divisor is known not to be 0)."""
    message = overflow_message(name)
    if name in _INTRINSICS:
        value, overflow = with_overflow(b, _INTRINSICS[name], *args)
        b.raise_if(overflow, OVERFLOW, message)
        return value
    if name in ("neg", "abs"):
        (x,) = args
        zero = b.constant(0, i64)
        negated, overflow = with_overflow(b, "ssub", zero, x)
        b.raise_if(overflow, OVERFLOW, message)
        if name == "neg":
            return negated
        return b.emit(arith.SelectOp(_cmp(b, "slt", x, zero), negated, x))
    if name == "floordiv":
        x, y = args
        minimum = _cmp(b, "eq", x, b.constant(-(2**63), i64))
        b.raise_if(_and(b, minimum, _cmp(b, "eq", y, b.constant(-1, i64))), OVERFLOW, message)
        return unchecked(name, args)
    if name == "lshift":
        x, y = args
        zero = b.constant(0, i64)
        b.raise_if(_cmp(b, "slt", y, zero), VALUE_ERROR, NEGATIVE_SHIFT)
        last = b.constant(63, i64)
        beyond = _cmp(b, "ugt", y, last)
        count = b.emit(arith.SelectOp(beyond, last, y))
        shifted = b.emit(arith.ShLIOp(x, count))
        lost = _cmp(b, "ne", b.emit(arith.ShRSIOp(shifted, count)), x)
        b.raise_if(_or(b, lost, _and(b, beyond, _cmp(b, "ne", x, zero))), OVERFLOW, message)
        return shifted
    if name == "pow":
        x, y = args
        return _power(b, x, y, message)
    if name == "cast":
        (x,) = args  # a uint64: above 2**63 - 1 when its sign bit is set
        b.raise_if(_cmp(b, "slt", x, b.constant(0, i64)), OVERFLOW, message)
        return x
    raise NotImplementedError(f"checked {name}")


def _power(b: Any, x: SSAValue, y: SSAValue, message: str) -> SSAValue:
    """``x ** y`` by squaring: ``r *= base`` for each set bit of ``y``, ``base *=
    base`` while bits remain; an overflow counts only in a product that is used
    (the result's magnitude is then at least as large)."""
    zero, one = b.constant(0, i64), b.constant(1, i64)
    b.raise_if(_cmp(b, "slt", y, zero), NEGATIVE_POWER)
    header = b.new_block([i64, i64, i64])
    body = b.new_block()
    done = b.new_block([i64])
    b.emit(cf.BranchOp(header, one, x, y))
    b.block = header
    r, base, e = header.args
    b.emit(cf.ConditionalBranchOp(_cmp(b, "sgt", e, zero), body, [], done, [r]))
    b.block = body
    odd = _cmp(b, "ne", b.emit(arith.AndIOp(e, one)), zero)
    product, product_overflow = with_overflow(b, "smul", r, base)
    rest = b.emit(arith.ShRSIOp(e, one))
    square, square_overflow = with_overflow(b, "smul", base, base)
    overflow = _or(
        b,
        _and(b, odd, product_overflow),
        _and(b, _cmp(b, "sgt", rest, zero), square_overflow),
    )
    b.raise_if(overflow, OVERFLOW, message)
    b.emit(cf.BranchOp(header, b.emit(arith.SelectOp(odd, product, r)), square, rest))
    b.block = done
    return done.args[0]
