"""Arithmetic on numpy bools (arrays and numpy scalars) has numpy's result dtypes
and values: ``+`` is ``or``, ``*`` is ``and``, ``-`` is a type error, ``//``, ``%``,
``**`` and shifts compute in int8. Python's bools stay Python's ints."""

from __future__ import annotations

import operator

import numpy as np
import pytest

import myia
from myia.errors import MyiaTypeError

BACKENDS = ["interp", "cpu"]

A = np.array([True, True, False, False])
B = np.array([True, False, True, True])

OPS = {
    "add": operator.add,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "lshift": operator.lshift,
    "rshift": operator.rshift,
    "and": operator.and_,
    "or": operator.or_,
    "xor": operator.xor,
    "minimum": np.minimum,
    "maximum": np.maximum,
}


def add(a, b):
    return a + b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def pow_(a, b):
    return a**b


def lshift(a, b):
    return a << b


def rshift(a, b):
    return a >> b


def and_(a, b):
    return a & b


def or_(a, b):
    return a | b


def xor(a, b):
    return a ^ b


def minimum(a, b):
    return np.minimum(a, b)


def maximum(a, b):
    return np.maximum(a, b)


FUNCTIONS = {
    "add": add, "mul": mul, "truediv": truediv, "floordiv": floordiv, "mod": mod, "pow": pow_,
    "lshift": lshift, "rshift": rshift, "and": and_, "or": or_, "xor": xor,
    "minimum": minimum, "maximum": maximum,
}  # fmt: skip


def numpy_result(name, a, b):
    with np.errstate(all="ignore"):
        return OPS[name](a, b)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_bool_arrays_as_numpy(backend, name):
    b = B if name not in ("floordiv", "mod", "truediv") else np.ones(4, bool)
    expected = numpy_result(name, A, b)
    got = myia.jit(FUNCTIONS[name], backend=backend)(A, b)
    assert got.dtype == expected.dtype == np.result_type(expected)
    np.testing.assert_array_equal(got, expected)
    # With a Python bool: weak, numpy's rules again.
    expected = numpy_result(name, A, True)
    got = myia.jit(FUNCTIONS[name], backend=backend)(A, True)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("a", [np.True_, np.False_])
def test_numpy_bool_scalars_as_numpy(backend, name, a):
    f = myia.jit(FUNCTIONS[name], backend=backend)
    for b in (np.True_, True):
        expected = numpy_result(name, a, b)
        got = f(a, b)
        # (the cpu backend gives Python's bool, int and float for numpy's bool,
        # int64 and float64 scalars: compare dtypes)
        assert np.asarray(got).dtype == np.asarray(expected).dtype, (b, got, expected)
        assert got == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_python_bools_are_ints(backend):
    f = myia.jit(add, backend=backend)
    assert f(True, True) == 2
    assert myia.jit(lambda a, b: a - b, backend=backend)(False, True) == -1
    # A numpy bool with a Python int: the int wins (numpy 2's weak scalars).
    assert f(A, 1).dtype == np.int64


def bool_difference(a, b):
    c = a & b
    return a - c


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("args", [(A, B), (np.True_, np.False_), (A, True), (True, np.True_)])
def test_bool_subtract_is_a_type_error_naming_the_line(backend, args):
    with pytest.raises(TypeError):
        bool_difference(*args)
    with pytest.raises(MyiaTypeError) as info:
        myia.jit(bool_difference, backend=backend)(*args)
    text = str(info.value)
    assert f"{__file__}:" in text and "return a - c" in text
    assert "numpy boolean subtract, the `-` operator, is not supported" in text


def sums_of_comparisons(x, y):
    return np.sum((x > 0) + (y > 0)), (x > 0) * (y > 0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_counting_with_bool_arrays(backend):
    x, y = np.array([1.0, -1.0, 2.0]), np.array([-1.0, -2.0, 3.0])
    total, both = myia.jit(sums_of_comparisons, backend=backend)(x, y)
    expected_total, expected_both = sums_of_comparisons(x, y)
    assert total == expected_total == 2
    assert both.dtype == bool
    np.testing.assert_array_equal(both, expected_both)
