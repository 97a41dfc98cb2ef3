"""Scalar primitives with Python's semantics: arithmetic, comparisons, logic,
bitwise operations and conversions.

The reference implementations are Python's own operators, so the interpreter
agrees with CPython by construction (``//`` and ``%`` keep Python's signs).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from myia.dialects.abstract import (
    BOOL,
    FLOAT64,
    INT64,
    MAX_SIZE,
    Abstract,
    AbstractArray,
    AbstractEnumerate,
    AbstractFunction,
    AbstractList,
    AbstractNone,
    AbstractRange,
    AbstractRecord,
    AbstractScalar,
    AbstractSequenceIterator,
    AbstractSlice,
    AbstractString,
    AbstractTuple,
    AbstractZip,
    JoinError,
    from_type,
    join,
    promote_dtypes,
    scalar,
)
from myia.dialects.ops_value import GetAttrOp, TupleOp
from myia.dialects.primitive import PRIMITIVES, expand_rule, infer_rule, primitive
from myia.dialects.rules_util import (
    BOOL_RESULT,
    INTEGRAL,
    NUMERIC,
    PY_FLOAT,
    PY_INT,
    all_of,
    any_of,
    apply,
    bool_const,
    cast_all,
    combine_bools,
    emit_homogeneous,
    fold,
    is_const,
    is_scalar,
    numeric_args,
    py_value,
    quoted,
    symbol,
    tuple_get,
    type_error,
    unsupported,
    with_value,
)
from myia.dialects.types import AnyType
from myia.errors import COMPLEX_POWER


def _binary(name: str, fn: Any, doc: str) -> None:
    def impl(a: Any, b: Any) -> Any:
        return fn(a, b)

    impl.__doc__ = doc
    impl.__name__ = name
    primitive(name, 2)(impl)


def _unary(name: str, fn: Any, doc: str) -> None:
    def impl(a: Any) -> Any:
        return fn(a)

    impl.__doc__ = doc
    impl.__name__ = name
    primitive(name, 1)(impl)


for _name, _fn, _doc in [
    ("add", operator.add, "a + b"),
    ("sub", operator.sub, "a - b"),
    ("mul", operator.mul, "a * b"),
    ("truediv", operator.truediv, "a / b (always a float for Python numbers)"),
    ("floordiv", operator.floordiv, "a // b, rounding toward negative infinity"),
    ("mod", operator.mod, "a % b, with the sign of b"),
    ("matmul", operator.matmul, "a @ b"),
    ("eq", operator.eq, "a == b"),
    ("ne", operator.ne, "a != b"),
    ("lt", operator.lt, "a < b"),
    ("le", operator.le, "a <= b"),
    ("gt", operator.gt, "a > b"),
    ("ge", operator.ge, "a >= b"),
    ("bitand", operator.and_, "a & b"),
    ("bitor", operator.or_, "a | b"),
    ("bitxor", operator.xor, "a ^ b"),
    ("lshift", operator.lshift, "a << b"),
    ("rshift", operator.rshift, "a >> b"),
    ("is", operator.is_, "a is b (only meaningful for None)"),
    ("is_not", operator.is_not, "a is not b (only meaningful for None)"),
]:
    _binary(_name, _fn, _doc)


@primitive("pow", 2)
def _pow(a: Any, b: Any) -> Any:
    """a ** b (a negative float to a fractional power, a complex number in Python,
    raises ValueError: myia has no complex numbers)"""
    r = a**b
    if r.__class__ is complex:
        raise ValueError(COMPLEX_POWER)
    return r


def _ieee(name: str, fn: Any, doc: str) -> None:
    def impl(a: Any, b: Any) -> Any:
        with np.errstate(all="ignore"):
            r = fn(a, b)
        return r.item() if a.__class__ is float and b.__class__ is float else r

    impl.__doc__ = doc
    impl.__name__ = name
    primitive(name, 2)(impl)


# The arithmetic of derivatives (what gradient rules emit, never the user's code):
# IEEE 754, as numpy, so that a derivative is inf or nan where the user's code ran
# without error (the derivative of sqrt at 0) rather than an exception.
_ieee("divide", np.divide, "a / b on floats under IEEE 754: inf or nan for b == 0, never raises")
_ieee("power", np.power, "a ** b on floats under IEEE 754 (numpy.power): never raises")

_UNARY: list[tuple[str, Callable[[Any], Any], str]] = [
    ("neg", operator.neg, "-a"),
    ("pos", operator.pos, "+a"),
    ("invert", operator.invert, "~a"),
    ("not", operator.not_, "not a"),
    ("truth", bool, "bool(a): Python's truth value, as tested by if and while"),
    ("abs", abs, "abs(a)"),
    ("int", int, "int(a), truncating floats toward zero"),
    ("float", float, "float(a)"),
]
for _name, _unary_fn, _doc in _UNARY:
    _unary(_name, _unary_fn, _doc)


@primitive("min", 2)
def _min(a: Any, b: Any) -> Any:
    """min(a, b): the first of the smallest, as Python's builtin (elementwise on
    arrays, as numpy.minimum)"""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return min(a, b)


@primitive("max", 2)
def _max(a: Any, b: Any) -> Any:
    """max(a, b): the first of the largest, as Python's builtin (elementwise on
    arrays, as numpy.maximum)"""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    return max(a, b)


@primitive("round", 1)
def _round(a: Any) -> Any:
    """round(a): to the nearest integer, ties to even; an int for Python floats."""
    return round(a)


@primitive("select", 3)
def _select(cond: Any, a: Any, b: Any) -> Any:
    """a if cond else b, with both already evaluated (cond is a Bool)"""
    return a if cond else b


@primitive("cast", 1)
def _cast(a: Any) -> Any:
    """Convert a value to the op's result type (inserted by specialization where
    types meet: weak constants, promoted operands, joined branches)"""
    return a


# ---------------------------------------------------------------------------
# Inference and expansion rules
#
# Python's semantics for Python scalars (weak: ints, floats and bools written as
# literals or passed from Python), numpy 2's for numpy scalars (strong dtypes), as
# ``promote_dtypes`` implements: ``2 * x`` keeps x's dtype. Results of operations on
# weak operands only are weak. Arithmetic on Python bools is Python's (``True + True
# == 2``); on numpy bools (and bool arrays) it is numpy's: ``+`` and ``*`` are ``or``
# and ``and``, ``-`` is a type error, ``//``, ``%``, ``**`` and shifts give int8. Constants are folded with numpy scalars of the
# computation dtype, so they equal what compiled code computes; what raises in
# Python (division by zero) is not folded, and happens at run time.
#
# The typed ops that expand rules leave, for the lowering:
# * arithmetic, comparison and bitwise ops are homogeneous: every operand has the
#   op's computation type (reached with ``myia.cast``); comparisons give i1.
#   ``floordiv``/``mod`` keep Python's floor semantics on ints and floats (the sign
#   of the divisor); ``pow`` on ints stays an int power (a negative exponent known
#   only at run time is a run-time error, as in numpy); ``ne`` on floats is
#   unordered (``nan != 0``), since ``bool(x)`` is ``ne x, 0``.
# * bools are i1 and never ordered: ordering comparisons of bools compare i64,
#   ``min``/``max`` of bools are ``bitand``/``bitor``, and a ``cast`` from i1 is
#   zero-extending (True is 1).
# * ``not``: i1 -> i1. ``select``: i1, T, T -> T. ``round``: f64 -> i64, ties to even.
# * ``pos`` and ``abs`` of unsigned ints or bools disappear.


ARITHMETIC = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "min", "max")
IEEE_ARITHMETIC = ("divide", "power")
BITWISE = ("bitand", "bitor", "bitxor", "lshift", "rshift")
ORDERING = ("lt", "le", "gt", "ge")


def _kind(dtype: str) -> str:
    return np.dtype(dtype).kind


# -- binary arithmetic and bitwise operations ----------------------------------


def binary_dtype(name: str, a: AbstractScalar, b: AbstractScalar) -> tuple[str, bool]:
    """The dtype (computation and result alike) and weakness of ``a <name> b``."""
    dtype, weak = promote_dtypes(a, b)
    kind = _kind(dtype)
    if name == "truediv":
        if kind in INTEGRAL:
            dtype = FLOAT64
    elif name == "pow" and kind in INTEGRAL and weak and is_const(b) and py_value(b) < 0:
        # 2 ** -1 == 0.5 in Python. A negative exponent known only at run time
        # cannot change the type: in compiled code, an int to a negative int power
        # is a run-time error (as numpy's ValueError), not a float; so is a numpy
        # int to any negative power.
        dtype = FLOAT64
    elif dtype == BOOL and name not in ("min", "max", "bitand", "bitor", "bitxor"):
        if weak:
            dtype = INT64  # Python's bools are ints: True + True == 2
        elif name == "sub":
            type_error(NUMPY_BOOL_SUBTRACT)
        elif name not in BOOL_LOGICAL:
            dtype = "int8"  # numpy's loops for //, %, ** and shifts of bools are int8's
    return dtype, weak


NUMPY_BOOL_SUBTRACT = (
    "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, "
    "the `^` operator, or the logical_xor function instead"
)
BOOL_LOGICAL = {"add": "bitor", "mul": "bitand", "max": "bitor", "min": "bitand"}
"""numpy's arithmetic on its bools that stays bool, as the logical operation it is
(``+`` is ``or``, ``*`` is ``and``): i1 has no arithmetic to rely on."""


def _infer_binary(name: str, args: list, op: object) -> Abstract:
    if name in ("add", "mul") and any(isinstance(a, AbstractTuple | AbstractString) for a in args):
        return sequence_arithmetic(name, *args)
    kinds = "f" if name in IEEE_ARITHMETIC else INTEGRAL if name in BITWISE else NUMERIC
    a, b = numeric_args(name, args, kinds)
    dtype, weak = binary_dtype(name, a, b)
    result = scalar(dtype, weak)
    impl = PRIMITIVES[name].impl
    check = True
    if _kind(dtype) in INTEGRAL and name in ("pow", "lshift", "rshift"):
        # Python ints are unbounded: do not compute 2 ** 10**12 at compile time.
        if is_const(b) and py_value(b) < 0:
            return result  # a negative shift: ValueError at run time
        if weak and name != "rshift" and _beyond_64_bits(name, a, b):
            return result  # a Python int too large: OverflowError at run time
        check = weak  # Python ints are exact, numpy's wrap around
    return fold(impl, [a, b], dtype, result, python_check=check)


def _beyond_64_bits(name: str, a: AbstractScalar, b: AbstractScalar) -> bool:
    """Whether constants ``a ** b`` or ``a << b`` surely do not fit in 64 bits
    (so that ``2 ** 10**12`` is not computed to find out)."""
    if not (is_const(a) and is_const(b)) or py_value(b) <= 63:
        return False
    return py_value(a) not in ((0, 1, -1) if name == "pow" else (0,))


def _expand_binary(name: str, ex, op, args, abstracts, result):
    if isinstance(result, AbstractTuple):
        # Concatenation and repetition: a new tuple of the operands' elements.
        elements = []
        for value, a in zip(args, abstracts, strict=True):
            if isinstance(a, AbstractTuple):
                elements += [tuple_get(ex, value, a, i) for i in range(len(a.elements))]
        if name == "mul":
            elements *= len(result.elements) // max(len(elements), 1)
        return ex.emit(TupleOp(elements, ex.type_of(result)))
    dtype = result.dtype
    if dtype == BOOL:
        name = BOOL_LOGICAL.get(name, name)
    elif name in ("min", "max") and _kind(dtype) == "f" and op is not None and op.numpy is not None:
        return _numpy_extremum(ex, name, cast_all(ex, args, abstracts, dtype), result)
    return emit_homogeneous(ex, name, args, abstracts, dtype, result)


def _numpy_extremum(ex, name: str, operands: list, result: AbstractScalar):
    """``np.maximum(x, y)`` (``np.minimum``) of float scalars: numpy's NaN from
    either operand (``x if x >= y or isnan(x) else y``), where Python's ``max``
    keeps the first operand unless the second is larger."""
    x, y = operands
    flag = scalar(BOOL)
    keep = ex.prim("ge" if name == "max" else "le", x, y, result=flag)
    keep = ex.prim("bitor", keep, ex.prim("ne", x, x, result=flag), result=flag)
    return ex.prim("select", keep, x, y, result=result)


for _name in (*ARITHMETIC, *IEEE_ARITHMETIC, *BITWISE):
    infer_rule(_name)(partial(_infer_binary, _name))
    expand_rule(_name)(partial(_expand_binary, _name))


MAX_STRING = 1 << 20
"""The longest string constant ``s * n`` makes (strings are constants, made at
compile time)."""


def sequence_arithmetic(name: str, a: Abstract, b: Abstract) -> Abstract:
    """``t1 + t2`` (concatenation) and ``t * n`` (repetition, ``n`` a constant), on
    tuples and constant strings."""
    if name == "add":
        if isinstance(a, AbstractTuple) and isinstance(b, AbstractTuple):
            return AbstractTuple(a.elements + b.elements)
        if isinstance(a, AbstractString) and isinstance(b, AbstractString):
            if isinstance(a.value, str) and isinstance(b.value, str):
                return AbstractString(a.value + b.value)
            type_error("strings can only be concatenated when they are constants")
        unsupported(name, [a, b])
    seq, count = (a, b) if isinstance(a, AbstractTuple | AbstractString) else (b, a)
    if not is_scalar(count, INTEGRAL):
        unsupported(name, [a, b])
    if not is_const(count):
        type_error(
            f"a {'tuple' if isinstance(seq, AbstractTuple) else 'string'} can only be repeated a constant number of times"
        )
    n = max(py_value(count), 0)
    if isinstance(seq, AbstractTuple):
        if len(seq.elements) * n > MAX_SIZE:
            type_error(
                f"this tuple would have {len(seq.elements) * n} elements (at most {MAX_SIZE})"
            )
        return AbstractTuple(seq.elements * n)
    assert isinstance(seq, AbstractString)  # (_infer_binary: a tuple or a string)
    if isinstance(seq.value, str):
        if len(seq.value) * n > MAX_STRING:
            type_error(
                f"this string would have {len(seq.value) * n} characters (at most {MAX_STRING})"
            )
        return AbstractString(seq.value * n)
    type_error("strings can only be repeated when they are constants")


# -- unary arithmetic --------------------------------------------------------


def _infer_unary(name: str, args: list, op: object) -> AbstractScalar:
    (a,) = numeric_args(name, args, INTEGRAL if name == "invert" else NUMERIC)
    dtype, weak = a.dtype, a.weak
    if dtype == BOOL:
        if weak:
            dtype = INT64  # Python: -True == -1, ~True == -2, abs(True) == 1
        elif name in ("neg", "pos"):
            # numpy refuses these on its bools
            type_error(f"bad operand type for {symbol(name)}: {quoted(a)} (a numpy bool)")
        # numpy: ~ is the logical not of a numpy bool, abs keeps it
    result = scalar(dtype, weak)
    return fold(PRIMITIVES[name].impl, [a], dtype, result)


def _expand_unary(name: str, ex, op, args, abstracts, result):
    (value,) = cast_all(ex, args, abstracts, result.dtype)
    kind = _kind(result.dtype)
    if name == "pos" or (name == "abs" and kind in "bu"):
        return value
    if name == "invert" and kind == "b":
        return ex.prim("not", value, result=result)
    return ex.prim(name, value, result=result)


for _name in ("neg", "pos", "abs", "invert"):
    infer_rule(_name)(partial(_infer_unary, _name))
    expand_rule(_name)(partial(_expand_unary, _name))


# -- comparisons -------------------------------------------------------------


def compare_dtype(name: str, a: AbstractScalar, b: AbstractScalar) -> tuple[str, bool]:
    """The dtype in which ``a <name> b`` compares, and whether its bool is weak."""
    dtype, weak = promote_dtypes(a, b)
    if dtype == BOOL and name in ORDERING:
        dtype = INT64  # i1 has no order: True < 2 compares ints
    return dtype, weak


def _is_plain(a: object) -> bool:
    """Values that == compares by Python's rules without running user code."""
    return isinstance(
        a, AbstractScalar | AbstractNone | AbstractTuple | AbstractRecord | AbstractString
    )


