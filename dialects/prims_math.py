"""Elementwise math functions (``sin``, ``exp``, ``tanh``...), as primitives with
numpy's semantics: on a float they keep its dtype (``np.tanh`` of a float32 is a
float32), on an int or a bool they give a float64, on arrays they apply
elementwise (see :mod:`myia.dialects.prims_array`).

Python's ``math`` module is these primitives on ``float(x)``: the frontend turns
``math.sin(x)`` into ``sin(float(x))`` (a Python float in, a Python float out) and
``math.floor(x)`` into ``int(floor(float(x)))``.
"""

from __future__ import annotations

import math

import numpy as np

from myia.dialects.abstract import BOOL, FLOAT64
from myia.dialects.primitive import PRIMITIVES, expand_rule, infer_rule, primitive
from myia.dialects.rules_util import (
    bool_const,
    cast_all,
    fold,
    is_scalar,
    scalar,
    type_error,
)

UNARY_MATH = [
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
    "asinh", "acosh", "atanh", "exp", "expm1", "log", "log1p", "log2", "log10",
    "sqrt", "floor", "ceil", "trunc", "fabs", "erf", "erfc", "gamma", "lgamma",
    "isnan", "isinf", "isfinite", "degrees", "radians",
]  # fmt: skip
BINARY_MATH = ["atan2", "hypot", "copysign", "fmod"]

#: numpy's name where it differs; ``None``: no numpy ufunc (scalars only).
NUMPY_NAMES = {
    "asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh",
    "acosh": "arccosh", "atanh": "arctanh", "atan2": "arctan2", "erf": None,
    "erfc": None, "gamma": None, "lgamma": None,
}  # fmt: skip


def _declare(name: str, arity: int) -> None:
    numpy_name = NUMPY_NAMES.get(name, name)
    fn = getattr(math, name)
    ufunc = (
        getattr(np, numpy_name) if numpy_name is not None else np.vectorize(fn, otypes=[np.float64])
    )

    def impl(*args: float) -> float:
        if all(type(a) in (float, int, bool) for a in args):
            return fn(*args)  # Python numbers: exactly what CPython's math computes
        with np.errstate(all="ignore"):
            return ufunc(*args)

    impl.__doc__ = f"math.{name} on Python numbers, numpy.{numpy_name or name} elementwise"
    impl.__name__ = name
    primitive(name, arity)(impl)


for _name in UNARY_MATH:
    _declare(_name, 1)
for _name in BINARY_MATH:
    _declare(_name, 2)


# ---------------------------------------------------------------------------
# Inference and expansion rules (scalars; arrays in prims_array)
#
# A float operand keeps its dtype and weakness; ints and bools compute in float64.
# ``isnan``, ``isinf`` and ``isfinite`` give a bool (known for ints). Domain errors
# give nan, as in numpy; constants are folded with numpy's functions.

PREDICATES = {"isnan": False, "isinf": False, "isfinite": True}  # their value on ints


def math_dtype(args: list) -> tuple[str, bool]:
    """The float dtype a math function computes in, and whether it is weak."""
    floats = [a for a in args if a.kind == "f"]
    weak = all(a.weak for a in args)
    if not floats:
        return FLOAT64, weak
    dtype = str(np.result_type(*[np.dtype(a.dtype) for a in floats]))
    return dtype, weak


def _infer_math(name: str, args: list, op: object) -> object:
    for a in args:
        if not is_scalar(a):
            type_error(f"{name}() takes numbers or arrays, not {a}")
    dtype, weak = math_dtype(args)
    impl = PRIMITIVES[name].impl
    if name in PREDICATES:
        (a,) = args
        if a.kind != "f":
            return bool_const(PREDICATES[name])
        return fold(impl, args, a.dtype, scalar(BOOL, weak))
    return fold(impl, args, dtype, scalar(dtype, weak))


def _expand_math(name: str, ex, op, args, abstracts, result):
    dtype = abstracts[0].dtype if name in PREDICATES else result.dtype
    return ex.prim(name, *cast_all(ex, args, abstracts, dtype), result=result)


def _register() -> None:
    from functools import partial

    for name in (*UNARY_MATH, *BINARY_MATH):
        infer_rule(name)(partial(_infer_math, name))
        expand_rule(name)(partial(_expand_math, name))


_register()
