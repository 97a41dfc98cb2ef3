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

Each function is one row of :data:`MATH_TABLE` (its arity, numpy's name, its
``math`` operation or libm function, how ``math.<name>`` raises, its derivative);
the frontend, inference, the interpreter, the lowerings (scalar and array) and the
gradients read what they need from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from xdsl.dialects import math as mlir_math
from xdsl.ir import Operation, SSAValue

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


POLE, RANGE = MathErrors("ValueError"), MathErrors("OverflowError")
NEVER: Literal["never"] = "never"
"""``python=NEVER``: ``math.<name>`` has a primitive of its own (CPython's value),
which never raises."""

Derivative = Callable[[Any, SSAValue, SSAValue], SSAValue]
"""``derivative(e, a, out) -> f'(a)`` of a unary function, computed with the
primitives (``e``: the gradient's emitter, see :mod:`myia.dialects.grad_rules`),
given its operand ``a`` and its result ``out``."""


@dataclass(frozen=True)
class MathFunction:
    """One math function of numpy and Python's ``math``, and all that the stages
    derive from it."""

    name: str
    """The primitive (``math``'s name): numpy's flavour on scalars and arrays."""
    arity: int
    numpy: str | None
    """numpy's ufunc (``np.<numpy>``, the frontend's name for the primitive); None:
    numpy has none, the primitive applies ``math.<name>`` elementwise."""
    lowering: type[Operation] | str | None
    """An MLIR ``math`` operation, or the libm function called by name (``tgamma``);
    None: the lowering computes it with ``arith`` (:mod:`myia.lowering.scalar_rules`)."""
    python: MathErrors | Literal["never"] | None = None
    """Whether ``math.<name>`` is a primitive of its own, ``math_<name>``, with
    CPython's value and errors (how it raises; ``NEVER``), or None: ``math.<name>``
    is the primitive on ``float(x)`` (its result is exact and never an error)."""
    derivative: Derivative | None = None
    """f'(a) of a unary function (others' gradient rules are in
    :mod:`myia.dialects.grad_rules`)."""
    numpy_primitive: bool = True
    """False: only ``math_<name>`` is declared here (``pow`` is a scalar primitive)."""


def _c(e: Any, value: float, like: SSAValue) -> SSAValue:
    return e.const(value, like.type)


def _one(e: Any, a: SSAValue) -> SSAValue:
    return _c(e, 1.0, a)


def _sq(e: Any, a: SSAValue) -> SSAValue:
    return e.prim("mul", a, a)


def _inverse(e: Any, a: SSAValue, denominator: SSAValue) -> SSAValue:
    return e.prim("divide", _one(e, a), denominator)


_F = MathFunction
_TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)

