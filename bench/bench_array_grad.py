"""Gradients of array programs natively: myia's cpu backend against numpy by hand, side by side.

Run: .venv/bin/python bench/bench_array_grad.py [--quick] [mlp32 mlp64 elementwise rnn32 rnn64]
Times are the best of several repeats, measured in one run (the MLP's three
in turns); cold compile is
the first call of a new jit function in a warm process (frontend, inference,
grad, simplification, lowering, LLVM).

* MLP training step: the talk's 2-layer tanh MLP (bench/models.py), 784-256-10,
  batch 256, squared loss (mean over the batch): ``myia.jit`` of a step calling
  ``myia.value_and_grad(cost)`` (loss and the gradient of every weight), against
  the same step written by hand in numpy and against its five GEMMs alone.
* Elementwise: the gradient of ``np.sum(np.exp(np.sin(x)) * x)`` over 10**7
  float32, against numpy by hand (``e = exp(sin x); e * cos(x) * x + e``).
* RNN: tanh RNN, hidden 128, input 64, 50 steps, batch 32, loss ``sum(h*h)``
  of the last state: the gradient of the weights through a Python ``for`` loop,
  against backpropagation through time written by hand in numpy.

JAX (``jax.jit`` of ``value_and_grad``/``grad``; ``lax.scan`` for the RNN) is
measured too when it is installed.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

import timing
from models import cost, make_mlp

import myia

# ---------------------------------------------------------------------------
# The programs


def mlp_step(model, x, y):
    return myia.value_and_grad(cost)(model, x, y)


def numpy_mlp_step(model, x, y):
    l1, l2 = model.layers
    h = np.tanh(x @ l1.W + l1.b)
    out = np.tanh(h @ l2.W + l2.b)
    n = x.shape[0]
    diff = out - y
    loss = np.sum(diff * diff) / n
    d2 = (2 / n) * diff * (1 - out * out)
    d1 = (d2 @ l2.W.T) * (1 - h * h)
    grads = (x.T @ d1, d1.sum(axis=0, keepdims=True), h.T @ d2, d2.sum(axis=0, keepdims=True))
    return loss, grads


def elementwise(x):
    return np.sum(np.exp(np.sin(x)) * x)


def elementwise_grad(x):
    return myia.grad(elementwise)(x)


def numpy_elementwise_grad(x):
    e = np.exp(np.sin(x))
    return e * np.cos(x) * x + e


def rnn_loss(wx, wh, b, xs, h0):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ wx + h @ wh + b)
    return np.sum(h * h)


def rnn_grad(wx, wh, b, xs, h0):
    return myia.grad(rnn_loss, argnums=(0, 1, 2))(wx, wh, b, xs, h0)


def numpy_rnn_grad(wx, wh, b, xs, h0):
    hs = [h0]
    for t in range(xs.shape[0]):
        hs.append(np.tanh(xs[t] @ wx + hs[-1] @ wh + b))
    dwx, dwh, db = np.zeros_like(wx), np.zeros_like(wh), np.zeros_like(b)
    dh = 2 * hs[-1]
    for t in reversed(range(xs.shape[0])):
        da = dh * (1 - hs[t + 1] * hs[t + 1])
        dwx += xs[t].T @ da
        dwh += hs[t].T @ da
        db += da.sum(axis=0)
        dh = da @ wh.T
    return dwx, dwh, db


# ---------------------------------------------------------------------------
# Measuring


def best(fn, args):
    return timing.best(fn, args, repeat=15, target=0.05)


def cold(fn, args):
    return timing.cold(lambda: myia.jit(fn, backend="cpu"), args)


def flat(v):
    if isinstance(v, tuple | list):
        return [x for item in v for x in flat(item)]
    if hasattr(v, "layers"):
        return [x for layer in v.layers for x in (layer.W, layer.b)]
    return [v]


def check(actual, expected, rtol):
    for a, e in zip(flat(actual), flat(expected), strict=True):
        np.testing.assert_allclose(a, e, rtol=rtol, atol=rtol * np.max(np.abs(e)))


def line(name, t, ref=None, ref_name=""):
    extra = f"   ({t / ref:.2f}x {ref_name})" if ref else ""
    print(f"  {name:<28}{t * 1e3:9.3f} ms{extra}")


def gemms(x, w1, h, w2, d2, d1):
    """The five matrix products of the training step."""
    return x @ w1, h @ w2, h.T @ d2, d2 @ w2.T, x.T @ d1


def jax_mlp_step(dtype, model, x, y):
    """JAX's jit(value_and_grad) of the same loss on a tuple of the weights
    (None when JAX is not installed)."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    if dtype == np.float64:
        jax.config.update("jax_enable_x64", True)

    def loss(params, x, y):
        (w1, b1), (w2, b2) = params
        out = jnp.tanh(jnp.tanh(x @ w1 + b1) @ w2 + b2)
        diff = y - out
        return jnp.sum(diff * diff) / x.shape[0]

    params = tuple((layer.W, layer.b) for layer in model.layers)
    f = jax.jit(jax.value_and_grad(loss))

    def run():
        return jax.block_until_ready(f(params, x, y))

    return run


def jax_elementwise_grad(x):
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    f = jax.jit(jax.grad(lambda x: jnp.sum(jnp.exp(jnp.sin(x)) * x)))
    return lambda: jax.block_until_ready(f(x))


