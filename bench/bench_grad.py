"""Gradients of scalar code natively: myia's grad on the cpu backend against a
hand-written derivative compiled by numba, JAX's jit(grad) and autograd, side
by side; then the compile time of grad(f) against that of f.

A gradient with respect to one float scalar of scalar code is a forward-mode
derivative by default (``myia-grad{forward=auto}``, passes/grad/forward_mode.py);
the "reverse" columns force reverse mode (``forward=never``) for comparison.

Run: .venv/bin/python bench/bench_grad.py
(JAX and autograd are optional: `.venv/bin/pip install -e '.[bench]'`.)
"""

from __future__ import annotations

import math

import numba
from bench_scalar import recursion, scalar_loop, warm_up
from timing import best, cold

import myia
import myia.passes.grad
from myia.runtime.jit import get_jit


def compiled_in_mode(fn, forward: str, args):
    """myia.grad(fn) compiled by its first call with myia-grad's ``forward``
    option, and the seconds that call took."""
    saved = myia.passes.grad.FORWARD_MODE
    myia.passes.grad.FORWARD_MODE = forward
    try:
        return cold(lambda: myia.grad(fn, backend="cpu"), args)
    finally:
        myia.passes.grad.FORWARD_MODE = saved


# -- hand-written derivatives, compiled by numba ----------------------------------


@numba.njit
def nb_scalar_loop_grad(x):
    """Forward-mode by hand: the tangent rides along the loop."""
    dx = 1.0
    for _ in range(1000):
        t = math.tanh(x)
        dx = dx * (1.0 - t * t) * 1.0001
        x = t * 1.0001 + 0.1
    return dx


@numba.njit
def nb_recursion_grad(x, n):
    """The value and its derivative, by hand, through the recursion."""
    if n <= 1:
        return x, 1.0
    a, da = nb_recursion_grad(x, n - 1)
    b, db = nb_recursion_grad(x, n - 2)
    s = math.sin(x)
    return a * 0.5 + b * s, da * 0.5 + db * s + b * math.cos(x)


def nb_recursion_dx(x, n):
    return nb_recursion_grad(x, n)[1]


# -- the same functions for JAX and autograd ---------------------------------------


def jax_versions():
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)

    def loop(x):
        for _ in range(1000):
            x = jnp.tanh(x) * 1.0001 + 0.1
        return x

    return jax.jit(jax.grad(loop))


def autograd_versions():
    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        return None

    def loop(x):
        for _ in range(1000):
            x = anp.tanh(x) * 1.0001 + 0.1
        return x

    def rec(x, n):
        if n <= 1:
            return x
        return rec(x, n - 1) * 0.5 + rec(x, n - 2) * anp.sin(x)

    return autograd.grad(loop), autograd.grad(rec)


def main() -> None:
    warm_up()
    jax_loop = jax_versions()
    ag = autograd_versions()
    cases = [
        (
            "d/dx scalar loop (1000 tanh)",
            scalar_loop,
            nb_scalar_loop_grad,
            jax_loop,
            ag[0] if ag else None,
            (0.5,),
        ),
        ("d/dx recursion n=20", recursion, nb_recursion_dx, None, ag[1] if ag else None, (0.7, 20)),
    ]
    print(
        f"{'gradient':30} {'numba(hand)':>12} {'myia':>10} {'myia/numba':>11} "
        f"{'reverse':>10} {'rev/numba':>10} {'JAX jit':>10} {'autograd':>10}"
    )
    for name, fn, hand, jx, agf, args in cases:
        my, _ = compiled_in_mode(fn, "auto", args)
        rev, _ = compiled_in_mode(fn, "never", args)
        expected = hand(*args)
        for g in (my, rev):
            assert abs(g(*args) - expected) <= 1e-9 * max(1, abs(expected)), (
                name,
                g(*args),
                expected,
            )
        t_nb = best(hand, args)
        t_my = best(my, args)
        t_rev = best(rev, args)
        cols = ""
        if jx is not None:
            jx(*args)
            t_jx = best(jx, args)
            cols += f" {t_jx * 1e6:8.1f}us"
        else:
            cols += f" {'-':>10}"
        if agf is not None:
            t_ag = best(agf, args, repeat=2, number=1)
            cols += f" {t_ag * 1e3:8.1f}ms"
        else:
            cols += f" {'-':>10}"
        print(
            f"{name:30} {t_nb * 1e6:10.1f}us {t_my * 1e6:8.1f}us {t_my / t_nb:10.2f}x "
            f"{t_rev * 1e6:8.1f}us {t_rev / t_nb:9.2f}x{cols}"
        )

    print()
    print(
        f"{'cold compile (first call)':30} {'f':>10} {'grad(f)':>10} {'ratio':>8} "
        f"{'reverse':>10} {'ratio':>8}"
    )
    jit = get_jit()
    for name, fn, args in (
        ("scalar loop", scalar_loop, (0.5,)),
        ("recursion", recursion, (0.7, 20)),
    ):
        times: dict[str, list[float]] = {"f": [], "auto": [], "never": []}
        for _ in range(5):
            jit._modules.clear()
            times["f"].append(cold(lambda: myia.jit(fn, backend="cpu"), args)[1])
            for mode in ("auto", "never"):
                jit._modules.clear()
                times[mode].append(compiled_in_mode(fn, mode, args)[1])
        t_f, t_g, t_r = (min(times[k]) for k in ("f", "auto", "never"))
        print(
            f"{name:30} {t_f * 1e3:8.1f}ms {t_g * 1e3:8.1f}ms {t_g / t_f:7.2f}x "
            f"{t_r * 1e3:8.1f}ms {t_r / t_f:7.2f}x"
        )


if __name__ == "__main__":
    main()