def _fields(a: AbstractTuple | AbstractRecord) -> list:
    if isinstance(a, AbstractTuple):
        return list(a.elements)
    return [v for _, v in a.fields]


def equality(a: Abstract, b: Abstract) -> AbstractScalar:
    """The abstract value of ``a == b``: computed for numbers, decided by the types
    for None and values of different types, elementwise for tuples and records."""
    if isinstance(a, AbstractNone) and isinstance(b, AbstractNone):
        return bool_const(True)
    if isinstance(a, AbstractScalar) and isinstance(b, AbstractScalar):
        dtype, weak = compare_dtype("eq", a, b)
        return fold(PRIMITIVES["eq"].impl, [a, b], dtype, scalar(BOOL, weak))
    if (isinstance(a, AbstractTuple) and isinstance(b, AbstractTuple)) or (
        isinstance(a, AbstractRecord) and isinstance(b, AbstractRecord)
    ):
        if (
            isinstance(a, AbstractRecord)
            and isinstance(b, AbstractRecord)
            and (
                a.class_name != b.class_name or [n for n, _ in a.fields] != [n for n, _ in b.fields]
            )
        ):
            return bool_const(False)
        xs, ys = _fields(a), _fields(b)
        if len(xs) != len(ys):
            return bool_const(False)
        return combine_bools([equality(x, y) for x, y in zip(xs, ys)], conjunction=True)
    if isinstance(a, AbstractString) and isinstance(b, AbstractString):
        if isinstance(a.value, str) and isinstance(b.value, str):
            return bool_const(a.value == b.value)
        type_error("strings can only be compared when they are constants")
    if _is_plain(a) and _is_plain(b):
        return bool_const(False)  # values of different types (None == 0 is False)
    if any(isinstance(x, AbstractArray) for x in (a, b)):
        unsupported("eq", [a, b])
    type_error(f"{symbol('eq')} is not supported between {quoted(a)} and {quoted(b)}")