def jax_rnn_grad(args):
    """``lax.scan`` over the steps (JAX's way to write the loop)."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    if args[0].dtype == np.float64:
        jax.config.update("jax_enable_x64", True)

    def loss(wx, wh, b, xs, h0):
        def cell(h, x):
            h = jnp.tanh(x @ wx + h @ wh + b)
            return h, None

        h, _ = jax.lax.scan(cell, h0, xs)
        return jnp.sum(h * h)

    f = jax.jit(jax.grad(loss, argnums=(0, 1, 2)))
    return lambda: jax.block_until_ready(f(*args))


def header() -> None:
    from myia.runtime.array_runtime import ensure

    rt = ensure()
    print(
        f"threads: {rt.threads}, BLAS: {os.path.basename(rt.blas_path or 'fallback loops')}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    myia.jit(lambda a: a + 1.0, backend="cpu")(np.ones(2))  # JIT start-up is not counted below


def bench_mlp(dtype) -> None:
    model, x, y = make_mlp(dtype=dtype)
    f, compile_time = cold(mlp_step, (model, x, y))
    check(f(model, x, y), numpy_mlp_step(model, x, y), 2e-4 if dtype == np.float32 else 1e-10)
    l1, l2 = model.layers
    h = np.tanh(x @ l1.W + l1.b)
    d2 = np.ones((x.shape[0], l2.W.shape[1]), dtype)
    d1 = np.ones_like(h)
    times = timing.interleaved(
        {
            "gemm": (gemms, (x, l1.W, h, l2.W, d2, d1)),
            "numpy": (numpy_mlp_step, (model, x, y)),
            "myia": (f, (model, x, y)),
        },
        rounds=9,
        repeat=5,
        target=0.05,
    )
    t_gemm, t_np, t_my = times["gemm"], times["numpy"], times["myia"]
    print(
        f"MLP training step 784-256-10, batch 256, {np.dtype(dtype).name} (loss and all gradients)"
    )
    line("the five GEMMs alone", t_gemm)
    line("numpy by hand", t_np, t_gemm, "GEMMs")
    line("myia", t_my, t_gemm, "GEMMs")
    jax_run = jax_mlp_step(dtype, model, x, y)
    if jax_run is not None:
        line("JAX jit(value_and_grad)", best(jax_run, ()), t_gemm, "GEMMs")
    print(f"  myia/numpy {t_my / t_np:.2f}x; cold compile (myia): {compile_time:.3f} s")


def bench_elementwise(quick: bool) -> None:
    n = 10**6 if quick else 10**7
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    f, compile_time = cold(elementwise_grad, (x,))
    check(f(x), numpy_elementwise_grad(x), 1e-4)
    t_np = best(numpy_elementwise_grad, (x,))
    t_my = best(f, (x,))
    print(f"gradient of np.sum(np.exp(np.sin(x)) * x), {n:,} float32")
    line("numpy by hand", t_np)
    line("myia", t_my, t_np, "numpy")
    jax_run = jax_elementwise_grad(x)
    if jax_run is not None:
        line("JAX jit(grad)", best(jax_run, ()), t_np, "numpy")
    print(f"  cold compile (myia): {compile_time:.3f} s")


def bench_rnn(dtype) -> None:
    rng = np.random.default_rng(0)
    steps, batch, inputs, hidden = 50, 32, 64, 128
    args = (
        (rng.standard_normal((inputs, hidden)) / np.sqrt(inputs)).astype(dtype),
        (rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)).astype(dtype),
        np.zeros(hidden, dtype),
        rng.standard_normal((steps, batch, inputs)).astype(dtype),
        np.zeros((batch, hidden), dtype),
    )
    f, compile_time = cold(rnn_grad, args)
    check(f(*args), numpy_rnn_grad(*args), 2e-3 if dtype == np.float32 else 1e-9)
    t_np = best(numpy_rnn_grad, args)
    t_my = best(f, args)
    print(
        f"tanh RNN gradient, hidden {hidden}, input {inputs}, {steps} steps, batch {batch}, "
        f"{np.dtype(dtype).name} (Python for loop)"
    )
    line("numpy BPTT by hand", t_np)
    line("myia", t_my, t_np, "numpy")
    jax_run = jax_rnn_grad(args)
    if jax_run is not None:
        t_jax = best(jax_run, ())
        line("JAX jit(grad), lax.scan", t_jax, t_np, "numpy")
        print(f"  myia/JAX {t_my / t_jax:.2f}x")
    print(f"  cold compile (myia): {compile_time:.3f} s")


SECTIONS = {
    "mlp32": lambda quick: bench_mlp(np.float32),
    "mlp64": lambda quick: bench_mlp(np.float64),
    "elementwise": bench_elementwise,
    "rnn32": lambda quick: bench_rnn(np.float32),
    "rnn64": lambda quick: bench_rnn(np.float64),
}


def main(argv: list[str]) -> None:
    """Each section in its own process (JAX's thread pool, once started, and
    the JIT's caches do not leak from one into the next)."""
    import subprocess

    quick = "--quick" in argv
    chosen = [a for a in argv if a in SECTIONS]
    if len(chosen) == 1:
        header()
        SECTIONS[chosen[0]](quick)
        return
    for name in chosen or SECTIONS:
        args = [sys.executable, __file__, name] + (["--quick"] if quick else [])
        subprocess.run(args, check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
