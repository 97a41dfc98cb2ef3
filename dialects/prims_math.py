"""The functions of Python's ``math`` module, as primitives.

Each keeps ``math``'s semantics, including its return types: ``math.floor`` and
``math.ceil`` of a float are ints, ``math.sqrt`` of an int is a float.
"""

from __future__ import annotations

import math

from myia.dialects.abstract import FLOAT64, INT64
from myia.dialects.primitive import PRIMITIVES, expand_rule, infer_rule, primitive
from myia.dialects.rules_util import (
    BOOL_RESULT,
    PY_FLOAT,
    PY_INT,
    bool_const,
    cast_all,
    fold,
    is_scalar,
    type_error,
)

UNARY_MATH = [
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
    "asinh", "acosh", "atanh", "exp", "expm1", "log", "log1p", "log2", "log10",
    "sqrt", "floor", "ceil", "trunc", "fabs", "erf", "erfc", "gamma", "lgamma",
    "isnan", "isinf", "isfinite", "degrees", "radians",
]  # fmt: skip
BINARY_MATH = ["atan2", "hypot", "copysign", "fmod"]


def _declare(name: str, arity: int) -> None:
    fn = getattr(math, name)

    def impl(*args: float) -> float:
        return fn(*args)

    impl.__doc__ = f"math.{name}"
    impl.__name__ = name
    primitive(name, arity)(impl)


for _name in UNARY_MATH:
    _declare(_name, 1)
for _name in BINARY_MATH:
    _declare(_name, 2)


# ---------------------------------------------------------------------------
# Inference and expansion rules
#
# ``math`` returns Python floats whatever the operand (``math.sin(np.float32(1))``
# is a Python float): results are weak f64, and the typed ops compute on f64
# operands. ``floor``, ``ceil`` and ``trunc`` return Python ints: their typed ops
# take an f64 and give an i64 (of an integer operand, they are the operand itself).
# ``isnan``, ``isinf`` and ``isfinite`` give a Python bool (known for integers).
# Domain errors (``math.sqrt(-1)``, ``math.log(0)``) and overflows
# (``math.exp(1000)``) raise in Python; they are not folded, and compiled code
# returns nan or inf, as numpy does.


TO_INT = ("floor", "ceil", "trunc")
PREDICATES = {"isnan": False, "isinf": False, "isfinite": True}  # their value on ints


def _check_math_args(name: str, args: list) -> None:
    for a in args:
        if not is_scalar(a):
            type_error(f"math.{name}() takes real numbers, not {a}")


def _infer_math(name: str, args: list, op: object) -> object:
    _check_math_args(name, args)
    impl = PRIMITIVES[name].impl
    if name in TO_INT:
        (a,) = args
        if a.kind != "f":
            return PY_INT if not a.known else fold(impl, args, INT64, PY_INT)
        return fold(impl, args, FLOAT64, PY_INT)
    if name in PREDICATES:
        (a,) = args
        if a.kind != "f":
            return bool_const(PREDICATES[name])
        return fold(impl, args, FLOAT64, BOOL_RESULT)
    return fold(impl, args, FLOAT64, PY_FLOAT)


def _expand_math(name: str, ex, op, args, abstracts, result):
    if name in TO_INT and abstracts[0].kind != "f":
        return ex.cast(args[0], abstracts[0], result)  # math.floor(3) == 3
    return ex.prim(name, *cast_all(ex, args, abstracts, FLOAT64), result=result)


def _register() -> None:
    from functools import partial

    for name in (*UNARY_MATH, *BINARY_MATH):
        infer_rule(name)(partial(_infer_math, name))
        expand_rule(name)(partial(_expand_math, name))


_register()