def _infer_compare(name: str, args: list, op: object) -> AbstractScalar:
    a, b = args
    if name in ("eq", "ne"):
        eq = equality(a, b)
        if name == "eq" or not eq.known:
            return eq
        return with_value(eq, not eq.value)
    if not (is_scalar(a) and is_scalar(b)):
        if any(isinstance(x, AbstractArray) for x in args):
            unsupported(name, args)
        type_error(f"'{symbol(name)}' is not supported between {quoted(a)} and {quoted(b)}")
    dtype, weak = compare_dtype(name, a, b)
    return fold(PRIMITIVES[name].impl, [a, b], dtype, scalar(BOOL, weak))


def _expand_compare(name: str, ex, op, args, abstracts, result):
    a, b = abstracts
    if isinstance(a, AbstractScalar) and isinstance(b, AbstractScalar):
        dtype, _ = compare_dtype(name, a, b)
        return emit_homogeneous(ex, name, args, abstracts, dtype, result)
    # Tuples and records: compare element by element; `==` is the `and` of the
    # elements' `==`, `!=` the `or` of their `!=`.
    conds = []
    for i, (x, y) in enumerate(zip(_fields(a), _fields(b), strict=True)):
        vx, vy = _element(ex, args[0], a, i), _element(ex, args[1], b, i)
        value, abstract = apply(ex, name, [vx, vy], [x, y])
        assert isinstance(abstract, AbstractScalar)  # (_infer_compare's result)
        if not abstract.known:
            conds.append(value)
    return all_of(ex, conds) if name == "eq" else any_of(ex, conds)


