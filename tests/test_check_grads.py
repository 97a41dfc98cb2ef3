"""``myia.check_grads``: derivatives up to order N against finite differences,
naming the order, the argument, the index and both values on a mismatch."""

from __future__ import annotations

import re

import numpy as np
import pytest

import myia
from myia.errors import MyiaError, MyiaGradientCheckError


def model(x, y, n):
    return np.sum(np.sin(x) * y) + y**3 * n


def test_correct_derivatives_pass_up_to_order_three():
    x = np.array([[0.3, -0.5], [1.2, 0.1]])
    myia.check_grads(model, (x, 0.7, 2), order=3)
    myia.check_grads(model, (x, 0.7, 2), order=2, argnums="y", backend="interp")


@myia.custom_vjp
def cube(x):
    return x * x * x


def cube_fwd(x):
    return x * x * x, x


def cube_bwd(x, dout):
    return (dout * 3.0 * x,)  # wrong: 3 x instead of 3 x**2


cube.defvjp(cube_fwd, cube_bwd)


def uses_cube(x, y):
    return np.sum(cube(x)) + y


def test_a_wrong_gradient_names_the_argument_and_the_index():
    x = np.array([0.5, 2.0])
    with pytest.raises(MyiaGradientCheckError) as info:
        myia.check_grads(uses_cube, (x, 1.0))
    message = str(info.value)
    # 3 * 0.5 by the wrong rule, 3 * 0.5**2 by finite differences.
    pattern = r"check_grads\(uses_cube\): the first derivative along 'x'\[0\] is 1\.5 by myia but 0\.7[45]\d* by finite"
    assert re.match(pattern, message)
    assert isinstance(info.value, AssertionError)


@myia.custom_vjp
def square_wrong_slope(x):
    return x * x


def square_fwd(x):
    return x * x, x


def square_wrong_bwd(x, dout):
    return (dout * x,)  # wrong: x instead of 2 x


square_wrong_slope.defvjp(square_fwd, square_wrong_bwd)


@myia.custom_vjp
def cube_right_slope(x):
    return x * x * x


def cube_right_fwd(x):
    return x * x * x, x


def cube_right_bwd(x, dout):
    # 3 x**2: the right first derivative, whose own derivative is wrong.
    return (dout * 3.0 * square_wrong_slope(x),)


cube_right_slope.defvjp(cube_right_fwd, cube_right_bwd)


def test_orders_are_checked_one_after_the_other():
    myia.check_grads(cube_right_slope, (0.8,), order=1)
    with pytest.raises(MyiaGradientCheckError) as info:
        myia.check_grads(cube_right_slope, (0.8,), order=2)
    # 3 * 0.8 by the wrong rule, 6 * 0.8 by finite differences.
    pattern = r"the second derivative along 'x' is 2\.4\d* by myia but 4\.(8|79)\d* by finite"
    assert re.search(pattern, str(info.value))


def test_mistakes_in_the_call_are_myia_errors():
    with pytest.raises(MyiaError, match="order is at least 1"):
        myia.check_grads(model, (1.0, 1.0, 1), order=0)
    with pytest.raises(MyiaError, match="the argument 'n' is not a float"):
        myia.check_grads(model, (1.0, 1.0, 1), argnums="n")
    with pytest.raises(MyiaError, match="no argument 'z'"):
        myia.check_grads(model, (1.0, 1.0, 1), argnums="z")
    with pytest.raises(MyiaError, match="takes 3 arguments, not 2"):
        myia.check_grads(model, (1.0, 1.0))
