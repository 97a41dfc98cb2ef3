"""Python scalars compute as CPython does, numpy scalars as numpy does, on every
backend (see the user guide's numeric semantics): the same values, the same
exceptions, and the same Python types of results.

The values compared exactly here are exact in IEEE arithmetic (infinities, NaN,
zeros, small integers) or computed by the C library's ``pow`` on both sides."""

from __future__ import annotations

import inspect
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pytest

import myia
from myia.errors import (
    COMPLEX_POWER,
    MyiaIndexError,
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


# ---------------------------------------------------------------------------
# numpy's functions of Python scalars give numpy scalars; results have CPython's
# Python types on every backend


def assert_same(expected, actual, path="result"):
    """The same structure, the same Python types (``np.float64`` and ``float``
    told apart), equal values (numpy's floats within 2 ulp: numpy's SIMD loops
    may differ from the C library in the last bit)."""
    assert type(actual) is type(expected), f"{path}: {actual!r} instead of {expected!r}"
    if isinstance(expected, tuple | list):
        assert len(actual) == len(expected), path
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_same(e, a, f"{path}[{i}]")
    elif isinstance(expected, np.floating):
        np.testing.assert_array_max_ulp(actual, expected, maxulp=2)
    elif isinstance(expected, float):
        assert same_float(expected, actual), path
    elif hasattr(expected, "__dataclass_fields__"):
        for name in expected.__dataclass_fields__:
            assert_same(getattr(expected, name), getattr(actual, name), f"{path}.{name}")
    else:
        assert actual == expected, path


def numpy_sin(x):
    return np.sin(x)


def numpy_sin_by_zero(x):
    return np.sin(x) / 0.0, np.cos(x) // 0.0


def numpy_power(a, b):
    return np.power(a, b)


def numpy_add(a, b):
    return np.add(a, b)


def numpy_maximum(a, b):
    return np.maximum(a, b), np.minimum(a, b), max(a, b)


def numpy_and_math(x):
    return np.isnan(x), math.isnan(x), np.fabs(x), math.fabs(x), np.square(x), math.floor(x)


def promotion(x):
    return np.sin(x) * np.float32(2.0), np.sin(np.float32(x)) * 2.0, np.exp(x) + 1


def comparisons(x):
    return np.float64(x) < 2.0, x < 2.0, np.equal(x, 1.0), bool(np.float64(x) < 2.0)


def conversions(x, n):
    return float(np.float64(x)), int(np.int64(n)), np.float64(x), np.int64(n), float(x)


def numpy_of_python(x):
    y = np.float64(x)
    return y / 0.0, y**0.5, -y // 0.0


def identity(x):
    return x


def in_containers(x, n):
    return [x, x * 2], (n, (x,)), [np.sin(x)]


NUMPY_FUNCTION_CASES = [
    (numpy_sin, (1.0,)),
    (numpy_sin, (2,)),
    (numpy_sin, (np.int64(2),)),
    (numpy_sin_by_zero, (1.0,)),
    (numpy_sin_by_zero, (-2.0,)),
    (numpy_power, (-2.0, 0.5)),
    (numpy_power, (0.0, -1.0)),
    (numpy_power, (10.0, 400.0)),
    (numpy_power, (2, 3)),
    (numpy_power, (2.0, 3)),
    (numpy_add, (2**62, 2**62)),
    (numpy_add, (True, True)),
    (numpy_add, (1, 2.5)),
    (numpy_add, (np.float32(1.5), 2.0)),
    (numpy_maximum, (1.0, math.nan)),
    (numpy_maximum, (math.nan, 1.0)),
    (numpy_maximum, (2.0, -0.0)),
    (numpy_maximum, (3, 4)),
    (numpy_and_math, (2.5,)),
    (numpy_and_math, (-7,)),
    (promotion, (0.5,)),
    (comparisons, (1.0,)),
    (conversions, (1.5, 7)),
    (conversions, (np.float64(-2.5), np.int64(2**63 - 1))),
    (numpy_of_python, (4.0,)),
    (numpy_of_python, (-4.0,)),
    (identity, (np.float64(1.5),)),
    (identity, (np.int64(3),)),
    (identity, (np.True_,)),
    (identity, (1.5,)),
    (identity, ((np.float64(1.0), 2.0, np.int64(1), 3, np.False_, True),)),
    (in_containers, (np.float64(1.5), np.int64(2))),
    (in_containers, (1.5, 2)),
]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the interpreters run numpy
@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(("fn", "args"), NUMPY_FUNCTION_CASES)
def test_numpy_functions_give_numpy_scalars(backend, fn, args):
    """``np.sin(1.0)`` is an ``np.float64``, so ``np.sin(x) / 0.0`` is inf;
    ``np.power(-2.0, 0.5)`` is nan; ``np.add`` of Python ints wraps as int64;
    every scalar of a result has CPython's type (np.float64, np.int64, np.bool_
    or float, int, bool)."""
    expected = numpy_value(fn, *args)
    assert_same(expected, myia.jit(fn, backend=backend)(*args))


@dataclass(frozen=True)
class Sample:
    x: float
    n: int


def record_result(s):
    return Sample(np.sqrt(s.x), s.n + 1), s, Sample(float(s.x), int(s.n))


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    "arg", [Sample(np.float64(4.0), np.int64(3)), Sample(4.0, 3)], ids=["numpy", "python"]
)
def test_record_fields_keep_their_scalar_types(backend, arg):
    fields = (type(arg.x), type(arg.n))
    assert_same(record_result(arg), myia.jit(record_result, backend=backend)(arg))
    assert (type(arg.x), type(arg.n)) == fields  # the argument itself is not changed