def _element(ex, value, abstract, i):
    if isinstance(abstract, AbstractTuple):
        return tuple_get(ex, value, abstract, i)
    fname, fvalue = abstract.fields[i]
    return ex.emit(GetAttrOp(value, fname, ex.type_of(fvalue)))


for _name in ("eq", "ne", *ORDERING):
    infer_rule(_name)(partial(_infer_compare, _name))
    expand_rule(_name)(partial(_expand_compare, _name))


def _infer_is(name: str, args: list, op: object) -> AbstractScalar:
    a, b = args
    if not (isinstance(a, AbstractNone) or isinstance(b, AbstractNone)):
        type_error(f"`{symbol(name)}` is only supported to compare with None")
    same = isinstance(a, AbstractNone) and isinstance(b, AbstractNone)
    return bool_const(same if name == "is" else not same)


HOMOGENEOUS = (*ARITHMETIC, *BITWISE, "eq", "ne", *ORDERING)
"""The binary primitives whose scalar operands have one type in typed IR (their
expand rules cast them; arith's ops take one type): the verifier checks it."""
for _name in HOMOGENEOUS:
    PRIMITIVES[_name].rules["homogeneous"] = True


for _name in ("is", "is_not"):
    infer_rule(_name)(partial(_infer_is, _name))


