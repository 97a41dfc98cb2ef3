"""Elementwise math functions (``sin``, ``exp``, ``tanh``...), as primitives in two
flavours.

* ``sin``, ``exp``... have numpy's semantics: on a float they keep its dtype
  (``np.tanh`` of a float32 is a float32), on an int or a bool they give a
  float64, on arrays they apply elementwise (see :mod:`myia.dialects.prims_array`),
  and outside their domain they give NaN or infinities (``np.sqrt(-1.0)`` is nan).
  ``numpy.sin(x)`` is ``sin``.
* ``math_sin``, ``math_exp``... are Python's ``math`` functions on a Python float:
  CPython's own value (constants fold with ``math``, the interpreter calls it) and
  CPython's errors: ``ValueError("math domain error")`` for ``math.sqrt(-1.0)``,
  ``OverflowError("math range error")`` for ``math.exp(1000.0)``, on every
  backend (compiled code checks the C library's result as CPython does:
  :data:`MATH_ERRORS`). The frontend turns ``math.sin(x)`` into
  ``math_sin(float(x))``. The functions whose result is exact and never an
  error (``fabs``, ``floor``, ``copysign``, ``isnan``...) and ``erf``/``erfc``
  (the C library's, in CPython too) have one flavour: ``math.floor(x)`` is
  ``int(floor(float(x)))``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from myia.dialects.abstract import BOOL, FLOAT64
from myia.dialects.primitive import PRIMITIVES, expand_rule, infer_rule, primitive
from myia.dialects.rules_util import (
    PY_FLOAT,
    cast_all,
    fold,
    is_scalar,
    numeric_args,
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
        with np.errstate(all="ignore"):
            result = ufunc(*args)
        if all(type(a) in (float, int, bool) for a in args):
            return result.item()  # Python numbers in, a Python float (or bool) out
        return result

    if numpy_name is None:
        impl.__doc__ = f"math.{name}, elementwise (numpy has no {name})"
    else:
        domain = " (NaN outside its domain)" if name in PYTHON_MATH else ""
        impl.__doc__ = f"numpy.{numpy_name}, elementwise{domain}"
    impl.__name__ = name
    primitive(name, arity)(impl)


# ---------------------------------------------------------------------------
# Python's math module on Python floats

PYTHON_MATH = {
    "sin": 1, "cos": 1, "tan": 1, "asin": 1, "acos": 1, "atan": 1, "sinh": 1, "cosh": 1,
    "tanh": 1, "asinh": 1, "acosh": 1, "atanh": 1, "exp": 1, "expm1": 1, "log": 1,
    "log1p": 1, "log2": 1, "log10": 1, "sqrt": 1, "gamma": 1, "lgamma": 1, "atan2": 2,
    "hypot": 2, "fmod": 2, "pow": 2,
}  # fmt: skip
"""The ``math`` functions with a primitive of their own, ``math_<name>`` (and their
arity): those that may raise, or whose value CPython computes otherwise than numpy
(numpy's SIMD loops, CPython's own ``gamma``, ``lgamma`` and ``hypot``)."""


@dataclass(frozen=True)
class MathErrors:
    """When CPython's ``math.<name>`` raises (``Modules/mathmodule.c``), told from
    the C library's result ``r``: a NaN from operands that are not NaN is a domain
    error (``ValueError``); an infinity from finite operands is ``infinity``:

    * ``"ValueError"``: a pole (``math.log(0.0)``, ``math.atanh(1.0)``);
    * ``"OverflowError"``: a range error (``math.exp(1000.0)``);
    * ``"zero"``/``"nonpositive"``: a ValueError where the first operand is 0 (is
      <= 0), an OverflowError elsewhere (``math.gamma(0.0)``, ``math.pow(0.0,
      -1.0)``; ``math.lgamma(-1.0)``).
    """

    infinity: Literal["ValueError", "OverflowError", "zero", "nonpositive"]

    def error(self, r: float, *args: float) -> type[Exception] | None:
        """The exception CPython raises for the C library's result ``r`` of ``args``
        (None: ``r`` is the result)."""
        if math.isnan(r):
            return None if any(math.isnan(a) for a in args) else ValueError
        if not math.isinf(r) or not all(math.isfinite(a) for a in args):
            return None
        if self.infinity in ("ValueError", "OverflowError"):
            return ValueError if self.infinity == "ValueError" else OverflowError
        pole = args[0] == 0 if self.infinity == "zero" else args[0] <= 0
        return ValueError if pole else OverflowError


NEVER_RAISE = frozenset({"atan", "tanh", "asinh", "atan2", "hypot"})
"""The functions of :data:`PYTHON_MATH` that never raise: CPython does not check
``atan2`` and ``hypot`` (``math.hypot(1e308, 1e308 * 1.5)`` is inf), and ``atan``,
``tanh``, ``asinh`` are finite, and not NaN, wherever their operand is not NaN."""

_POLE, _RANGE = MathErrors("ValueError"), MathErrors("OverflowError")
MATH_ERRORS: dict[str, MathErrors] = {
    **{name: _POLE for name in PYTHON_MATH if name not in NEVER_RAISE},
    **{name: _RANGE for name in ("exp", "expm1", "sinh", "cosh")},
    "gamma": MathErrors("zero"),
    "pow": MathErrors("zero"),
    "lgamma": MathErrors("nonpositive"),
}
"""How each ``math_<name>`` that may raise reports errors."""

MATH_DOMAIN_ERROR = "math domain error"
MATH_RANGE_ERROR = "math range error"


def _declare_python(name: str, arity: int) -> None:
    fn = getattr(math, name)

    def impl(*args: float) -> float:
        return fn(*args)

    errors = "" if name in NEVER_RAISE else ", and its ValueError or OverflowError"
    impl.__doc__ = f"math.{name} of Python floats: CPython's value{errors}"
    impl.__name__ = f"math_{name}"
    primitive(f"math_{name}", arity)(impl)


for _name in UNARY_MATH:
    _declare(_name, 1)
for _name in BINARY_MATH:
    _declare(_name, 2)
for _name, _arity in PYTHON_MATH.items():
    _declare_python(_name, _arity)


# ---------------------------------------------------------------------------
# Inference and expansion rules (scalars; arrays in prims_array)
#
# A float operand keeps its dtype and weakness; ints and bools compute in float64.
# ``isnan``, ``isinf`` and ``isfinite`` give a bool (known for ints). Domain errors
# give nan, as in numpy; constants are folded with numpy's functions (``math_*``
# with ``math``'s).

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
            return scalar(BOOL, weak, PREDICATES[name])
        return fold(impl, args, a.dtype, scalar(BOOL, weak))
    return fold(impl, args, dtype, scalar(dtype, weak))


def _expand_math(name: str, ex, op, args, abstracts, result):
    dtype = abstracts[0].dtype if name in PREDICATES else result.dtype
    return ex.prim(name, *cast_all(ex, args, abstracts, dtype), result=result)


def _infer_python_math(name: str, args: list, op: object) -> object:
    """``math_<name>`` computes on Python floats (the frontend converts its operands
    with ``float``) and gives one; constants fold with ``math.<name>`` itself,
    unless it raises (the error belongs to run time)."""
    numeric_args(name, args)
    return fold(PRIMITIVES[name].impl, args, FLOAT64, PY_FLOAT)


def _expand_python_math(name: str, ex, op, args, abstracts, result):
    return ex.prim(name, *cast_all(ex, args, abstracts, FLOAT64), result=result)


def _register() -> None:
    from functools import partial

    for name in (*UNARY_MATH, *BINARY_MATH):
        infer_rule(name)(partial(_infer_math, name))
        expand_rule(name)(partial(_expand_math, name))
    for name in PYTHON_MATH:
        infer_rule(f"math_{name}")(partial(_infer_python_math, f"math_{name}"))
        expand_rule(f"math_{name}")(partial(_expand_python_math, f"math_{name}"))


_register()
