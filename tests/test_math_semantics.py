"""Python's ``math`` on Python floats, numpy's functions on numpy's terms, on every
backend.

``math.sqrt(-1.0)`` raises CPython's ``ValueError("math domain error")`` and
``math.exp(1000.0)`` its ``OverflowError("math range error")``: the same type
(also a ``MyiaError`` naming the user's line) on ``interp-untyped``, ``interp``
and ``cpu``; where CPython returns a value (``math.sqrt(inf)``), every backend
returns it. numpy's functions never raise: ``np.sqrt(-1.0)`` is NaN.

How values are compared, and why:

* the interpreters compute ``math.f(x)`` by calling CPython's ``math.f`` on the
  same Python float, so their values are compared exactly (sign of zero
  included): a difference would be a wrong function or a wrong operand;
* compiled code calls the C library, as CPython does, but not necessarily in the
  same way (LLVM's intrinsics), so its values are compared within 2 ulp; CPython
  computes ``gamma``, ``lgamma`` and ``hypot`` with its own code, whose results
  differ from the C library's by more (``lgamma`` near its zeros at 1 and 2: many
  ulp of a tiny result), so those are compared within 1e-13 relative, 1e-15
  absolute;
* numpy's values are compared within 2 ulp on every backend: numpy's SIMD
  loops (AVX-512 among them) may differ from the C library in the last bit.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import math
import warnings

import numpy as np
import pytest

import myia
from myia.dialects.prims_math import MATH_ERRORS, PYTHON_MATH
from myia.errors import MyiaError
from myia.frontend import load_python_file

BACKENDS = ["interp-untyped", "interp", "cpu"]
INTERPRETERS = ("interp-untyped", "interp")

SPECIAL = [
    0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 2.5, -2.5, 1e-320, -1e-320,
    171.5, 172.0, -171.5, 710.0, -710.0, 1e300, -1e300, 1e308, -1e308,
    math.inf, -math.inf, math.nan,
]  # fmt: skip
"""Operands around every domain boundary, pole and overflow of the functions."""

BINARY_SPECIAL = [0.0, -0.0, 0.5, -1.0, 2.0, -2.5, 1e-320, 1e300, -1e308, math.inf, -math.inf,
                  math.nan]  # fmt: skip


def cases(name: str) -> list[tuple[float, ...]]:
    if PYTHON_MATH[name] == 1:
        return [(x,) for x in SPECIAL]
    return list(itertools.product(BINARY_SPECIAL, repeat=2))


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    """A module with one function per math function: ``sqrt(x)`` returns
    ``math.sqrt(x)``."""
    lines = ["import math", ""]
    for name, arity in PYTHON_MATH.items():
        params = ", ".join("xy"[:arity])
        lines += ["", f"def math_{name}({params}):", f"    return math.{name}({params})", ""]
    path = tmp_path_factory.mktemp("math") / "math_functions.py"
    path.write_text("\n".join(lines))
    return load_python_file(path)


def python(fn, *args):
    """What CPython gives: ("value", v) or ("raises", exception)."""
    try:
        return "value", fn(*args)
    except (ValueError, OverflowError) as exc:
        return "raises", exc


def ulps(a: float, b: float, dtype: type = np.float64) -> float:
    """How many units in the last place of ``dtype`` ``a`` and ``b`` are apart (NaN
    is NaN; zeros, infinities and NaN are equal only to themselves, sign included)."""
    if math.isnan(a) and math.isnan(b):
        return 0.0
    if math.isinf(a) or math.isinf(b) or a == 0 or b == 0:
        return 0.0 if a == b and math.copysign(1, a) == math.copysign(1, b) else math.inf
    return abs(a - b) / float(np.spacing(dtype(max(abs(a), abs(b)))))


CPYTHONS_OWN = ("gamma", "lgamma", "hypot")
"""The functions CPython computes with its own code rather than the C library's."""


