"""Gradients where a derivative is infinite or undefined (the origin of ``sqrt``,
``hypot``, ``atan2``, a zero base of ``**``...): IEEE values, as JAX gives them,
never a Python exception from an operation the user did not write, in reverse
and forward mode, first and second order, on every typed backend.

The expected values are JAX's (0.10.2, float64; ``test_table_is_jax`` recomputes
them where JAX is installed). One deliberate difference: the second derivative
of ``arctanh`` at 1 is inf here (the limit of 2x / (1 - x**2)**2), nan in JAX
(its rule is a product of two reciprocals: inf - inf). Another: ``a ** b``
with respect to ``a`` where ``b`` is 0 is 0 here (the derivative of the
constant 1; autograd's answer), nan in JAX (``0 * a ** -1`` at ``a = 0``), and
so is the second derivative of ``a ** 1`` at 0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import myia

INF, NAN = math.inf, math.nan


def sqrt_(x):
    return math.sqrt(x)


def hypot_(x, y):
    return math.hypot(x, y)


def hypot_unused(x, y):
    return x + 0.0 * math.hypot(x, y)


def sqrt_unused(x):
    return x + 0.0 * math.sqrt(x)


def atan2_(y, x):
    return math.atan2(y, x)


def atan2_unused(y, x):
    return y + 0.0 * math.atan2(y, x)


def pow_(a, b):
    return a**b


def asin_(x):
    return math.asin(x)


def acos_(x):
    return math.acos(x)


def acosh_(x):
    return math.acosh(x)


def np_log(x):
    return np.log(x)


def np_log2(x):
    return np.log2(x)


def np_log10(x):
    return np.log10(x)


def np_log1p(x):
    return np.log1p(x)


def np_arctanh(x):
    return np.arctanh(x)


def np_sqrt(x):
    return np.sqrt(x)


# (function, arguments, argnum, first derivative, second derivative)
TABLE = [
    (sqrt_, (0.0,), 0, INF, -INF),
    (hypot_, (0.0, 0.0), 0, 0.5, 0.0),
    (hypot_, (0.0, 0.0), 1, 0.5, 0.0),
    (hypot_, (-0.0, 0.0), 0, 0.5, 0.0),
    (hypot_, (0.0, 1.0), 0, 0.0, 1.0),
    (hypot_unused, (0.0, 0.0), 0, 1.0, 0.0),
    (hypot_unused, (0.0, 0.0), 1, 0.0, 0.0),
    (sqrt_unused, (0.0,), 0, NAN, NAN),  # 0.0 * inf, under IEEE as in JAX
    (atan2_, (0.0, 0.0), 0, NAN, NAN),
    (atan2_, (0.0, 0.0), 1, NAN, NAN),
    (atan2_, (0.0, -1.0), 0, -1.0, 0.0),
    (atan2_unused, (0.0, 0.0), 0, NAN, NAN),
    (pow_, (0.0, 2.0), 0, 0.0, 2.0),
    (pow_, (0.0, 0.5), 0, INF, -INF),
    (pow_, (0.0, 2.0), 1, 0.0, 0.0),
    (pow_, (0.0, 0.0), 0, 0.0, 0.0),  # (JAX: nan, nan; see the docstring)
    (pow_, (0.0, 0.0), 1, 0.0, 0.0),
    (pow_, (0.0, 1.0), 0, 1.0, 0.0),  # (JAX: 1, nan)
    (pow_, (0.0, 3.0), 1, 0.0, 0.0),
    (pow_, (-2.0, 3.0), 0, 12.0, -12.0),
    (pow_, (-2.0, 2.0), 1, NAN, NAN),  # log of a negative base
    (asin_, (1.0,), 0, INF, INF),
    (acos_, (1.0,), 0, -INF, -INF),
    (acosh_, (1.0,), 0, INF, -INF),
    (np_log, (0.0,), 0, INF, -INF),
    (np_log2, (0.0,), 0, INF, -INF),
    (np_log10, (0.0,), 0, INF, -INF),
    (np_log1p, (-1.0,), 0, INF, -INF),
    (np_arctanh, (1.0,), 0, INF, INF),  # JAX: nan (see the module's docstring)
    (np_sqrt, (0.0,), 0, INF, -INF),
]


def case_id(case) -> str:
    fn, args, argnum, *_ = case
    return f"{fn.__name__}{args}-d{argnum}"


def arguments(fn, args):
    """numpy's functions on numpy scalars (Python floats would be math's domain)."""
    return tuple(np.float64(a) for a in args) if fn.__name__.startswith("np_") else args


def same(expected: float, got: float) -> bool:
    got = float(got)
    return (math.isnan(expected) and math.isnan(got)) or expected == got


@pytest.fixture(params=["auto", "never"])
def mode(request, monkeypatch):
    """Forward mode where myia.grad may use it, or reverse mode only."""
    import myia.passes.grad

    monkeypatch.setattr(myia.passes.grad, "FORWARD_MODE", request.param)
    return request.param


@pytest.mark.parametrize("backend", ["interp", "cpu"])
@pytest.mark.parametrize("case", TABLE, ids=case_id)
def test_singular_gradients_as_jax(case, backend, mode):
    fn, args, argnum, d1, d2 = case
    args = arguments(fn, args)
    first = myia.grad(fn, argnums=argnum, backend=backend)(*args)
    assert same(d1, first), first
    second = myia.grad(myia.grad(fn, argnums=argnum), argnums=argnum, backend=backend)(*args)
    assert same(d2, second), second


def test_table_is_jax():
    """The table's values, recomputed with JAX (not a test dependency)."""
    jax = pytest.importorskip("jax")
    jnp = pytest.importorskip("jax.numpy")
    jax.config.update("jax_enable_x64", True)
    same_in_jax = {
        "sqrt_": jnp.sqrt, "hypot_": jnp.hypot, "atan2_": jnp.arctan2,
        "hypot_unused": lambda x, y: x + 0.0 * jnp.hypot(x, y),
        "sqrt_unused": lambda x: x + 0.0 * jnp.sqrt(x),
        "atan2_unused": lambda y, x: y + 0.0 * jnp.arctan2(y, x),
        "pow_": lambda a, b: a**b, "asin_": jnp.arcsin, "acos_": jnp.arccos,
        "acosh_": jnp.arccosh, "np_log": jnp.log, "np_log2": jnp.log2, "np_log10": jnp.log10,
        "np_log1p": jnp.log1p, "np_arctanh": jnp.arctanh, "np_sqrt": jnp.sqrt,
    }  # fmt: skip
    for fn, args, argnum, d1, d2 in TABLE:
        f = same_in_jax[fn.__name__]
        first = jax.grad(f, argnums=argnum)(*args)
        second = jax.grad(jax.grad(f, argnums=argnum), argnums=argnum)(*args)
        jax_differs = fn is pow_ and args[0] == 0.0 and args[1] in (0.0, 1.0) and argnum == 0
        if jax_differs:  # (see the docstring)
            continue
        assert same(d1, first), (fn.__name__, args)
        if fn is not np_arctanh:
            assert same(d2, second), (fn.__name__, args)