def float_of_numpy_divides_as_python(x):
    return float(np.sin(x)) / 0.0


@pytest.mark.parametrize("backend", ALL)
def test_python_float_of_a_numpy_scalar_divides_as_python(backend):
    with pytest.raises(ZeroDivisionError) as info:
        myia.jit(float_of_numpy_divides_as_python, backend=backend)(1.0)
    assert isinstance(info.value, MyiaZeroDivisionError)


def numpy_int_negative_power(n):
    return np.int64(n) ** -1


@pytest.mark.parametrize("backend", ALL)
def test_numpy_int_to_a_negative_power_raises_as_numpy(backend):
    """numpy's ints to a negative power raise ValueError (a Python int's would
    be a float)."""
    with pytest.raises(ValueError):
        numpy_int_negative_power(2)
    with pytest.raises(ValueError):
        myia.jit(numpy_int_negative_power, backend=backend)(2)


# ---------------------------------------------------------------------------
# Warnings: the interpreters run numpy, which warns; compiled code does not


def numpy_divide(x):
    return np.float64(x) / 0.0


@pytest.mark.parametrize("backend", ALL)
def test_numpy_warnings(backend):
    f = myia.jit(numpy_divide, backend=backend)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert f(1.0) == np.inf
    runtime_warnings = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if backend == "cpu":
        assert runtime_warnings == []
    else:
        assert ["divide by zero" in str(w.message) for w in runtime_warnings] == [True]


# ---------------------------------------------------------------------------
# enumerate counts Python ints: exact, or OverflowError, never wrapped


def last_count(xs, start):
    last = start
    for i, _ in enumerate(xs, start):
        last = i
    return last


def counts(xs, start):
    return [i for i, _ in enumerate(xs, start=start)]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize("xs", [[1.0], (1.0,), [1.0, 2.0, 3.0]], ids=["list1", "tuple1", "list3"])
def test_enumerate_counts_up_to_the_last_int64(backend, xs):
    start = 2**63 - len(xs)
    assert myia.jit(last_count, backend=backend)(xs, start) == 2**63 - 1
    assert myia.jit(counts, backend=backend)(list(xs), start) == counts(list(xs), start)


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize("fn", [last_count, counts])
@pytest.mark.parametrize("xs", [[1.0, 2.0], (1.0, 2.0)], ids=["list", "tuple"])
def test_enumerate_count_beyond_int64_overflows(backend, fn, xs):
    """Python's count 2**63 does not fit in typed code's 64 bits: a located
    MyiaOverflowError, where the count used to wrap to -2**63."""
    if fn is counts:
        xs = list(xs)
    with pytest.raises(OverflowError) as info:
        myia.jit(fn, backend=backend)(xs, 2**63 - 1)
    assert isinstance(info.value, MyiaOverflowError)
    assert f":{line_of(fn, 'enumerate')}:" in str(info.value)


# ---------------------------------------------------------------------------
# Tuples indexed out of range: IndexError where the index runs


def constant_out_of_range(t, i):
    if i > 0:
        return t[5]
    return t[0]


def empty_tuple(i):
    e = ()
    if i > 0:
        return e[i] + 1
    return 0


def empty_list(i):
    e = []
    if i > 0:
        return e[i] + 1.0
    return 0.0


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "raising", "text"),
    [
        (constant_out_of_range, ((1, 2, 3), 0), ((1, 2, 3), 1), "t[5]"),
        (empty_tuple, (0,), (1,), "e[i]"),
        (empty_list, (0,), (1,), "e[i]"),
    ],
)
def test_index_out_of_range_raises_where_it_runs(backend, fn, args, raising, text):
    """Python runs the branch that does not index; the one that does raises
    IndexError, located (it used to be a compile-time MyiaTypeError, or, for an
    empty tuple or list, an UnboundLocalError or a silent 0 on cpu)."""
    f = myia.jit(fn, backend=backend)
    assert_same(fn(*args), f(*args))
    with pytest.raises(IndexError) as info:
        f(*raising)
    assert isinstance(info.value, MyiaRuntimeError)
    assert f":{line_of(fn, text)}:" in str(info.value)


def always_empty(i):
    return ()[i]


def always_out_of_range(t):
    return t[3]


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "message"),
    [
        (always_empty, (0,), "tuple index out of range (the tuple is empty)"),
        (always_out_of_range, ((1, 2.0, 3),), "tuple index out of range (index 3 of a tuple of 3)"),
    ],
)
def test_a_function_that_always_indexes_out_of_range(backend, fn, args, message):
    """It never returns: a MyiaIndexError (an IndexError) naming the line when it
    is compiled, not 'never returns: it recurses with no base case'."""
    with pytest.raises(IndexError) as info:
        myia.jit(fn, backend=backend)(*args)
    assert isinstance(info.value, MyiaIndexError)
    assert message in str(info.value)
    assert f"{line_of(fn, 'return')}: return" in str(info.value)
    assert "recurses" not in str(info.value)