# -- truth and not -----------------------------------------------------------


def truth(a: Abstract) -> AbstractScalar:
    """The abstract value of ``bool(a)``: a Python bool."""
    if isinstance(a, AbstractScalar):
        if a.dtype == BOOL:
            return a if a.weak else AbstractScalar(BOOL, True, a.value)
        return fold(bool, [a], a.dtype, BOOL_RESULT)
    if isinstance(a, AbstractNone):
        return bool_const(False)
    if isinstance(a, AbstractTuple):
        return bool_const(len(a.elements) > 0)
    if isinstance(a, AbstractString) and isinstance(a.value, str):
        return bool_const(bool(a.value))
    if isinstance(a, AbstractRange | AbstractList):
        return BOOL_RESULT  # non-empty, computed at run time
    if isinstance(
        a,
        AbstractRecord
        | AbstractFunction
        | AbstractZip
        | AbstractEnumerate
        | AbstractSequenceIterator
        | AbstractSlice,
    ):
        return bool_const(True)  # objects without __bool__ or __len__
    if isinstance(a, AbstractArray):
        type_error(
            f"the truth value of an array ({a}) is ambiguous: use a.any() or a.all(), "
            "or compare its elements"
        )
    type_error(f"the truth value of {quoted(a)} is not supported")


@infer_rule("truth")
def _infer_truth(args: list, op: object) -> AbstractScalar:
    return truth(args[0])