# ---------------------------------------------------------------------------
# Near the singular points, the rules are the derivatives (finite differences)


def central_difference(f, args, i):
    h = 1e-5 * abs(args[i])  # a step on the scale of the point: near 0, small
    up, down = list(args), list(args)
    up[i] += h
    down[i] -= h
    return (f(*up) - f(*down)) / (2 * h)


def mod_(a, b):
    return a % b


@pytest.mark.parametrize("backend", ["interp", "cpu"])
@pytest.mark.parametrize(
    "fn, args",
    [
        (hypot_, (1e-3, -2e-3)),
        (atan2_, (1e-3, -2e-3)),
        (pow_, (1e-3, 0.5)),
        (pow_, (0.3, 2.5)),
        (mod_, (7.3, 2.1)),
        (mod_, (-7.3, 2.1)),
        (sqrt_, (1e-4,)),
    ],
)
def test_rules_are_derivatives_near_singular_points(fn, args, backend, mode):
    for i in range(len(args)):
        got = myia.grad(fn, argnums=i, backend=backend)(*args)
        assert got == pytest.approx(central_difference(fn, args, i), rel=1e-6, abs=1e-9)


# ---------------------------------------------------------------------------
# Arrays


def sum_sqrt(x):
    return np.sum(np.sqrt(x))


def sum_hypot(x, y):
    return np.sum(x + 0.0 * np.hypot(x, y))


def sum_power(x):
    return np.sum(x**0.5)


def mean_of_slice(x, n, m):
    return np.mean(x[n:m]) + np.sum(x)


@pytest.mark.parametrize("backend", ["interp", "cpu"])
def test_array_gradients_at_singular_points(backend):
    x = np.array([0.0, 1.0, 4.0])
    np.testing.assert_array_equal(myia.grad(sum_sqrt, backend=backend)(x), [INF, 0.5, 0.25])
    np.testing.assert_array_equal(myia.grad(sum_power, backend=backend)(x), [INF, 0.5, 0.25])
    zeros = np.zeros(3)
    np.testing.assert_array_equal(myia.grad(sum_hypot, backend=backend)(zeros, zeros), [1.0] * 3)


@pytest.mark.parametrize("backend", ["interp", "cpu"])
def test_gradient_of_the_mean_of_nothing(backend):
    """The mean of an empty slice is nan; its gradient (1 / 0 spread over no
    element) is an array of zeros from the other term, not ZeroDivisionError."""
    x = np.arange(4.0)
    g = myia.grad(mean_of_slice, backend=backend)(x, 2, 2)
    np.testing.assert_array_equal(g, np.ones(4))