def assert_same_float(actual, expected, backend: str, name: str, what: str) -> None:
    assert isinstance(actual, float), f"{what}: {actual!r} is not a float"
    if backend in INTERPRETERS:
        close = ulps(actual, expected) == 0
    elif name in CPYTHONS_OWN and math.isfinite(expected) and expected != 0:
        close = math.isclose(actual, expected, rel_tol=1e-13, abs_tol=1e-15)
    else:
        close = ulps(actual, expected) <= 2
    assert close, f"{what}: {actual!r} instead of {expected!r}"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(PYTHON_MATH))
def test_math_function_as_cpython(programs, name, backend):
    """Every special operand: CPython's value, or CPython's exception, located."""
    fn = getattr(programs, f"math_{name}")
    compiled = myia.jit(fn, backend=backend)
    for args in cases(name):
        what = f"math.{name}{args} on {backend}"
        kind, expected = python(fn, *args)
        if kind == "value":
            assert_same_float(compiled(*args), expected, backend, name, what)
            continue
        with pytest.raises(type(expected)) as info:
            compiled(*args)
        err = info.value
        assert isinstance(err, MyiaError), f"{what}: {err!r} is not a MyiaError"
        assert str(expected) in str(err), what
        assert f"return math.{name}(" in str(err), f"{what}: the source line is not named"


CONSTANTS = [0.05, 0.15, 0.6, -0.6, 0.35, 2.5, 4.7, -2.5, 1e-10, 30.0]
"""Constants on which numpy's AVX2 or AVX-512 loops and the C library differ, on
some machines (numpy's ``tanh(0.6)`` on AVX2 is one of them)."""


@pytest.fixture(scope="module")
def constant_programs(tmp_path_factory):
    """One function per math function: a tuple of it on constants, for every
    constant (pair) on which CPython returns a value."""
    lines = ["import math", ""]
    for name, arity in PYTHON_MATH.items():
        fn = getattr(math, name)
        calls = [
            f"math.{name}({', '.join(map(repr, args))})"
            for args in itertools.product(CONSTANTS[: 10 if arity == 1 else 4], repeat=arity)
            if python(fn, *args)[0] == "value"
        ]
        lines += ["", f"def const_{name}():", f"    return ({', '.join(calls)},)", ""]
    path = tmp_path_factory.mktemp("math") / "math_constants.py"
    path.write_text("\n".join(lines))
    return load_python_file(path)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(PYTHON_MATH))
def test_constants_fold_with_python_math(constant_programs, name, backend):
    """``math.f(constant)`` folds at compile time to CPython's ``math.f`` value, bit
    for bit: inference computes it with ``math.f`` itself (not numpy's function,
    whose SIMD loops may differ in the last bit), so compiled code returns the
    constant and the comparison is exact on every backend."""
    fn = getattr(constant_programs, f"const_{name}")
    for i, (got, want) in enumerate(zip(myia.jit(fn, backend=backend)(), fn(), strict=True)):
        assert ulps(got, want) == 0, f"{name}, constant {i}: {got!r} instead of {want!r}"


@pytest.mark.parametrize("name", sorted(PYTHON_MATH))
def test_math_errors_table_is_cpythons(name):
    """MATH_ERRORS, which compiled code checks, tells CPython's exception from the
    C library's result (the numpy flavour's, and libm's own tgamma and lgamma):
    None where CPython returns a value."""
    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    c_fn = getattr(libm, {"gamma": "tgamma"}.get(name, name))
    c_fn.restype = ctypes.c_double
    c_fn.argtypes = [ctypes.c_double] * PYTHON_MATH[name]
    errors = MATH_ERRORS.get(name)
    for args in cases(name):
        kind, expected = python(getattr(math, name), *args)
        r = c_fn(*args)
        got = errors.error(r, *args) if errors is not None else None
        want = type(expected) if kind == "raises" else None
        assert got is want, f"math.{name}{args}: C gives {r}, CPython {expected!r}, table {got}"