@expand_rule("truth")
def _expand_truth(ex, op, args, abstracts, result):
    (a,), (value,) = abstracts, args
    if isinstance(a, AbstractScalar):
        if a.dtype == BOOL:
            return value
        zero = ex.const(0, scalar(a.dtype))
        return ex.prim("ne", value, zero, result=result)
    if isinstance(a, AbstractRange):
        # A range is non-empty when its first element exists: hasnext at its start.
        return apply(ex, "hasnext", [value], [a])[0]
    if isinstance(a, AbstractList):
        length, len_abs = apply(ex, "len", [value], [a])
        zero = ex.const(0, len_abs)
        return ex.prim("gt", length, zero, result=result)
    raise AssertionError(f"truth of {a} should be constant")


@infer_rule("not")
def _infer_not(args: list, op: object) -> AbstractScalar:
    t = truth(args[0])
    if t.known:
        return bool_const(not t.value)
    return BOOL_RESULT


@expand_rule("not")
def _expand_not(ex, op, args, abstracts, result):
    (a,), (value,) = abstracts, args
    if not (isinstance(a, AbstractScalar) and a.dtype == BOOL):
        value = apply(ex, "truth", [value], [a])[0]
    return ex.prim("not", value, result=result)


# -- conversions -------------------------------------------------------------


