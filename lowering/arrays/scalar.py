"""One element of an elementwise operation, with numpy's semantics.

The elementwise primitives on arrays follow numpy, not Python: no exception is
raised inside a loop (integer division by zero gives 0, float division by zero
gives inf or nan, ``INT_MIN // -1`` wraps), ``np.maximum``/``np.minimum``
propagate NaN, shifts by the width or more give 0 (or -1), and float ``//``/``%``
are numpy's ``npy_divmod``. :func:`emit_elementwise` emits the ``arith`` and
``math`` ops of one element; it never creates blocks, so it can be emitted in a
loop body (and vectorized by LLVM).
"""

from __future__ import annotations

import math as pymath
from collections.abc import Sequence
from typing import Any

from xdsl.dialects import arith, math
from xdsl.dialects.builtin import (
    Float16Type,
    f32,
)
from xdsl.ir import Attribute, SSAValue

from myia.dialects.prims_math import MATH_FUNCTIONS
from myia.lowering.arrays import vmath
from myia.lowering.scalar_rules import (
    convert,
    is_float,
    is_unsigned,
    numpy_float_divmod,
    numpy_int_divmod,
)

Builder = Any

INT_PREDICATES = {"eq": ("eq", "eq"), "ne": ("ne", "ne"), "lt": ("slt", "ult"),
                  "le": ("sle", "ule"), "gt": ("sgt", "ugt"), "ge": ("sge", "uge")}  # fmt: skip
FLOAT_PREDICATES = {"eq": "oeq", "ne": "une", "lt": "olt", "le": "ole", "gt": "ogt", "ge": "oge"}


def width(t: Attribute) -> int:
    return t.width.data  # type: ignore[attr-defined]


def emit_elementwise(
    b: Builder, name: str, args: Sequence[SSAValue], types: Sequence[Attribute], result: Attribute
) -> SSAValue:
    """One element of primitive ``name``: ``args`` are scalars of IR types
    ``types`` (the operation's computation type, but for ``astype``/``cast``,
    ``where`` and comparisons), ``result`` is the element type of the result."""
    t = types[0] if types else result
    if name in ("astype", "cast"):
        return convert(b, args[0], types[0], result)
    if name == "where":
        c, x, y = args
        return b.emit(arith.SelectOp(c, x, y))
    if name in INT_PREDICATES:
        return _compare(b, name, args[0], args[1], t)
    if name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "min", "max",
                "bitand", "bitor", "bitxor", "lshift", "rshift", "divide", "power"):  # fmt: skip
        x, y = args
        return _float_binary(b, name, x, y) if is_float(t) else _int_binary(b, name, x, y, t)
    if name in ("neg", "pos", "abs", "invert", "not", "sign"):
        return _unary(b, name, args[0], t)
    if name in ("isnan", "isinf", "isfinite"):
        return _predicate(b, name, args[0], t)
    return _math(b, name, list(args), t)


def _compare(b: Builder, name: str, x: SSAValue, y: SSAValue, t: Attribute) -> SSAValue:
    if is_float(t):
        return b.emit(arith.CmpfOp(x, y, FLOAT_PREDICATES[name]))
    signed, unsigned = INT_PREDICATES[name]
    return b.emit(arith.CmpiOp(x, y, unsigned if is_unsigned(t) else signed))


def _float_binary(b: Builder, name: str, x: SSAValue, y: SSAValue) -> SSAValue:
    simple = {"add": arith.AddfOp, "sub": arith.SubfOp, "mul": arith.MulfOp, "truediv": arith.DivfOp,
              "divide": arith.DivfOp, "min": arith.MinimumfOp, "max": arith.MaximumfOp}  # fmt: skip
    if name in simple:
        return b.emit(simple[name](x, y))
    if name in ("pow", "power"):
        return b.emit(math.PowFOp(x, y))
    if name in ("floordiv", "mod"):
        return numpy_float_divmod(b, name, x, y)
    raise NotImplementedError(f"{name} on floats")


