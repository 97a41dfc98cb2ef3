"""How scalar primitives become ``arith`` and ``math`` operations (their ``lower``
rules), with Python's semantics on Python scalars (ops marked ``checked``:
division by zero raises ``ZeroDivisionError``...) and numpy's on numpy scalars:
``//`` and ``%`` round toward negative infinity, ``min``/``max`` return the
first of equals, ``!=`` holds for NaN.

A ``lower`` rule is ``rule(builder, op, operand_leaves, operand_types) -> leaves``;
the builder (``myia.lowering.myia_to_cf.HostLowering``) emits ops (``emit``,
``constant``, ``raise_if``, ``call_libm``) and knows value layouts (``layout``).
Operands of scalar primitives are one leaf each, of one type (typed IR is
homogeneous: inference inserted the casts).
"""

from __future__ import annotations

from collections.abc import Callable
from math import pi as PI
from typing import Any

from xdsl.dialects import arith, cf, math
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    Signedness,
    TupleType,
    i1,
    i32,
    i64,
)
from xdsl.ir import Attribute, SSAValue

from myia.dialects import prims_checks, prims_math, prims_scalar  # noqa: F401 - lowered here
from myia.dialects.primitive import PRIMITIVES
from myia.dialects.prims_math import (
    BINARY_MATH,
    MATH_DOMAIN_ERROR,
    MATH_ERRORS,
    MATH_FUNCTIONS,
    MATH_RANGE_ERROR,
    PYTHON_MATH,
    UNARY_MATH,
    MathErrors,
)
from myia.dialects.prims_seq import INDEX_ERRORS
from myia.dialects.types import FunctionValueType, ListType, RecordType
from myia.errors import (
    COMPLEX_POWER,
    FLOAT_INF_TO_INT,
    FLOAT_NAN_TO_INT,
    FLOAT_OUT_OF_I64,
    NEGATIVE_SHIFT,
)
from myia.lowering.checked_ints import lower_checked
from myia.lowering.layout import machine_scalar
from myia.lowering.llvm.extra_ops import RemFOp

ZERO_DIVISION = 1  # myia.lowering.llvm.runtime_decls.ErrorCode.ZERO_DIVISION
NEGATIVE_POWER = 3
OVERFLOW = 6
VALUE_ERROR = 7
INDEX_ERROR = 8
FLOATING_POINT = 11


def is_float(t: Attribute) -> bool:
    return isinstance(t, Float16Type | Float32Type | Float64Type)


