"""Helpers shared by the inference and expansion rules of the primitives.

Inference rules (``rules["infer"]``) take the abstract values of the operands and
return the abstract value of the result; expansion rules (``rules["expand"]``) emit
the typed ops that compute it (see :mod:`myia.dialects.primitive`). The helpers
here check operand types with Python-like messages, fold constants with the
semantics of the compiled code, and emit the small pieces of typed IR that several
rules need (constants, tuple accesses, ``and``/``or`` chains made of ``select``).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeGuard

import numpy as np
from xdsl.ir import SSAValue

from myia.dialects.abstract import (
    BOOL,
    FLOAT64,
    INT64,
    Abstract,
    AbstractArray,
    AbstractNone,
    AbstractScalar,
    AbstractString,
    AbstractTuple,
    scalar,
)
from myia.dialects.ops_value import TupleGetOp, TupleOp
from myia.dialects.primitive import FLOAT_CHECKED, INT_CHECKED, PRIMITIVES, Expander
from myia.dialects.types import tuple_type
from myia.errors import MyiaTypeError, int_overflow_message

#: How Python spells each operator, for error messages.
SYMBOLS = {
    "add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//", "mod": "%",
    "pow": "**", "matmul": "@", "eq": "==", "ne": "!=", "lt": "<", "le": "<=",
    "gt": ">", "ge": ">=", "bitand": "&", "bitor": "|", "bitxor": "^", "lshift": "<<",
    "rshift": ">>", "is": "is", "is_not": "is not", "neg": "unary -", "pos": "unary +",
    "invert": "unary ~", "not": "not", "min": "min()", "max": "max()", "abs": "abs()",
}  # fmt: skip

NUMERIC = "biuf"  # numpy kinds: bool, signed, unsigned, float
INTEGRAL = "biu"

BOOL_RESULT = scalar(BOOL, weak=True)
"""A Python bool (what comparisons of Python values return)."""
I64 = scalar(INT64)
PY_INT = scalar(INT64, weak=True)
PY_FLOAT = scalar(FLOAT64, weak=True)


# ---------------------------------------------------------------------------
# Errors and operand checks


def type_error(message: str) -> NoReturn:
    raise MyiaTypeError(message)


def quoted(a: Abstract) -> str:
    return f"'{a}'"


def symbol(name: str) -> str:
    return SYMBOLS.get(name, name)


def on_python_scalars(name: str, result: Abstract) -> bool:
    """Whether primitive ``name`` giving ``result`` computes on Python scalars, as
    CPython does (its op is ``checked``: exact or an OverflowError, ZeroDivisionError
    for a zero divisor, CPython's errors of float powers), rather than as numpy does
    on its scalars (ints wrap around, inf and nan): its result is a Python int or
    float (a weak int64 or float64)."""
    if not (isinstance(result, AbstractScalar) and result.weak):
        return False
    if result.dtype == INT64:
        return name in INT_CHECKED
    return result.dtype == FLOAT64 and name in FLOAT_CHECKED


def overflow_message(name: str) -> str:
    """The message of the OverflowError of ``checked`` primitive ``name``."""
    return int_overflow_message("int()" if name == "cast" else symbol(name))


def unsupported(name: str, args: Sequence[Abstract]) -> NoReturn:
    """Python's message for operands an operator does not take."""
    sym = symbol(name)
    if any(isinstance(a, AbstractArray) for a in args):
        types = " and ".join(quoted(a) for a in args)
        type_error(f"{sym} on arrays is not supported yet (operands {types})")
    if len(args) == 1:
        type_error(f"bad operand type for {sym}: {quoted(args[0])}")
    type_error(f"unsupported operand types for {sym}: " + " and ".join(quoted(a) for a in args))


def numeric_args(name: str, args: Sequence[Abstract], kinds: str = NUMERIC) -> list[AbstractScalar]:
    """Check that every operand is a scalar of one of ``kinds`` (numpy kinds:
    ``b``ool, ``i``nt, ``u``int, ``f``loat); raise Python's message otherwise."""
    for a in args:
        if not isinstance(a, AbstractScalar) or a.kind not in kinds:
            unsupported(name, args)
    return list(args)  # type: ignore[arg-type]


def is_scalar(a: Abstract, kinds: str = NUMERIC) -> TypeGuard[AbstractScalar]:
    return isinstance(a, AbstractScalar) and a.kind in kinds


def is_const(a: Abstract) -> TypeGuard[AbstractScalar]:
    return isinstance(a, AbstractScalar) and a.known


def py_value(a: AbstractScalar) -> Any:
    """The Python value of a known constant (bool, int or float by its kind)."""
    kind = a.kind
    if kind == "b":
        return bool(a.value)
    if kind in "iu":
        return int(a.value)
    return float(a.value)


def const(dtype: str, value: Any, weak: bool = True) -> AbstractScalar:
    return AbstractScalar(dtype, weak, value)


def bool_const(value: bool) -> AbstractScalar:
    return AbstractScalar(BOOL, True, bool(value))


def with_value(result: AbstractScalar, value: Any) -> AbstractScalar:
    return dataclasses.replace(result, value=value)


# ---------------------------------------------------------------------------
# Constant folding


_FOLD_ERRORS = (ArithmeticError, ValueError, TypeError, MemoryError)


def convert(value: Any, dtype: str) -> Any:
    """``value`` as a Python value of ``dtype`` (rounded to its precision);
    OverflowError or ValueError when it does not fit."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return bool(value)
    if dt.kind in "iu":
        if isinstance(value, float | np.floating):
            if not math.isfinite(value):
                raise ValueError("not finite")
            value = int(value)
        v = int(value)
        info = np.iinfo(dt)
        if not info.min <= v <= info.max:
            raise OverflowError(f"{v} does not fit in {dtype}")
        return v
    return float(dt.type(value))


def fold(
    impl: Callable[..., Any],
    args: Sequence[AbstractScalar],
    compute: str,
    result: AbstractScalar,
    python_check: bool = True,
) -> AbstractScalar:
    """``result`` with the value of ``impl`` on the operands' constant values, when
    they are all known; ``result`` unchanged otherwise.

    The value is computed on numpy scalars of the computation dtype ``compute`` (so
    that ``np.float32`` arithmetic and numpy's 64-bit wraparound agree with the
    compiled code), then converted to the result dtype; a Python int result (weak
    int64) is Python's exact value, and is not folded when it does not fit in 64
    bits (the op raises OverflowError at run time). When Python's own operation raises
    (division by zero, a math domain error) or gives a complex number, nothing is
    folded: the error, or nan, happens at run time. ``python_check=False`` skips
    running the operation on Python values (whose ints are unbounded: ``2 ** 10**12``
    would not finish), for operations whose checks the caller did.
    """
    if not all(is_const(a) for a in args):
        return result
    values = [py_value(a) for a in args]
    try:
        if python_check:
            r = impl(*values)
            if isinstance(r, complex):
                return result
            if result.weak and result.kind == "i":
                # A Python int: exact, or left to run time (OverflowError).
                return with_value(result, convert(r, result.dtype))
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np_type = np.dtype(compute).type
            r = impl(*[np_type(v) for v in values])
        return with_value(result, convert(r, result.dtype))
    except _FOLD_ERRORS:
        return result


# ---------------------------------------------------------------------------
# Emitting typed IR


def apply(
    ex: Expander, name: str, args: Sequence[SSAValue], abstracts: Sequence[Abstract]
) -> tuple[SSAValue, Abstract]:
    """Emit primitive ``name`` on typed values as the specializer would: infer its
    result, emit a constant when it is known, else expand it (or emit the op).
    Returns the value and its abstract value."""
    prim = PRIMITIVES[name]
    result = prim.rules["infer"](list(abstracts), None)
    if is_const(result) or isinstance(result, AbstractNone):
        return ex.const(result.value if is_const(result) else None, result), result
    if isinstance(result, AbstractString) and isinstance(result.value, str):
        return ex.const(result.value, result), result
    expand = prim.rules.get("expand")
    value = expand(ex, None, list(args), list(abstracts), result) if expand else None
    if value is None:
        value = ex.prim(name, *args, result=result)
    return value, result


def cast_all(
    ex: Expander, args: Sequence[SSAValue], abstracts: Sequence[Abstract], dtype: str
) -> list[SSAValue]:
    """Every operand converted to ``dtype``."""
    target = scalar(dtype)
    return [ex.cast(v, a, target) for v, a in zip(args, abstracts, strict=True)]


def emit_homogeneous(
    ex: Expander,
    name: str,
    args: Sequence[SSAValue],
    abstracts: Sequence[Abstract],
    compute: str,
    result: Abstract,
) -> SSAValue:
    """Cast the operands to ``compute`` and emit ``name`` with the type of ``result``."""
    return ex.prim(name, *cast_all(ex, args, abstracts, compute), result=result)


def i64_const(ex: Expander, value: int) -> SSAValue:
    return ex.const(int(value), I64)


def bool_value(ex: Expander, value: bool) -> SSAValue:
    return ex.const(bool(value), scalar(BOOL))


def tuple_get(ex: Expander, value: SSAValue, abstract: AbstractTuple, index: int) -> SSAValue:
    return ex.emit(TupleGetOp(value, index, ex.type_of(abstract.elements[index])))


def get_i64(ex: Expander, value: SSAValue, index: int) -> SSAValue:
    """Component ``index`` of a tuple of i64 (a range's start, stop or step)."""
    return ex.emit(TupleGetOp(value, index, ex.type_of(I64)))


def make_tuple(
    ex: Expander, values: Sequence[SSAValue], abstract: Abstract | None = None
) -> SSAValue:
    """A ``myia.tuple``, typed from ``abstract`` or from its elements."""
    ttype = ex.type_of(abstract) if abstract is not None else tuple_type(v.type for v in values)
    return ex.emit(TupleOp(list(values), ttype))


def all_of(ex: Expander, conds: Sequence[SSAValue]) -> SSAValue:
    """``c0 and c1 and ...`` of bool values, as ``select(c0, select(c1, ..., false), false)``."""
    if not conds:
        return bool_value(ex, True)
    result = conds[-1]
    for c in reversed(conds[:-1]):
        result = ex.prim("select", c, result, bool_value(ex, False), result=scalar(BOOL))
    return result


def any_of(ex: Expander, conds: Sequence[SSAValue]) -> SSAValue:
    """``c0 or c1 or ...`` of bool values, as ``select(c0, true, select(c1, true, ...))``."""
    if not conds:
        return bool_value(ex, False)
    result = conds[-1]
    for c in reversed(conds[:-1]):
        result = ex.prim("select", c, bool_value(ex, True), result, result=scalar(BOOL))
    return result


def combine_bools(results: Sequence[AbstractScalar], conjunction: bool) -> AbstractScalar:
    """The abstract value of ``all``/``any`` of bool results: a constant when one
    of them decides it or all are known."""
    decisive = not conjunction  # False decides an `and`, True decides an `or`
    if any(r.known and bool(r.value) == decisive for r in results):
        return bool_const(decisive)
    if all(r.known for r in results):
        return bool_const(conjunction)
    return BOOL_RESULT