def _int_binary(b: Builder, name: str, x: SSAValue, y: SSAValue, t: Attribute) -> SSAValue:
    unsigned = is_unsigned(t)
    simple = {"add": arith.AddiOp, "sub": arith.SubiOp, "mul": arith.MuliOp, "bitand": arith.AndIOp,
              "bitor": arith.OrIOp, "bitxor": arith.XOrIOp}  # fmt: skip
    if name in simple:
        return b.emit(simple[name](x, y))
    zero = b.constant(0, x.type)
    if name in ("min", "max"):
        ops = {("min", False): arith.MinSIOp, ("max", False): arith.MaxSIOp,
               ("min", True): arith.MinUIOp, ("max", True): arith.MaxUIOp}  # fmt: skip
        return b.emit(ops[(name, unsigned)](x, y))
    if name in ("lshift", "rshift"):
        bits = b.constant(width(t), x.type)
        too_far = b.emit(arith.CmpiOp(y, bits, "uge"))  # negative counts too
        safe = b.emit(arith.SelectOp(too_far, zero, y))
        if name == "lshift":
            return b.emit(arith.SelectOp(too_far, zero, b.emit(arith.ShLIOp(x, safe))))
        if unsigned:
            return b.emit(arith.SelectOp(too_far, zero, b.emit(arith.ShRUIOp(x, safe))))
        fill = b.emit(arith.ShRSIOp(x, b.constant(width(t) - 1, x.type)))
        return b.emit(arith.SelectOp(too_far, fill, b.emit(arith.ShRSIOp(x, safe))))
    if name == "pow":
        return b.emit(math.IPowIOp(x, y))
    if name == "truediv":  # only floats reach here after inference; ints by safety
        raise NotImplementedError("truediv on ints")
    return numpy_int_divmod(b, name, x, y, t)  # 0 for a zero divisor, as numpy


def _unary(b: Builder, name: str, x: SSAValue, t: Attribute) -> SSAValue:
    if name == "pos":
        return x
    if name == "not":
        return b.emit(arith.XOrIOp(x, b.constant(1, x.type)))
    if is_float(t):
        if name == "neg":
            return b.emit(arith.NegfOp(x))
        if name == "abs":
            return b.emit(math.AbsFOp(x))
        if name == "sign":
            zero, one = b.constant(0.0, x.type), b.constant(1.0, x.type)
            minus = b.constant(-1.0, x.type)
            neg = b.emit(arith.SelectOp(b.emit(arith.CmpfOp(x, zero, "olt")), minus, x))
            return b.emit(arith.SelectOp(b.emit(arith.CmpfOp(x, zero, "ogt")), one, neg))
        raise NotImplementedError(f"{name} on floats")
    if name == "invert":
        return b.emit(arith.XOrIOp(x, b.constant(-1, x.type)))
    zero = b.constant(0, x.type)
    if name == "sign":
        one, minus = b.constant(1, x.type), b.constant(-1, x.type)
        if is_unsigned(t):
            return b.emit(arith.SelectOp(b.emit(arith.CmpiOp(x, zero, "ne")), one, zero))
        neg = b.emit(arith.SelectOp(b.emit(arith.CmpiOp(x, zero, "slt")), minus, zero))
        return b.emit(arith.SelectOp(b.emit(arith.CmpiOp(x, zero, "sgt")), one, neg))
    negated = b.emit(arith.SubiOp(zero, x))
    if name == "neg":
        return negated
    if is_unsigned(t):  # abs
        return x
    return b.emit(arith.SelectOp(b.emit(arith.CmpiOp(x, zero, "slt")), negated, x))


def _predicate(b: Builder, name: str, x: SSAValue, t: Attribute) -> SSAValue:
    from xdsl.dialects.builtin import i1

    if not is_float(t):
        return b.constant(1 if name == "isfinite" else 0, i1)
    if name == "isnan":
        return b.emit(arith.CmpfOp(x, x, "uno"))
    magnitude = b.emit(math.AbsFOp(x))
    inf = b.constant(float("inf"), x.type)
    return b.emit(arith.CmpfOp(magnitude, inf, "oeq" if name == "isinf" else "olt"))


def _math(b: Builder, name: str, args: list[SSAValue], t: Attribute) -> SSAValue:
    if isinstance(t, Float16Type):  # computed in float32, as numpy does
        wide = [b.emit(arith.ExtFOp(a, f32)) for a in args]
        return b.emit(arith.TruncFOp(_math(b, name, wide, f32), t))
    if name in ("degrees", "radians"):
        factor = 180.0 / pymath.pi if name == "degrees" else pymath.pi / 180.0
        return b.emit(arith.MulfOp(args[0], b.constant(factor, t)))
    if len(args) == 1:
        value = vmath.emit(b, name, args[0])  # vectorizable exp, log, sin, cos, tanh
        if value is not None:
            return value
    lowering = MATH_FUNCTIONS[name].lowering
    if isinstance(lowering, str):
        return b.call_libm(lowering, args)
    if lowering is not None:
        return b.emit(lowering(*args))
    raise NotImplementedError(f"elementwise {name}")