# ---------------------------------------------------------------------------
# numpy's functions: numpy's NaN and infinities, never an error


def numpy_functions(x):
    return np.sqrt(x), np.log(x), np.arccos(x), np.arctanh(x), np.exp(x), np.log1p(x)


def math_in_numpy_code(x):
    return np.sqrt(x) + math.sqrt(x)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("x", [np.float64(-2.0), -2.0, np.float64(1000.0), 0.0, np.float32(-1.5)])
def test_numpy_functions_keep_numpy_nan(backend, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = numpy_functions(x)
        actual = myia.jit(numpy_functions, backend=backend)(x)
    for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
        dtype = np.asarray(e).dtype.type
        assert np.asarray(a).dtype == dtype, f"{backend}: result {i} is {a!r}, numpy's {e!r}"
        assert ulps(float(a), float(e), dtype) <= 2, f"{backend}: result {i} is {a!r}, not {e!r}"


@pytest.mark.parametrize("backend", BACKENDS)
def test_math_of_a_numpy_float_raises(backend):
    """math.sqrt of a numpy float is Python's math.sqrt of float(x)."""
    with pytest.raises(ValueError, match="math domain error"):
        myia.jit(math_in_numpy_code, backend=backend)(np.float64(-1.0))
    value = myia.jit(math_in_numpy_code, backend=backend)(np.float64(4.0))
    assert value == 4.0


@pytest.mark.parametrize("backend", BACKENDS)
def test_math_errors_are_python_exceptions(backend):
    """``except ValueError`` around a compiled call works as around the function."""

    def safe_log(x):
        return math.log(x) * 2.0

    compiled = myia.jit(safe_log, backend=backend)
    for x, exc in [(0.0, ValueError), (-1.0, ValueError), (math.nan, None)]:
        if exc is None:
            assert math.isnan(compiled(x))
            continue
        try:
            compiled(x)
        except exc as err:
            assert isinstance(err, MyiaError)
        else:
            raise AssertionError(f"safe_log({x}) did not raise")


# ---------------------------------------------------------------------------
# Gradients through Python's math functions


def finite_difference(f, x: float, h: float = 1e-4) -> float:
    """Central differences with one Richardson step (error O(h^4))."""

    def central(h: float) -> float:
        return (f(x + h) - f(x - h)) / (2 * h)

    return (4 * central(h / 2) - central(h)) / 3


GRAD_POINTS = {
    "acos": 0.3, "asin": 0.3, "atanh": 0.3, "acosh": 1.7, "log": 1.7, "log1p": 1.7,
    "log2": 1.7, "log10": 1.7, "sqrt": 1.7,
}  # fmt: skip


def differentiable() -> list[str]:
    return sorted(n for n in PYTHON_MATH if n not in ("gamma", "lgamma"))


@pytest.mark.parametrize("name", differentiable())
def test_gradient_of_math_function(programs, name):
    """math_<name> differentiates as <name>: against finite differences in float64."""
    fn = getattr(programs, f"math_{name}")
    x = GRAD_POINTS.get(name, 0.7)
    if PYTHON_MATH[name] == 2:
        grads = myia.grad(fn, argnums=(0, 1))(x, 1.3)
        expected = (
            finite_difference(lambda v: fn(v, 1.3), x),
            finite_difference(lambda v: fn(x, v), 1.3),
        )
    else:
        grads = (myia.grad(fn)(x),)
        expected = (finite_difference(fn, x),)
    for g, e in zip(grads, expected, strict=True):
        assert g == pytest.approx(e, rel=1e-7, abs=1e-9), name


@pytest.mark.parametrize("backend", ["interp", "cpu"])
def test_gradient_raises_the_forward_error(backend):
    def f(x):
        return math.sqrt(x) * x

    assert myia.grad(f, backend=backend)(4.0) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="math domain error") as info:
        myia.grad(f, backend=backend)(-4.0)
    assert isinstance(info.value, MyiaError)
    assert "return math.sqrt(x) * x" in str(info.value)
