"""Custom derivatives: ``myia.custom_vjp`` for user functions and
``myia.register_bprop`` for primitives, on every backend with gradients."""

from __future__ import annotations

import math

import pytest

import myia
from myia.custom import restore_bprop
from myia.errors import MyiaError, MyiaSyntaxError, MyiaTypeError

BACKENDS = ["interp", "cpu"]


# ---------------------------------------------------------------------------
# custom_vjp


@myia.custom_vjp
def clip_gradient(x):
    return x


def clip_fwd(x):
    return x, None


def clip_bwd(residuals, dout):
    return (max(-1.0, min(1.0, dout)),)


clip_gradient.defvjp(clip_fwd, clip_bwd)


def clipped(x):
    return clip_gradient(x * 3.0) * 5.0


@myia.custom_vjp
def softplus(x):
    return math.log(1.0 + math.exp(x))


def softplus_fwd(x):
    return softplus(x), x


def softplus_bwd(x, dout):
    return (dout / (1.0 + math.exp(-x)),)


softplus.defvjp(softplus_fwd, softplus_bwd)


def uses_softplus(x):
    return softplus(x) * x


@myia.custom_vjp
def scaled_power(x, n, scale):
    """A function of a float, an int and a float, with a (deliberately wrong by
    a factor 10) rule for x and a true rule for scale: the rule is used."""
    return scale * x**n


def scaled_power_fwd(x, n, scale):
    y = x**n
    return scale * y, (x, n, scale, y)


def scaled_power_bwd(residuals, dout):
    x, n, scale, y = residuals
    return (10.0 * dout * scale * n * x ** (n - 1), None, dout * y)


scaled_power.defvjp(scaled_power_fwd, scaled_power_bwd)


def loop_of_custom(x, steps):
    acc = 0.0
    for _ in range(steps):
        acc = acc + scaled_power(x, 2, 0.5)
    return acc


@pytest.mark.parametrize("backend", BACKENDS)
def test_custom_vjp_replaces_the_derived_gradient(backend):
    assert myia.jit(clipped, backend=backend)(2.0) == 30.0
    assert myia.grad(clipped, backend=backend)(2.0) == 3.0  # 5 clipped to 1, times 3


@pytest.mark.parametrize("backend", BACKENDS)
def test_custom_vjp_is_differentiable_again(backend):
    x = 0.7
    s = 1.0 / (1.0 + math.exp(-x))
    first = myia.grad(uses_softplus, backend=backend)(x)
    second = myia.grad(myia.grad(uses_softplus), backend=backend)(x)
    assert first == pytest.approx(math.log(1 + math.exp(x)) + x * s, rel=1e-12)
    assert second == pytest.approx(2 * s + x * s * (1 - s), rel=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
def test_custom_vjp_with_residuals_ints_and_loops(backend):
    dx, dscale = myia.grad(scaled_power, argnums=(0, 2), backend=backend)(1.5, 3, 2.0)
    assert dx == pytest.approx(10 * 2.0 * 3 * 1.5**2)
    assert dscale == pytest.approx(1.5**3)
    assert myia.grad(loop_of_custom, backend=backend)(1.5, 4) == pytest.approx(
        4 * 10 * 0.5 * 2 * 1.5
    )


def test_custom_vjp_calls_from_python_run_the_function():
    assert clip_gradient(4.0) == 4.0
    assert softplus(0.0) == pytest.approx(math.log(2.0))
    assert "custom_vjp" in repr(softplus)


@myia.custom_vjp
def no_rules(x):
    return x


def uses_no_rules(x):
    return no_rules(x) * 2.0


@myia.custom_vjp
def bad_fwd(x):
    return x


def bad_fwd_fwd(x):
    return x


def bad_fwd_bwd(r, d):
    return (d,)


bad_fwd.defvjp(bad_fwd_fwd, bad_fwd_bwd)


@myia.custom_vjp
def bad_bwd(x, y):
    return x * y


def bad_bwd_fwd(x, y):
    return x * y, (x, y)


def bad_bwd_bwd(r, d):
    return (d * r[1],)


bad_bwd.defvjp(bad_bwd_fwd, bad_bwd_bwd)


def test_custom_vjp_errors_point_at_the_rules():
    with pytest.raises(
        MyiaSyntaxError, match=r"no_rules is a myia.custom_vjp without rules"
    ) as info:
        myia.jit(uses_no_rules)(1.0)
    assert info.value.location is not None and info.value.location.line > 0
    with pytest.raises(MyiaTypeError, match=r"must return \(output, residuals\)") as info:
        myia.grad(bad_fwd)(1.0)
    assert "bad_fwd_fwd" in str(info.value) and "return x" in str(info.value)
    with pytest.raises(MyiaTypeError, match=r"tuple of 2 sensitivities") as info:
        myia.grad(bad_bwd)(1.0, 2.0)
    assert "return (d * r[1],)" in str(info.value)
    with pytest.raises(MyiaError, match="Python function"):
        clip_gradient.defvjp(clip_fwd, 3)


# ---------------------------------------------------------------------------
# register_bprop


@pytest.fixture
def restore_pow_and_sin():
    yield
    restore_bprop("pow")
    restore_bprop("sin")


def power(x, y):
    return x**y


def sine_twice(x):
    return math.sin(x) * 2.0


@pytest.mark.parametrize("backend", BACKENDS)
def test_register_bprop_replaces_a_primitive_rule(backend, restore_pow_and_sin):
    @myia.register_bprop("pow")
    def bprop_pow(x, y, out, dout):
        # The talk's rule, with d/dy scaled by 100 to show that this one runs.
        return (dout * y * x ** (y - 1), 100.0 * dout * out * math.log(x))

    dx, dy = myia.grad(power, argnums=(0, 1), backend=backend)(2.0, 3.0)
    assert dx == pytest.approx(12.0)
    assert dy == pytest.approx(100 * 8.0 * math.log(2.0))
    restore_bprop("pow")
    dx, dy = myia.grad(power, argnums=(0, 1), backend=backend)(2.0, 3.0)
    assert dy == pytest.approx(8.0 * math.log(2.0))


@pytest.mark.parametrize("backend", BACKENDS)
def test_register_bprop_rules_are_differentiable(backend, restore_pow_and_sin):
    @myia.register_bprop("sin")
    def bprop_sin(x, out, dout):
        return (dout * 100.0 * math.cos(x),)

    x = 0.5
    assert myia.grad(sine_twice, backend=backend)(x) == pytest.approx(200 * math.cos(x))
    # The second derivative differentiates the user's rule (cos keeps its own).
    second = myia.grad(myia.grad(sine_twice), backend=backend)(x)
    assert second == pytest.approx(-200 * math.sin(x))


def test_register_bprop_errors(restore_pow_and_sin):
    with pytest.raises(MyiaError, match="no primitive named 'sine'"):
        myia.register_bprop("sine")

    @myia.register_bprop("sin")
    def wrong_arity(x, out, dout):
        return (dout, dout)

    with pytest.raises(MyiaTypeError, match="must return a tuple of 1 sensitivities"):
        myia.grad(sine_twice)(0.5)