# fmt: off
MATH_TABLE: tuple[MathFunction, ...] = (
    _F("sin", 1, "sin", mlir_math.SinOp, POLE, lambda e, a, out: e.prim("cos", a)),
    _F("cos", 1, "cos", mlir_math.CosOp, POLE, lambda e, a, out: e.prim("neg", e.prim("sin", a))),
    _F("tan", 1, "tan", mlir_math.TanOp, POLE,
       lambda e, a, out: e.prim("add", _one(e, a), _sq(e, out))),
    _F("asin", 1, "arcsin", mlir_math.AsinOp, POLE,
       lambda e, a, out: _inverse(e, a, e.prim("sqrt", e.prim("sub", _one(e, a), _sq(e, a))))),
    _F("acos", 1, "arccos", mlir_math.AcosOp, POLE,
       lambda e, a, out: e.prim(
           "neg", _inverse(e, a, e.prim("sqrt", e.prim("sub", _one(e, a), _sq(e, a)))))),
    _F("atan", 1, "arctan", mlir_math.AtanOp, NEVER,
       lambda e, a, out: _inverse(e, a, e.prim("add", _one(e, a), _sq(e, a)))),
    _F("sinh", 1, "sinh", mlir_math.SinhOp, RANGE, lambda e, a, out: e.prim("cosh", a)),
    _F("cosh", 1, "cosh", mlir_math.CoshOp, RANGE, lambda e, a, out: e.prim("sinh", a)),
    _F("tanh", 1, "tanh", mlir_math.TanhOp, NEVER,
       lambda e, a, out: e.prim("sub", _one(e, a), _sq(e, out))),
    _F("asinh", 1, "arcsinh", mlir_math.AsinhOp, NEVER,
       lambda e, a, out: _inverse(e, a, e.prim("sqrt", e.prim("add", _sq(e, a), _one(e, a))))),
    _F("acosh", 1, "arccosh", mlir_math.AcoshOp, POLE,
       lambda e, a, out: _inverse(e, a, e.prim("sqrt", e.prim("sub", _sq(e, a), _one(e, a))))),
    _F("atanh", 1, "arctanh", mlir_math.AtanhOp, POLE,
       lambda e, a, out: _inverse(e, a, e.prim("sub", _one(e, a), _sq(e, a)))),
    _F("exp", 1, "exp", mlir_math.ExpOp, RANGE, lambda e, a, out: out),
    _F("expm1", 1, "expm1", mlir_math.ExpM1Op, RANGE,
       lambda e, a, out: e.prim("add", out, _one(e, a))),
    _F("log", 1, "log", mlir_math.LogOp, POLE, lambda e, a, out: _inverse(e, a, a)),
    _F("log1p", 1, "log1p", mlir_math.Log1pOp, POLE,
       lambda e, a, out: _inverse(e, a, e.prim("add", a, _one(e, a)))),
    _F("log2", 1, "log2", mlir_math.Log2Op, POLE,
       lambda e, a, out: _inverse(e, a, e.prim("mul", a, _c(e, math.log(2), a)))),
    _F("log10", 1, "log10", mlir_math.Log10Op, POLE,
       lambda e, a, out: _inverse(e, a, e.prim("mul", a, _c(e, math.log(10), a)))),
    _F("sqrt", 1, "sqrt", mlir_math.SqrtOp, POLE,
       lambda e, a, out: e.prim("divide", _c(e, 0.5, a), out)),
    _F("cbrt", 1, "cbrt", mlir_math.CbrtOp, NEVER,
       lambda e, a, out: _inverse(e, a, e.prim("mul", _c(e, 3.0, a), _sq(e, out)))),
    _F("exp2", 1, "exp2", mlir_math.Exp2Op, RANGE,
       lambda e, a, out: e.prim("mul", out, _c(e, math.log(2), a))),
    _F("floor", 1, "floor", mlir_math.FloorOp),
    _F("ceil", 1, "ceil", mlir_math.CeilOp),
    _F("trunc", 1, "trunc", mlir_math.TruncOp),
    _F("fabs", 1, "fabs", mlir_math.AbsFOp),
    _F("erf", 1, None, mlir_math.ErfOp, None,
       lambda e, a, out: e.prim(
           "mul", _c(e, _TWO_OVER_SQRT_PI, a), e.prim("exp", e.prim("neg", _sq(e, a))))),
    _F("erfc", 1, None, "erfc", None,
       lambda e, a, out: e.prim(
           "mul", _c(e, -_TWO_OVER_SQRT_PI, a), e.prim("exp", e.prim("neg", _sq(e, a))))),
    _F("gamma", 1, None, "tgamma", MathErrors("zero")),
    _F("lgamma", 1, None, "lgamma", MathErrors("nonpositive")),
    _F("isnan", 1, "isnan", None),
    _F("isinf", 1, "isinf", None),
    _F("isfinite", 1, "isfinite", None),
    _F("degrees", 1, "degrees", None, None, lambda e, a, out: _c(e, 180 / math.pi, a)),
    _F("radians", 1, "radians", None, None, lambda e, a, out: _c(e, math.pi / 180, a)),
    _F("atan2", 2, "arctan2", mlir_math.Atan2Op, NEVER),
    _F("hypot", 2, "hypot", "hypot", NEVER),
    _F("copysign", 2, "copysign", mlir_math.CopySignOp),
    _F("fmod", 2, "fmod", "fmod", POLE),
    _F("pow", 2, None, mlir_math.PowFOp, MathErrors("zero"), numpy_primitive=False),
)
# fmt: on
"""The math functions: adding one here declares its primitives, their inference,
interpreter, lowering (scalar and array), numpy and ``math`` names and, for a
unary function with a derivative, its gradient."""

MATH_FUNCTIONS: dict[str, MathFunction] = {f.name: f for f in MATH_TABLE}

UNARY_MATH = [f.name for f in MATH_TABLE if f.numpy_primitive and f.arity == 1]
BINARY_MATH = [f.name for f in MATH_TABLE if f.numpy_primitive and f.arity == 2]

PYTHON_MATH: dict[str, int] = {f.name: f.arity for f in MATH_TABLE if f.python is not None}
"""The ``math`` functions with a primitive of their own, ``math_<name>`` (and their
arity): those that may raise, or whose value CPython computes otherwise than numpy
(numpy's SIMD loops, CPython's own ``gamma``, ``lgamma`` and ``hypot``)."""

MATH_ERRORS: dict[str, MathErrors] = {
    f.name: f.python for f in MATH_TABLE if isinstance(f.python, MathErrors)
}
"""How each ``math_<name>`` that may raise reports errors."""

NUMPY_MATH: dict[str, str] = {f.numpy: f.name for f in MATH_TABLE if f.numpy is not None}
"""numpy's name of each math primitive that numpy has (``arctan2`` -> ``atan2``)."""

MATH_DOMAIN_ERROR = "math domain error"
MATH_RANGE_ERROR = "math range error"


def _declare(fn: MathFunction) -> None:
    name, numpy_name = fn.name, fn.numpy
    python_fn = getattr(math, name)
    ufunc = (
        getattr(np, numpy_name)
        if numpy_name is not None
        else np.vectorize(python_fn, otypes=[np.float64])
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
        domain = " (NaN outside its domain)" if fn.python is not None else ""
        impl.__doc__ = f"numpy.{numpy_name}, elementwise{domain}"
    impl.__name__ = name
    primitive(name, fn.arity)(impl)


def _declare_python(fn: MathFunction) -> None:
    python_fn = getattr(math, fn.name)

    def impl(*args: float) -> float:
        return python_fn(*args)

    errors = "" if fn.python == NEVER else ", and its ValueError or OverflowError"
    impl.__doc__ = f"math.{fn.name} of Python floats: CPython's value{errors}"
    impl.__name__ = f"math_{fn.name}"
    primitive(f"math_{fn.name}", fn.arity)(impl)


for _fn in MATH_TABLE:
    if _fn.numpy_primitive:
        _declare(_fn)
for _fn in MATH_TABLE:
    if _fn.python is not None:
        _declare_python(_fn)


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
