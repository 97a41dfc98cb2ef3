"""Python scalars compute as CPython does, numpy scalars as numpy does, on every
backend (see the user guide's numeric semantics): the same values, the same
exceptions, and the same Python types of results.

The values compared exactly here are exact in IEEE arithmetic (infinities, NaN,
zeros, small integers) or computed by the C library's ``pow`` on both sides."""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest

import myia
from myia.errors import (
    COMPLEX_POWER,
    MyiaOverflowError,
    MyiaRuntimeError,
    MyiaValueError,
    MyiaZeroDivisionError,
)

TYPED = ["interp", "cpu"]
ALL = ["interp-untyped", *TYPED]


def line_of(fn, text: str) -> int:
    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return start + i
    raise AssertionError(f"{text!r} is not in {fn.__name__}")


def same_float(expected: float, actual: float) -> bool:
    """Equal, sign of zero included; NaN equals NaN."""
    if math.isnan(expected):
        return math.isnan(actual)
    return actual == expected and math.copysign(1, actual) == math.copysign(1, expected)


def python_error(fn, *args) -> BaseException:
    try:
        fn(*args)
    except Exception as exc:
        return exc
    raise AssertionError(f"{fn.__name__}{args} does not raise in CPython")


# ---------------------------------------------------------------------------
# ** on Python floats: CPython's errors


def power(a, b):
    return a**b


def power_unused(a, b):
    p = a**b  # noqa: F841 - unused, but it raises
    return a


FLOAT_POWER_ERRORS = [
    ((0.0, -1.0), ZeroDivisionError),
    ((-0.0, -3.0), ZeroDivisionError),
    ((0.0, -0.5), ZeroDivisionError),
    ((10.0, 400.0), OverflowError),
    ((-10.0, 401.0), OverflowError),
    ((1e200, 2.0), OverflowError),
    ((2, 1024.0), OverflowError),
]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(("args", "exc_type"), FLOAT_POWER_ERRORS)
@pytest.mark.parametrize("fn", [power, power_unused])
def test_float_power_raises_as_cpython(backend, fn, args, exc_type):
    """CPython's exception type and message, located at the power, even when its
    result is unused (an op that may raise is never dead code)."""
    expected = python_error(fn, *args)
    assert type(expected) is exc_type
    with pytest.raises(exc_type) as info:
        myia.jit(fn, backend=backend)(*args)
    exc = info.value
    assert isinstance(exc, MyiaZeroDivisionError | MyiaOverflowError)
    assert str(expected) in str(exc)
    assert f":{line_of(fn, 'a**b')}:" in str(exc)


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize("fn", [power, power_unused])
@pytest.mark.parametrize("args", [(-8.0, 0.5), (-1e-300, -0.5), (-2.5, 1.5), (-8, 1.0 / 3)])
def test_float_power_complex_is_a_value_error(backend, fn, args):
    """CPython's result is a complex number, which myia does not represent: a
    located MyiaValueError that says so, on every backend."""
    assert isinstance(power(*args), complex)
    with pytest.raises(ValueError) as info:
        myia.jit(fn, backend=backend)(*args)
    assert isinstance(info.value, MyiaValueError)
    assert COMPLEX_POWER in str(info.value)
    assert f":{line_of(fn, 'a**b')}:" in str(info.value)


FLOAT_POWERS = [
    (0.0, -math.inf),
    (-0.0, -math.inf),
    (-8.0, math.inf),
    (-0.5, -math.inf),
    (-math.inf, 0.5),
    (-math.inf, -3.0),
    (math.nan, 0.0),
    (1.0, math.nan),
    (-1.0, math.inf),
    (math.nan, 2.0),
    (-8.0, math.nan),
    (-2.0, 3.0),
    (-0.0, 3.0),
    (0.0, 0.0),
    (2.0, -1074.0),
    (2.0, -1080.0),
    (-2.0, -1081.0),
    (3, 2.0),
    (2.0, 10),
]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize("args", FLOAT_POWERS)
def test_float_power_values_as_cpython(backend, args):
    """Where CPython does not raise: its value (underflow to zero is no error)."""
    expected = power(*args)
    actual = myia.jit(power, backend=backend)(*args)
    assert type(actual) is float
    assert same_float(expected, actual), (args, expected, actual)


def int_power(n):
    return n**-2, 2**-1, (-2) ** -3


@pytest.mark.parametrize("backend", ALL)
def test_int_to_constant_negative_power_is_a_float(backend):
    """``n ** -2`` with the exponent known at compile time: CPython's float."""
    assert myia.jit(int_power, backend=backend)(4) == int_power(4) == (0.0625, 0.5, -0.125)


# ---------------------------------------------------------------------------
# numpy scalars: numpy's arithmetic (inf, nan, 0), no exception


def true_div(a, b):
    return a / b


def floor_div(a, b):
    return a // b


def modulo(a, b):
    return a % b


NUMPY_SCALAR_CASES = [
    (power, (np.float64(0.0), -1.0)),
    (power, (np.float64(-8.0), 0.5)),
    (power, (-8.0, np.float64(0.5))),
    (power, (np.float64(10.0), 400.0)),
    (power, (np.float32(10.0), np.float32(40.0))),
    (true_div, (np.float64(1.0), 0.0)),
    (true_div, (-1.0, np.float64(0.0))),
    (true_div, (np.float64(0.0), 0.0)),
    (true_div, (np.int64(1), 0)),
    (true_div, (np.float32(-1.0), np.float32(0.0))),
    (floor_div, (np.float64(1.0), 0.0)),
    (floor_div, (np.float64(-1.0), 0.0)),
    (floor_div, (np.float64(0.0), 0.0)),
    (modulo, (np.float64(1.0), 0.0)),
    (modulo, (np.float64(-5.0), 3.0)),
    (floor_div, (np.int64(7), 0)),
    (modulo, (np.int64(7), 0)),
    (floor_div, (np.int64(-(2**63)), -1)),
    (modulo, (np.int64(-(2**63)), -1)),
    (floor_div, (np.int32(7), np.int32(0))),
    (modulo, (np.uint8(7), np.uint8(0))),
    (floor_div, (np.int64(-7), 2)),
]


def numpy_value(fn, *args):
    with np.errstate(all="ignore"):
        return fn(*args)


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(("fn", "args"), NUMPY_SCALAR_CASES)
def test_numpy_scalar_arithmetic_as_numpy(backend, fn, args):
    """A zero divisor gives inf, nan (floats) or 0 (ints), float powers inf or
    nan, ``INT_MIN // -1`` wraps: numpy's values, on every backend."""
    expected = numpy_value(fn, *args)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        actual = myia.jit(fn, backend=backend)(*args)
    assert np.asarray(actual).dtype == np.asarray(expected).dtype
    if isinstance(expected, np.floating):
        assert same_float(float(expected), float(actual)), (expected, actual)
    else:
        assert actual == expected


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    ("fn", "args"),
    [(true_div, (1.0, 0.0)), (floor_div, (1, 0)), (modulo, (7, 0)), (floor_div, (1.0, 0.0))],
)
def test_python_scalar_division_by_zero_still_raises(backend, fn, args):
    with pytest.raises(ZeroDivisionError) as info:
        myia.jit(fn, backend=backend)(*args)
    assert isinstance(info.value, MyiaRuntimeError)
    assert str(python_error(fn, *args)) in str(info.value)