def is_bool(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.width.data == 1


def is_unsigned(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and (
        t.signedness.data == Signedness.UNSIGNED or t.width.data == 1
    )


def lower_rule(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            PRIMITIVES[name].rules["lower"] = fn
        return fn

    return register


def scalar_args(leaves: list[list[SSAValue]]) -> list[SSAValue]:
    return [v[0] for v in leaves]


# ---------------------------------------------------------------------------
# Arithmetic
#
# An op marked ``checked`` computes on Python scalars, as CPython does: a zero
# divisor raises ZeroDivisionError, Python ints are exact or raise OverflowError
# (:mod:`myia.lowering.checked_ints`), float powers raise CPython's errors.
# Without it, the op computes on numpy scalars, as numpy does: a zero divisor
# gives 0 for ints (``INT_MIN // -1`` wraps) and inf or nan for floats, float
# powers give inf or nan (the elements of arrays compute alike:
# :mod:`myia.lowering.arrays.scalar`).


def _python_message(compute: Callable[[], Any]) -> str:
    try:
        compute()
    except (ZeroDivisionError, OverflowError) as exc:
        return str(exc)
    raise AssertionError("CPython did not raise")


ZERO_DIVISION_MESSAGES = {
    ("truediv", False): _python_message(lambda: 1 / 0),
    ("floordiv", False): _python_message(lambda: 1 // 0),
    ("mod", False): _python_message(lambda: 1 % 0),
    ("truediv", True): _python_message(lambda: 1.0 / 0.0),
    ("floordiv", True): _python_message(lambda: 1.0 // 0.0),
    ("mod", True): _python_message(lambda: 1.0 % 0.0),
    ("pow", True): _python_message(lambda: 0.0**-1.0),
}
"""CPython's message for ``a <op> 0`` on ints and on floats (``float modulo``...),
and for ``0.0 ** -1.0``."""

FLOAT_POWER_OVERFLOW = _python_message(lambda: 10.0**400.0)
"""CPython's message for a float power too large (``10.0 ** 400.0``)."""


def _nonzero(b: Any, y: SSAValue, name: str) -> None:
    """Raise ZeroDivisionError, with CPython's message for ``name``, when y is 0."""
    message = ZERO_DIVISION_MESSAGES[(name, is_float(y.type))]
    if is_float(y.type):
        zero = b.constant(0.0, y.type)
        b.raise_if(b.emit(arith.CmpfOp(y, zero, "oeq")), ZERO_DIVISION, message)
    else:
        zero = b.constant(0, y.type)
        b.raise_if(b.emit(arith.CmpiOp(y, zero, "eq")), ZERO_DIVISION, message)


def _int_binary(b: Any, name: str, x: SSAValue, y: SSAValue, t: Attribute) -> SSAValue:
    """numpy's arithmetic on fixed-width ints (``checked`` ops on Python ints are
    :func:`lower_checked`'s; their divisor is checked before)."""
    unsigned = is_unsigned(t)
    simple = {"add": arith.AddiOp, "sub": arith.SubiOp, "mul": arith.MuliOp,
              "bitand": arith.AndIOp, "bitor": arith.OrIOp, "bitxor": arith.XOrIOp}  # fmt: skip
    if name in simple:
        return b.emit(simple[name](x, y))
    if name in ("lshift", "rshift"):
        return _shift(b, name, x, y, t)
    if name in ("floordiv", "mod"):
        return numpy_int_divmod(b, name, x, y, t)
    if name == "pow":
        if not unsigned:
            zero = b.constant(0, t)
            b.raise_if(b.emit(arith.CmpiOp(y, zero, "slt")), NEGATIVE_POWER)
        return b.emit(math.IPowIOp(x, y))
    if name in ("min", "max"):
        ops = {("min", False): arith.MinSIOp, ("max", False): arith.MaxSIOp,
               ("min", True): arith.MinUIOp, ("max", True): arith.MaxUIOp}  # fmt: skip
        return b.emit(ops[(name, unsigned)](x, y))
    raise NotImplementedError(name)


def numpy_int_divmod(b: Any, name: str, x: SSAValue, y: SSAValue, t: Attribute) -> SSAValue:
    """``x // y`` or ``x % y`` on ints as numpy computes them: Python's signs,
    0 for a zero divisor, and ``INT_MIN // -1`` wrapping to ``INT_MIN`` (no
    division by 0 or -1 is executed: both would trap)."""
    zero, one = b.constant(0, x.type), b.constant(1, x.type)
    y_zero = b.emit(arith.CmpiOp(y, zero, "eq"))
    if is_unsigned(t):
        safe = b.emit(arith.SelectOp(y_zero, one, y))
        value = b.emit((arith.DivUIOp if name == "floordiv" else arith.RemUIOp)(x, safe))
        return b.emit(arith.SelectOp(y_zero, zero, value))
    minus_one = b.constant(-1, x.type)
    y_minus_one = b.emit(arith.CmpiOp(y, minus_one, "eq"))
    safe = b.emit(arith.SelectOp(b.emit(arith.OrIOp(y_zero, y_minus_one)), one, y))
    if name == "floordiv":
        q = b.emit(arith.FloorDivSIOp(x, safe))
        q = b.emit(arith.SelectOp(y_minus_one, b.emit(arith.SubiOp(zero, x)), q))
        return b.emit(arith.SelectOp(y_zero, zero, q))
    # Python's sign: the remainder has the sign of the divisor.
    r = b.emit(arith.RemSIOp(x, safe))
    nonzero = b.emit(arith.CmpiOp(r, zero, "ne"))
    signs_differ = b.emit(
        arith.XOrIOp(b.emit(arith.CmpiOp(r, zero, "slt")), b.emit(arith.CmpiOp(y, zero, "slt")))
    )
    fix = b.emit(arith.AndIOp(nonzero, signs_differ))
    r = b.emit(arith.SelectOp(fix, b.emit(arith.AddiOp(r, y)), r))
    return b.emit(arith.SelectOp(b.emit(arith.OrIOp(y_zero, y_minus_one)), zero, r))


def _shift(b: Any, name: str, x: SSAValue, y: SSAValue, t: Attribute) -> SSAValue:
    """Python's shifts on fixed-width ints: a negative count raises ValueError,
    a count of the width or more shifts every bit out (0, or -1 for a negative
    value shifted right), where LLVM's shifts would be poison."""
    unsigned = is_unsigned(t)
    zero = b.constant(0, t)
    if not unsigned:
        b.raise_if(b.emit(arith.CmpiOp(y, zero, "slt")), VALUE_ERROR, NEGATIVE_SHIFT)
    last = b.constant(t.width.data - 1, t)  # type: ignore[attr-defined]
    out = b.emit(arith.CmpiOp(y, last, "ugt"))
    count = b.emit(arith.SelectOp(out, last, y))
    if name == "rshift" and not unsigned:
        return b.emit(arith.ShRSIOp(x, count))  # by width-1: the sign everywhere
    shifted = b.emit((arith.ShLIOp if name == "lshift" else arith.ShRUIOp)(x, count))
    return b.emit(arith.SelectOp(out, zero, shifted))


def float_to_int_checks(b: Any, x: SSAValue, target: Attribute) -> None:
    """Raise as Python (and the typed interpreter) does when the float ``x``
    cannot become an int of type ``target`` (i64): ValueError for NaN,
    OverflowError for infinities and values out of range."""
    b.raise_if(b.emit(arith.CmpfOp(x, x, "uno")), VALUE_ERROR, FLOAT_NAN_TO_INT)
    magnitude = b.emit(math.AbsFOp(x))
    inf = b.constant(float("inf"), x.type)
    b.raise_if(b.emit(arith.CmpfOp(magnitude, inf, "oeq")), OVERFLOW, FLOAT_INF_TO_INT)
    low = b.emit(arith.CmpfOp(x, b.constant(-(2.0**63), x.type), "olt"))
    high = b.emit(arith.CmpfOp(x, b.constant(2.0**63, x.type), "oge"))
    b.raise_if(b.emit(arith.OrIOp(low, high)), OVERFLOW, FLOAT_OUT_OF_I64)


def is_i64(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.width.data == 64 and not is_unsigned(t)


def _float_binary(b: Any, name: str, x: SSAValue, y: SSAValue) -> SSAValue:
    """numpy's arithmetic on floats (IEEE 754: inf and nan, never an error),
    but ``min``/``max``, which are Python's builtins (the first of equals)."""
    simple = {"add": arith.AddfOp, "sub": arith.SubfOp, "mul": arith.MulfOp,
              "truediv": arith.DivfOp, "divide": arith.DivfOp}  # fmt: skip
    if name in simple:
        return b.emit(simple[name](x, y))
    if name in ("floordiv", "mod"):
        return numpy_float_divmod(b, name, x, y)
    if name in ("pow", "power"):
        return b.emit(math.PowFOp(x, y))
    if name in ("min", "max"):
        # Python returns the first argument unless the second is strictly better.
        pred = "olt" if name == "min" else "ogt"
        better = b.emit(arith.CmpfOp(y, x, pred))
        return b.emit(arith.SelectOp(better, y, x))
    raise NotImplementedError(name)


def _python_float(b: Any, name: str, x: SSAValue, y: SSAValue) -> SSAValue:
    """CPython's ``/``, ``//``, ``%`` and ``**`` on floats (``checked``)."""
    if name == "pow":
        return python_float_power(b, x, y)
    _nonzero(b, y, name)
    if name == "truediv":
        return b.emit(arith.DivfOp(x, y))
    return float_divmod(b, name, x, y)


def python_float_power(b: Any, x: SSAValue, y: SSAValue) -> SSAValue:
    """``x ** y`` on Python floats: the C library's ``pow``, then CPython's
    ``float_pow`` checks, which only a NaN or infinite result can fail (one
    comparison and a branch otherwise): ``0.0 ** y`` for a finite ``y < 0`` raises
    ZeroDivisionError, a finite negative ``x`` to a finite fractional ``y`` is a
    complex number in CPython (a ValueError here: :data:`COMPLEX_POWER`), and an
    infinite result of finite operands raises OverflowError."""
    r = b.emit(math.PowFOp(x, y))
    inf = b.constant(float("inf"), r.type)
    zero = b.constant(0.0, r.type)

    def finite(v: SSAValue) -> SSAValue:
        return b.emit(arith.CmpfOp(b.emit(math.AbsFOp(v)), inf, "olt"))

    check, done = b.new_block(), b.new_block()
    b.emit(cf.ConditionalBranchOp(finite(r), done, [], check, []))
    b.block = check
    operands = b.emit(arith.AndIOp(finite(x), finite(y)))
    zero_base = b.emit(arith.CmpfOp(x, zero, "oeq"))
    negative_y = b.emit(arith.CmpfOp(y, zero, "olt"))
    b.raise_if(
        _all(b, [operands, zero_base, negative_y]),
        ZERO_DIVISION,
        ZERO_DIVISION_MESSAGES[("pow", True)],
    )
    negative_x = b.emit(arith.CmpfOp(x, zero, "olt"))
    fractional = b.emit(arith.CmpfOp(b.emit(math.FloorOp(y)), y, "une"))
    b.raise_if(_all(b, [operands, negative_x, fractional]), VALUE_ERROR, COMPLEX_POWER)
    infinite = b.emit(arith.CmpfOp(b.emit(math.AbsFOp(r)), inf, "oeq"))
    b.raise_if(b.emit(arith.AndIOp(operands, infinite)), OVERFLOW, FLOAT_POWER_OVERFLOW)
    b.emit(cf.BranchOp(done))
    b.block = done
    return r


def numpy_float_divmod(b: Any, name: str, a: SSAValue, d: SSAValue) -> SSAValue:
    """numpy's ``npy_divmod``: Python's algorithm (:func:`float_divmod`), and for
    a zero divisor ``a / d`` for ``//`` and ``fmod(a, d)`` (NaN) for ``%``."""

    value = float_divmod(b, name, a, d)
    divisor_zero = b.emit(arith.CmpfOp(d, b.constant(0.0, a.type), "oeq"))
    at_zero = b.emit(RemFOp(a, d) if name == "mod" else arith.DivfOp(a, d))
    return b.emit(arith.SelectOp(divisor_zero, at_zero, value))


def float_divmod(b: Any, name: str, a: SSAValue, d: SSAValue) -> SSAValue:
    """``a // d`` or ``a % d`` on floats for a nonzero ``d``, exactly as CPython's
    ``float_divmod`` (numpy's ``npy_divmod`` is the same algorithm): ``fmod``, the
    remainder moved to the sign of ``d`` (a zero remainder is a zero of that sign),
    then the floor of ``(a - fmod) / d`` snapped to the nearest integer, a zero
    quotient taking the sign of ``a / d``. Signed zeros, infinities and NaN come
    out as in Python (``-0.0 % 1.0 == 0.0``, ``-5.0 // inf == -1.0``)."""

    zero = b.constant(0.0, a.type)
    one = b.constant(1.0, a.type)
    mod = b.emit(RemFOp(a, d))
    mod_nonzero = b.emit(arith.CmpfOp(mod, zero, "une"))
    signs_differ = b.emit(arith.XOrIOp(
        b.emit(arith.CmpfOp(d, zero, "olt")), b.emit(arith.CmpfOp(mod, zero, "olt"))
    ))  # fmt: skip
    fix = b.emit(arith.AndIOp(mod_nonzero, signs_differ))
    if name == "mod":
        fixed = b.emit(arith.SelectOp(fix, b.emit(arith.AddfOp(mod, d)), mod))
        return b.emit(arith.SelectOp(mod_nonzero, fixed, b.emit(math.CopySignOp(zero, d))))
    div = b.emit(arith.DivfOp(b.emit(arith.SubfOp(a, mod)), d))
    div = b.emit(arith.SelectOp(fix, b.emit(arith.SubfOp(div, one)), div))
    floor = b.emit(math.FloorOp(div))
    half = b.constant(0.5, a.type)
    up = b.emit(arith.CmpfOp(b.emit(arith.SubfOp(div, floor)), half, "ogt"))
    floor = b.emit(arith.SelectOp(up, b.emit(arith.AddfOp(floor, one)), floor))
    div_zero = b.emit(arith.CmpfOp(div, zero, "oeq"))
    signed_zero = b.emit(math.CopySignOp(zero, b.emit(arith.DivfOp(a, d))))
    return b.emit(arith.SelectOp(div_zero, signed_zero, floor))


@lower_rule("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "min", "max",
            "bitand", "bitor", "bitxor", "lshift", "rshift", "divide", "power")  # fmt: skip
def _lower_binary(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    x, y = scalar_args(leaves)
    name, t = op.PRIMITIVE.name, types[0]
    if op.checked is None:  # numpy's scalars
        return [_float_binary(b, name, x, y) if is_float(t) else _int_binary(b, name, x, y, t)]
    if is_float(t):  # Python floats
        return [_python_float(b, name, x, y)]
    # Python ints
    if name in ("floordiv", "mod"):
        _nonzero(b, y, name)
    if name == "mod":  # (cannot overflow; -2**63 % -1 is 0)
        return [numpy_int_divmod(b, name, x, y, i64)]
    # (floordiv: once y is neither 0 nor -1 with x = -2**63, LLVM's own.)
    return [lower_checked(b, name, [x, y], lambda n, a: b.emit(arith.FloorDivSIOp(*a)))]


INT_PREDICATES = {"eq": ("eq", "eq"), "ne": ("ne", "ne"), "lt": ("slt", "ult"),
                  "le": ("sle", "ule"), "gt": ("sgt", "ugt"), "ge": ("sge", "uge")}  # fmt: skip
FLOAT_PREDICATES = {"eq": "oeq", "ne": "une", "lt": "olt", "le": "ole", "gt": "ogt", "ge": "oge"}


@lower_rule("eq", "ne", "lt", "le", "gt", "ge")
def _lower_compare(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    x, y = scalar_args(leaves)
    name = op.PRIMITIVE.name
    if is_float(types[0]):
        return [b.emit(arith.CmpfOp(x, y, FLOAT_PREDICATES[name]))]
    signed, unsigned = INT_PREDICATES[name]
    return [b.emit(arith.CmpiOp(x, y, unsigned if is_unsigned(types[0]) else signed))]


@lower_rule("neg", "pos", "abs", "invert", "not")
def _lower_unary(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    (x,) = scalar_args(leaves)
    t = types[0]
    name = op.PRIMITIVE.name
    if op.checked is not None:  # Python ints
        return [lower_checked(b, name, [x], None)]
    if name == "pos":
        return [x]
    if name == "not":
        return [b.emit(arith.XOrIOp(x, b.constant(1, x.type)))]
    if is_float(t):
        if name == "neg":
            return [b.emit(arith.NegfOp(x))]
        return [b.emit(math.AbsFOp(x))]
    if name == "invert":
        return [b.emit(arith.XOrIOp(x, b.constant(-1, x.type)))]
    negated = b.emit(arith.SubiOp(b.constant(0, x.type), x))
    if name == "neg":
        return [negated]
    if is_unsigned(t):
        return [x]
    negative = b.emit(arith.CmpiOp(x, b.constant(0, x.type), "slt"))
    return [b.emit(arith.SelectOp(negative, negated, x))]


@lower_rule("select")
def _lower_select(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    (cond,), a, c = leaves
    return [b.emit(arith.SelectOp(cond, x, y)) for x, y in zip(a, c, strict=True)]


@lower_rule("tuple_index", "range_index")
def _lower_index(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """Python's index ``i`` of a sequence of length ``n``: ``i + n`` when
    negative; IndexError unless ``0 <= i + n < n`` (one unsigned comparison)."""
    i, n = scalar_args(leaves)
    negative = b.emit(arith.CmpiOp(i, b.constant(0, i.type), "slt"))
    index = b.emit(arith.SelectOp(negative, b.emit(arith.AddiOp(i, n)), i))
    outside = b.emit(arith.CmpiOp(index, n, "uge"))
    b.raise_if(outside, INDEX_ERROR, INDEX_ERRORS[op.PRIMITIVE.name])
    return [index]


@lower_rule("round")
def _lower_round(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    (x,) = scalar_args(leaves)
    rounded = b.emit(math.RoundEvenOp(x))
    if is_float(types[0]) and is_i64(op.result.type):
        float_to_int_checks(b, rounded, op.result.type)
    return [convert(b, rounded, types[0], op.result.type)]


# ---------------------------------------------------------------------------
# Conversions


def convert(b: Any, x: SSAValue, source: Attribute, target: Attribute) -> SSAValue:
    """Convert a scalar between IR types (Python's int() truncates floats; a
    number becomes a bool by comparing it with zero)."""
    mtarget = machine_scalar(target)
    if machine_scalar(source) == mtarget:
        return x
    if is_bool(target):
        if is_float(source):
            return b.emit(arith.CmpfOp(x, b.constant(0.0, x.type), "une"))
        return b.emit(arith.CmpiOp(x, b.constant(0, x.type), "ne"))
    if is_float(source) and is_float(target):
        widen = source.bitwidth < target.bitwidth  # type: ignore[attr-defined]
        return b.emit((arith.ExtFOp if widen else arith.TruncFOp)(x, mtarget))
    if is_float(target):
        return b.emit((arith.UIToFPOp if is_unsigned(source) else arith.SIToFPOp)(x, mtarget))
    if is_float(source):
        return b.emit((arith.FPToUIOp if is_unsigned(target) else arith.FPToSIOp)(x, mtarget))
    sw, tw = source.width.data, target.width.data  # type: ignore[attr-defined]
    if sw > tw:
        return b.emit(arith.TruncIOp(x, mtarget))
    return b.emit((arith.ExtUIOp if is_unsigned(source) else arith.ExtSIOp)(x, mtarget))


def convert_leaves(
    b: Any, leaves: list[SSAValue], source: Attribute, target: Attribute
) -> list[SSAValue]:
    """Convert a value of any type to another of the same shape: scalars one by
    one, tuples and records element by element, a closure into a closure type
    with more alternatives."""
    layout = b.layout
    if source == target:
        return leaves
    if isinstance(source, TupleType | RecordType) and type(source) is type(target):
        s_types = (
            source.types.data if isinstance(source, TupleType) else [t for _, t in source.fields]
        )
        t_types = (
            target.types.data if isinstance(target, TupleType) else [t for _, t in target.fields]
        )  # type: ignore[union-attr]
        out: list[SSAValue] = []
        for i, (st, tt) in enumerate(zip(s_types, t_types, strict=True)):
            part = leaves[layout.element_slice(source, i)]
            out += convert_leaves(b, part, st, tt)
        return out
    if isinstance(source, FunctionValueType) and isinstance(target, FunctionValueType):
        return _widen_closure(b, leaves, source, target)
    if isinstance(source, ListType) and isinstance(target, ListType):
        from myia.lowering.native_lists import lower_list_cast

        return lower_list_cast(b, leaves, source, target)
    if len(leaves) == 1 and len(layout.leaves(target)) == 1:
        return [convert(b, leaves[0], source, target)]
    if not leaves and not layout.leaves(target):
        return []
    raise NotImplementedError(f"cast from {source} to {target}")


def _widen_closure(
    b: Any, leaves: list[SSAValue], source: FunctionValueType, target: FunctionValueType
) -> list[SSAValue]:
    layout = b.layout
    s_alts, t_alts = layout.alternatives(source), layout.alternatives(target)
    if len(t_alts) == 1:
        return leaves
    out = b.zeros(layout.leaves(target))
    if len(s_alts) == 1:
        out[0] = b.constant(t_alts.index(s_alts[0]), i32)
        out[layout.alternative_slice(target, s_alts[0])] = leaves
        return out
    # Several alternatives: renumber the tag, move each one's captures.
    tag = leaves[0]
    new_tag = b.constant(0, i32)
    for i, alt in enumerate(s_alts):
        is_this = b.emit(arith.CmpiOp(tag, b.constant(i, i32), "eq"))
        new_tag = b.emit(arith.SelectOp(is_this, b.constant(t_alts.index(alt), i32), new_tag))
        out[layout.alternative_slice(target, alt)] = leaves[layout.alternative_slice(source, alt)]
    out[0] = new_tag
    return out


@lower_rule("cast")
def _lower_cast(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    if op.checked is not None:  # a numpy uint64 to a Python int
        return [lower_checked(b, "cast", leaves[0], None)]
    if is_float(types[0]) and is_i64(op.result.type):  # int(x), math.floor(x)...
        float_to_int_checks(b, leaves[0][0], op.result.type)
    return convert_leaves(b, leaves[0], types[0], op.result.type)


# ---------------------------------------------------------------------------
# Math


@lower_rule(*UNARY_MATH, *BINARY_MATH)
def _lower_math(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    return [math_function(b, op.PRIMITIVE.name, scalar_args(leaves))]


def math_function(b: Any, name: str, args: list[SSAValue]) -> SSAValue:
    """The math function ``name`` of :data:`~myia.dialects.prims_math.MATH_TABLE`
    on scalars: its ``math`` operation or libm call, or its ``arith`` ops."""
    lowering = MATH_FUNCTIONS[name].lowering
    if isinstance(lowering, str):
        return b.call_libm(lowering, args)
    if lowering is not None:
        return b.emit(lowering(*args))
    (x,) = args
    if name in ("degrees", "radians"):
        factor = 180.0 / PI if name == "degrees" else PI / 180.0
        return b.emit(arith.MulfOp(x, b.constant(factor, x.type)))
    if name == "isnan":
        return b.emit(arith.CmpfOp(x, x, "uno"))
    magnitude = b.emit(math.AbsFOp(x))
    inf = b.constant(float("inf"), x.type)
    if name == "isinf":
        return b.emit(arith.CmpfOp(magnitude, inf, "oeq"))
    return b.emit(arith.CmpfOp(magnitude, inf, "olt"))  # isfinite: false for NaN


@lower_rule(*(f"math_{name}" for name in PYTHON_MATH))
def _lower_python_math(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """Python's ``math.<name>``: the C library's function, then CPython's checks
    of its result (:data:`~myia.dialects.prims_math.MATH_ERRORS`)."""
    args = scalar_args(leaves)
    name = op.PRIMITIVE.name.removeprefix("math_")
    result = math_function(b, name, args)
    if name in MATH_ERRORS:
        raise_math_errors(b, MATH_ERRORS[name], args, result)
    return [result]


def raise_math_errors(b: Any, errors: MathErrors, args: list[SSAValue], r: SSAValue) -> None:
    """Raise CPython's ValueError or OverflowError for the C library's result ``r``
    of ``args`` (see :class:`~myia.dialects.prims_math.MathErrors`). A finite ``r``
    costs one comparison and a branch; the rest runs only for NaN and infinities."""
    inf = b.constant(float("inf"), r.type)
    finite = b.emit(arith.CmpfOp(b.emit(math.AbsFOp(r)), inf, "olt"))
    check, done = b.new_block(), b.new_block()
    b.emit(cf.ConditionalBranchOp(finite, done, [], check, []))
    b.block = check
    numbers = _all(b, [b.emit(arith.CmpfOp(a, a, "ord")) for a in args])
    nan = b.emit(arith.CmpfOp(r, r, "uno"))
    b.raise_if(b.emit(arith.AndIOp(nan, numbers)), VALUE_ERROR, MATH_DOMAIN_ERROR)
    # r is infinite, or NaN from a NaN operand (then no operand is finite)
    finite_args = _all(b, [b.emit(arith.CmpfOp(b.emit(math.AbsFOp(a)), inf, "olt")) for a in args])
    if errors.infinity in ("zero", "nonpositive"):
        zero = b.constant(0.0, r.type)
        predicate = "oeq" if errors.infinity == "zero" else "ole"
        pole = b.emit(arith.AndIOp(finite_args, b.emit(arith.CmpfOp(args[0], zero, predicate))))
        b.raise_if(pole, VALUE_ERROR, MATH_DOMAIN_ERROR)
    if errors.infinity == "ValueError":
        b.raise_if(finite_args, VALUE_ERROR, MATH_DOMAIN_ERROR)
    else:
        b.raise_if(finite_args, OVERFLOW, MATH_RANGE_ERROR)
    b.emit(cf.BranchOp(done))
    b.block = done


def _all(b: Any, conditions: list[SSAValue]) -> SSAValue:
    result = conditions[0]
    for c in conditions[1:]:
        result = b.emit(arith.AndIOp(result, c))
    return result


@lower_rule("check_float")
def _lower_check_float(b: Any, op: Any, leaves: list, types: list) -> list[SSAValue]:
    """Raise ``FloatingPointError(message)`` (the constant second operand)
    unless the first operand holds."""
    message = op.operands[1].owner.value.data
    failed = b.emit(arith.XOrIOp(leaves[0][0], b.constant(1, i1)))
    b.raise_if(failed, FLOATING_POINT, message)
    return []
