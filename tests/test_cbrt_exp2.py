"""``cbrt`` and ``exp2``: the math functions added by one row each of
``prims_math.MATH_TABLE`` (the walk-through of docs/dialect.md, "Adding a
primitive"). Python's ``math.cbrt``/``math.exp2`` are also checked, with every
other ``math`` function, by tests/test_math_semantics.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

import myia

BACKENDS = ["interp-untyped", "interp", "cpu"]


def ulps(actual: np.ndarray, expected: np.ndarray) -> float:
    """The largest distance in units in the last place of ``expected``'s dtype."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.dtype == expected.dtype
    same = (actual == expected) | (np.isnan(actual) & np.isnan(expected))
    spacing = np.spacing(np.maximum(np.abs(actual), np.abs(expected)).astype(expected.dtype))
    with np.errstate(invalid="ignore"):
        distance = np.where(same, 0.0, np.abs(actual.astype(np.float64) - expected) / spacing)
    return float(np.max(distance, initial=0.0))


def numpy_cbrt_exp2(x):
    return np.cbrt(x), np.exp2(x)


OPERANDS = [
    np.array([-27.0, -1.5, -0.0, 0.0, 1e-310, 0.5, 3.0, 1000.0, 1030.0, -1080.0, np.inf, np.nan]),
    np.linspace(-30.0, 30.0, 37, dtype=np.float32),
    np.arange(-4, 5, dtype=np.int32),
    np.float64(-8.0),
    np.float32(2.5),
    3.0,
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("x", OPERANDS, ids=lambda x: type(x).__name__ + str(np.asarray(x).dtype))
def test_numpy_cbrt_exp2_as_numpy(backend, x):
    """numpy's semantics on arrays, numpy scalars and Python floats: numpy's dtype
    and type, values within 2 ulp (inf for exp2 of 1030, never an error)."""
    with np.errstate(all="ignore"):
        expected = numpy_cbrt_exp2(x)
    actual = myia.jit(numpy_cbrt_exp2, backend=backend)(x)
    for a, e in zip(actual, expected, strict=True):
        assert type(a) is type(e)
        assert ulps(a, e) <= 2, (a, e)


def python_cbrt_exp2(x):
    return math.cbrt(x) + math.exp2(x)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("x", [-27.0, -0.3, 0.0, 2.0, 1023.5, 7])
def test_python_cbrt_exp2_as_cpython(backend, x):
    actual = myia.jit(python_cbrt_exp2, backend=backend)(x)
    assert type(actual) is float
    assert actual == pytest.approx(python_cbrt_exp2(x), rel=4e-16)


@pytest.mark.parametrize("backend", BACKENDS)
def test_python_exp2_raises_overflow_error(backend):
    with pytest.raises(OverflowError, match="math range error") as info:
        myia.jit(python_cbrt_exp2, backend=backend)(1024.5)
    assert "test_cbrt_exp2.py" in str(info.value)


def finite_difference(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        g[i] = (f(plus) - f(minus)) / (2 * eps)
    return g


def array_cbrt_exp2(x):
    return np.sum(np.cbrt(x) * np.exp2(x))


@pytest.mark.parametrize("backend", ["interp", "cpu"])
def test_array_gradient_against_finite_differences(backend):
    x = np.array([[-2.5, -0.4, 0.3], [0.9, 1.7, 4.2]])
    grad = myia.grad(array_cbrt_exp2, backend=backend)(x)
    np.testing.assert_allclose(grad, finite_difference(array_cbrt_exp2, x), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("backend", ["interp", "cpu"])
@pytest.mark.parametrize("x", [-3.3, 0.4, 2.0])
def test_scalar_gradient_against_finite_differences(backend, x):
    def f(v):
        return np.cbrt(v) * np.exp2(v) + math.cbrt(v) * math.exp2(-v)

    expected = (f(x + 1e-6) - f(x - 1e-6)) / 2e-6
    assert myia.grad(f, backend=backend)(x) == pytest.approx(expected, rel=1e-7, abs=1e-9)