def _string_constant(a: object) -> str | None:
    return a.value if isinstance(a, AbstractString) and isinstance(a.value, str) else None


@infer_rule("int")
def _infer_int(args: list, op: object) -> AbstractScalar:
    (a,) = args
    if (text := _string_constant(a)) is not None:
        try:
            return with_value(PY_INT, int(text))
        except ValueError:
            type_error(f"invalid literal for int() with base 10: {text!r}")
    if not is_scalar(a):
        type_error(f"int() argument must be a string or a real number, not {quoted(a)}")
    # int(nan) and int(inf) raise in Python: not folded (compiled code gives garbage)
    return fold(int, [a], a.dtype, PY_INT)


@infer_rule("float")
def _infer_float(args: list, op: object) -> AbstractScalar:
    (a,) = args
    if (text := _string_constant(a)) is not None:
        try:
            return with_value(PY_FLOAT, float(text))
        except ValueError:
            type_error(f"could not convert string to float: {text!r}")
    if not is_scalar(a):
        type_error(f"float() argument must be a string or a real number, not {quoted(a)}")
    return fold(float, [a], a.dtype, PY_FLOAT)


@expand_rule("int", "float")
def _expand_conversion(ex, op, args, abstracts, result):
    return ex.cast(args[0], abstracts[0], result)


@infer_rule("round")
def _infer_round(args: list, op: object) -> AbstractScalar:
    """round(x) is a Python int for every number (numpy scalars too); ties go to
    even. The typed ``myia.round`` takes an f64 and gives an i64."""
    (a,) = args
    if not is_scalar(a):
        type_error(f"type {a} doesn't define __round__ method")
    if a.kind in "iu" and a.weak:
        return a
    return fold(round, [a], a.dtype if a.kind == "f" else INT64, PY_INT)


@expand_rule("round")
def _expand_round(ex, op, args, abstracts, result):
    (a,) = abstracts
    if a.kind != "f":
        return ex.cast(args[0], a, result)
    (value,) = cast_all(ex, args, abstracts, FLOAT64)
    return ex.prim("round", value, result=result)


# -- select and cast ---------------------------------------------------------


@infer_rule("select")
def _infer_select(args: list, op: object) -> object:
    c, a, b = args
    if not (isinstance(c, AbstractScalar) and c.dtype == BOOL):
        type_error(f"the condition of select must be a bool, not {quoted(c)}")
    if c.known:
        return a if c.value else b
    try:
        return join(a, b)
    except JoinError:
        type_error(
            f"the two values of a conditional have incompatible types: {quoted(a)} and {quoted(b)}"
        )


@expand_rule("select")
def _expand_select(ex, op, args, abstracts, result):
    c, a, b = abstracts
    if c.known:
        return args[1] if c.value else args[2]
    va, vb = ex.cast(args[1], a, result), ex.cast(args[2], b, result)
    return ex.prim("select", args[0], va, vb, result=result)


@infer_rule("cast")
def _infer_cast(args: list, op: object) -> object:
    """Casts only exist in typed IR (specialization makes them): their result type
    is the op's."""
    result_type = getattr(op, "results", None) and op.results[0].type  # type: ignore[attr-defined]
    if result_type is None or isinstance(result_type, AnyType):
        type_error("myia.cast needs a result type: it converts to its op's type")
    return from_type(result_type)
