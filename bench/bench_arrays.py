"""Array programs natively: myia's cpu backend against numpy (and numba), side by side.

Run: .venv/bin/python bench/bench_arrays.py [--quick]
For each program: run time (best of several repeats) for numpy and myia (and
numba where it applies), the ratio myia/numpy, and the cold compile time (first
call, frontend to native code) in this warm process.

* MLP forward: the talk's 2-layer tanh MLP (bench/models.py), 784-256-10, batch
  256, squared loss: the loss and the output, float32 and float64.
* Elementwise: ``np.sum(np.exp(np.sin(x)) * x)`` over 10**7 float32.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

import timing
from models import make_mlp

import myia


def mlp_forward(model, x, y):
    out = model.apply(x)
    diff = out - y
    return np.sum(diff * diff), out


def numpy_mlp_forward(model, x, y):
    h = np.tanh(x @ model.layers[0].W + model.layers[0].b)
    out = np.tanh(h @ model.layers[1].W + model.layers[1].b)
    diff = out - y
    return np.sum(diff * diff), out


def elementwise(x):
    return np.sum(np.exp(np.sin(x)) * x)


def best(fn, args):
    return timing.best(fn, args, target=0.05)


def cold(fn, args):
    return timing.cold(lambda: myia.jit(fn, backend="cpu"), args)


def check(a, b, rtol):
    for x, y in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
        np.testing.assert_allclose(x, y, rtol=rtol, atol=rtol * np.max(np.abs(y)))


def report(name, numpy_time, myia_time, compile_time, extra=""):
    ratio = myia_time / numpy_time
    print(f"{name}")
    print(f"  numpy   {numpy_time * 1e3:9.3f} ms")
    print(f"  myia    {myia_time * 1e3:9.3f} ms   ({ratio:.2f}x numpy){extra}")
    print(f"  cold compile (myia, frontend to native): {compile_time:.3f} s")


def main(quick: bool = False) -> None:
    from myia.runtime.array_runtime import ensure

    rt = ensure()
    print(f"threads: {rt.threads}, BLAS: {os.path.basename(rt.blas_path or 'fallback loops')}")
    # Compile once before timing cold compiles, so that JIT start-up is not counted.
    myia.jit(lambda a: a + 1.0, backend="cpu")(np.ones(2))
    for dtype in (np.float32, np.float64):
        model, x, y = make_mlp(dtype=dtype)
        f, compile_time = cold(mlp_forward, (model, x, y))
        check(
            f(model, x, y), numpy_mlp_forward(model, x, y), 1e-4 if dtype == np.float32 else 1e-10
        )
        t_np = best(numpy_mlp_forward, (model, x, y))
        t_my = best(f, (model, x, y))
        h = np.tanh(x @ model.layers[0].W)
        w1, w2 = model.layers[0].W, model.layers[1].W
        t_gemm = best(lambda: (x @ w1, h @ w2), ())
        extra = f"\n  the 2 GEMMs alone (numpy): {t_gemm * 1e3:.3f} ms (myia is {t_my / t_gemm:.2f}x them)"
        report(
            f"MLP forward 784-256-10, batch 256, {np.dtype(dtype).name}",
            t_np,
            t_my,
            compile_time,
            extra,
        )
    n = 10**6 if quick else 10**7
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    f, compile_time = cold(elementwise, (x,))
    np.testing.assert_allclose(f(x), elementwise(x), rtol=1e-4)
    t_np = best(elementwise, (x,))
    t_my = best(f, (x,))
    extra = ""
    try:
        import numba

        @numba.njit(parallel=True, fastmath=False)
        def nb(x):
            return np.sum(np.exp(np.sin(x)) * x)

        nb(x)
        t_nb = best(nb, (x,))
        extra = (
            f"\n  numba   {t_nb * 1e3:9.3f} ms   (parallel=True; myia is {t_my / t_nb:.2f}x numba)"
        )
    except Exception as exc:
        extra = f"\n  numba: unavailable ({exc})"
    report(
        f"elementwise np.sum(np.exp(np.sin(x)) * x), {n:,} float32", t_np, t_my, compile_time, extra
    )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
