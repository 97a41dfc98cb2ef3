"""Time of the gradient pass (``myia-grad``) on typed modules, and the share of
it spent dropping unread results between orders of differentiation
(``prune_dead_results`` and ``prune_dead_captures``, run once per order), for
first-order gradients of array models and for higher orders of scalar code,
in forward-where-possible and reverse-only modes; then the size of the
gradient code the cpu backend compiles (ops after simplification), and the
cold compile time of the whole gradient on the cpu backend (its first call).

Run: .venv/bin/python bench/bench_grad_orders.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np
from bench_array_grad import rnn_loss
from models import cost, make_mlp

import myia
import myia.passes.grad
import myia.passes.grad.dead_results as dead_results
import myia.passes.grad.transform as transform
from myia.dialects.abstract_of_values import abstract_of
from myia.dialects.record_classes import record_class_name
from myia.frontend import Frontend
from myia.lowering.pipelines import run_passes, simplify_passes
from myia.passes.grad import expand_gradients
from myia.passes.infer import infer_module


def poly(x, y):
    return x**3 * y + x * y**2 + x**0.5


def d1(x, y):
    return myia.grad(poly)(x, y)


def d2(x, y):
    return myia.grad(myia.grad(poly))(x, y)


def d3(x, y):
    return myia.grad(myia.grad(myia.grad(poly)))(x, y)


def d4(x, y):
    return myia.grad(myia.grad(myia.grad(myia.grad(poly))))(x, y)


def mlp_grad(model, x, y):
    return myia.value_and_grad(cost)(model, x, y)


def rnn_grad(wx, wh, b, xs, h0):
    return myia.grad(rnn_loss, argnums=(0, 1, 2))(wx, wh, b, xs, h0)


class PruneClock:
    """Seconds spent in the two pruning functions (wrapped in place)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        for name in ("prune_dead_results", "prune_dead_captures"):
            original = getattr(dead_results, name, None)
            if original is not None:
                setattr(dead_results, name, self.timed(original))

    def timed(self, fn):
        def run(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0

        return run


def typed(fn, args):
    fe = Frontend()
    entry = fe.function(fn)
    signature = [abstract_of(a, record_class_name) for a in args]
    module, _ = infer_module(fe.module, entry, signature, fe)
    return module


def cold_compile(fn, args, forward: str) -> float:
    saved = myia.passes.grad.FORWARD_MODE
    myia.passes.grad.FORWARD_MODE = forward
    try:
        t0 = time.perf_counter()
        myia.jit(fn, backend="cpu")(*args)
        return time.perf_counter() - t0
    finally:
        myia.passes.grad.FORWARD_MODE = saved


def measure(clock: PruneClock, fn, args, forward: str, repeat: int = 5):
    module = typed(fn, args)
    best_total, best_prune = float("inf"), 0.0
    for _ in range(repeat):
        m = module.clone()
        clock.seconds = 0.0
        t0 = time.perf_counter()
        expand_gradients(m, forward=forward)
        total = time.perf_counter() - t0
        if total < best_total:
            best_total, best_prune = total, clock.seconds
    run_passes(simplify_passes(), m)
    ops = sum(1 for _ in m.walk())
    return best_total, best_prune, ops


def main() -> None:
    assert transform  # the pass imports dead_results' functions when it runs
    clock = PruneClock()
    rng = np.random.default_rng(0)
    rnn_args = (
        rng.standard_normal((8, 16)),
        rng.standard_normal((16, 16)) * 0.1,
        np.zeros(16),
        rng.standard_normal((20, 4, 8)),
        np.zeros((4, 16)),
    )
    cases = [
        ("poly, 1st order", d1, (0.7, 1.3)),
        ("poly, 2nd order", d2, (0.7, 1.3)),
        ("poly, 3rd order", d3, (0.7, 1.3)),
        ("poly, 4th order", d4, (0.7, 1.3)),
        ("MLP value_and_grad", mlp_grad, make_mlp(sizes=(32, 16, 4), batch=8)),
        ("RNN grad (20 steps)", rnn_grad, rnn_args),
    ]
    print(
        f"{'':24s} {'mode':8s} {'myia-grad':>10s} {'pruning':>9s} {'share':>6s} {'ops':>6s}"
        f" {'cold compile':>12s}"
    )
    for name, fn, args in cases:
        for forward in ("auto", "never"):
            total, prune, ops = measure(clock, fn, args, forward)
            compile_time = cold_compile(fn, args, forward)
            print(
                f"{name:24s} {forward:8s} {total * 1e3:8.1f}ms {prune * 1e3:7.1f}ms"
                f" {prune / total:6.1%} {ops:6d} {compile_time * 1e3:10.0f}ms"
            )


if __name__ == "__main__":
    main()
