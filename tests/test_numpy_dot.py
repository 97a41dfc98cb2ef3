"""``np.dot`` and ``a.dot(b)`` with numpy's semantics: a scalar operand
multiplies, 1-D and 2-D operands are a matrix product, and for more dimensions
the sum over the last axis of ``a`` and the second-to-last of ``b`` (not
``matmul``'s batches); gradients checked against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import myia
from myia.errors import MyiaShapeError

SHAPES = [
    ((2, 3), (2, 3, 4)),
    ((2, 2, 3), (2, 3, 4)),
    ((3,), (2, 3, 4)),
    ((2, 2, 3), (3,)),
    ((2, 3), (3, 4)),
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((4, 2, 3), (5, 3, 2)),
]


def dot(a, b):
    return np.dot(a, b)


def method(a, b):
    return a.dot(b)


def loss(a, b):
    return np.sum(np.sin(np.dot(a, b)))


@pytest.mark.parametrize("backend", ["cpu", "interp"])
@pytest.mark.parametrize("sa, sb", SHAPES)
def test_values_and_shapes_are_numpys(sa, sb, backend):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(sa), rng.standard_normal(sb)
    expected = np.dot(a, b)
    for fn in (dot, method):
        result = myia.jit(fn, backend=backend)(a, b)
        assert np.shape(result) == expected.shape
        np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_scalar_operands_multiply():
    x = np.arange(3.0)
    np.testing.assert_array_equal(myia.jit(dot)(2.0, x), 2.0 * x)
    np.testing.assert_array_equal(myia.jit(dot)(x, 3.0), 3.0 * x)
    assert myia.jit(dot)(2.0, 3.0) == 6.0


@pytest.mark.parametrize("sa, sb", SHAPES[:4])
def test_gradients(sa, sb):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(sa), rng.standard_normal(sb)
    da, db = myia.grad(loss, (0, 1))(a, b)
    eps = 1e-6
    for arg, grad, index in ((0, da, np.unravel_index(1, sa)), (1, db, np.unravel_index(2, sb))):
        step = [np.zeros(sa), np.zeros(sb)]
        step[arg][index] = eps
        numeric = (loss(a + step[0], b + step[1]) - loss(a - step[0], b - step[1])) / (2 * eps)
        assert grad[index] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_incompatible_shapes():
    with pytest.raises(
        MyiaShapeError, match=r"Incompatible shapes in dot: \(2, 3\) and \(2, 4, 5\)"
    ):
        myia.jit(dot)(np.ones((2, 3)), np.ones((2, 4, 5)))


def power_zero(x):
    return np.sum(np.power(x, 0.0))


def test_the_gradient_of_a_zero_power_at_zero_is_zero():
    """d/dx x ** 0 = 0 (x ** 0 is 1), at x = 0 too (not 0 * inf), at any order."""
    x = np.array([0.0, 2.0])
    np.testing.assert_array_equal(myia.grad(power_zero)(x), [0.0, 0.0])
    assert myia.grad(lambda_scalar_power_zero)(0.0) == 0.0
    assert myia.grad(myia.grad(lambda_scalar_power_zero))(0.0) == 0.0


def lambda_scalar_power_zero(x):
    return np.power(x, 0.0)
