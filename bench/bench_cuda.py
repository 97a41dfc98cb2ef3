"""The cuda backend on a GPU, against CuPy and JAX, side by side.

Run: .venv/bin/python bench/bench_cuda.py          (needs an NVIDIA GPU and the cuda extra)
     .venv/bin/python bench/bench_cuda.py --counts (any machine: numba's simulator)

* MLP training step: the talk's 2-layer tanh MLP, 784-256-10, batch 256, float32:
  ``myia.value_and_grad(cost)`` (bench/bench_array_grad.py's program), against the
  same step written by hand with CuPy (numpy's code on CuPy arrays) and JAX's
  ``jit(value_and_grad)``.
* RNN: tanh RNN, hidden 128, input 64, 50 steps, batch 32, float32: the gradient
  of the weights through a Python loop, against backpropagation through time by hand
  with CuPy and JAX's ``lax.scan``.
* Elementwise: the gradient of ``np.sum(np.exp(np.sin(x)) * x)`` over 10**7 float32.

Inputs are on the device (numba device arrays for myia: results stay there); each
time includes the synchronization of the device. Without a GPU the benchmark says so
and exits 0 (the simulator runs each thread as a Python thread: no timing of it means
anything). ``--counts`` runs examples/mlp.py's training step (on the simulator when
there is no GPU) and prints its kernel launches and transfers per call.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from myia.runtime.cuda_device import has_cuda_gpu

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))


def counts() -> None:
    """Launches and transfers per call of examples/mlp.py's training step."""
    if not has_cuda_gpu():
        os.environ["NUMBA_ENABLE_CUDASIM"] = "1"  # (before numba.cuda is imported)
    import mlp

    import myia
    from myia.runtime.cuda_device import counters, reset_counters, simulated

    sizes, batch = (10, 16, 1), 8  # (the counts do not depend on the sizes)
    model, (x, y) = mlp.setup(sizes=sizes, batch=batch)
    step = myia.jit(mlp.step, backend="cuda")
    step(model, x, y, 0.05)
    reset_counters()
    step(model, x, y, 0.05)
    c = counters()
    where = "numba's CUDA simulator" if simulated() else "the GPU"
    print(f"examples/mlp.py step, sizes {sizes}, batch {batch}, float64, on {where}, per call:")
    print(f"  kernel launches          {c['launches']}")
    print(f"  host-to-device copies    {c['to_device']}  (6 array arguments)")
    print(f"  device-to-host copies    {c['to_host']}  (4 array results)")
    print(f"  device allocations       {c['allocations']}  (buffers reused from the first call)")


# ---------------------------------------------------------------------------
# On a GPU


def line(name: str, t: float | None, ref: float | None = None, ref_name: str = "") -> None:
    if t is None:
        print(f"  {name:<30}(not installed)")
        return
    extra = f"   ({t / ref:.2f}x {ref_name})" if ref else ""
    print(f"  {name:<30}{t * 1e3:9.3f} ms{extra}")


class Gpu:
    """The device libraries, each None when not installed."""

    def __init__(self) -> None:
        from numba import cuda

        self.cuda = cuda
        try:
            import cupy
        except ImportError:
            cupy = None
        self.cupy = cupy
        try:
            import jax

            jax = jax if any(d.platform == "gpu" for d in jax.devices()) else None
        except (ImportError, RuntimeError):
            jax = None
        self.jax = jax

    def timed(self, fn, *args) -> float:
        """Seconds per call, the device synchronized after each."""
        import timing

        def run() -> None:
            fn(*args)
            self.cuda.synchronize()

        return timing.best(run, (), repeat=15, target=0.1)

    def cupy_timed(self, fn, *args) -> float | None:
        if self.cupy is None:
            return None
        import timing

        cp = self.cupy

        def run() -> None:
            fn(*args)
            cp.cuda.Device().synchronize()

        return timing.best(run, (), repeat=15, target=0.1)

    def jax_timed(self, fn, *args) -> float | None:
        if self.jax is None:
            return None
        import timing

        jax = self.jax
        args = jax.device_put(args)
        return timing.best(lambda: jax.block_until_ready(fn(*args)), (), repeat=15, target=0.1)


def on_device(value, to_device):
    """``value`` (arrays, tuples, the models' dataclasses) with its arrays on the device."""
    if isinstance(value, np.ndarray):
        return to_device(value)
    if isinstance(value, tuple):
        return tuple(on_device(v, to_device) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        fields = {
            name: on_device(getattr(value, name), to_device) for name in value.__dataclass_fields__
        }
        return type(value)(**fields)
    return value


def bench_mlp(gpu: Gpu) -> None:
    import timing
    from bench_array_grad import check, mlp_step, numpy_mlp_step
    from models import make_mlp

    import myia

    model, x, y = make_mlp(dtype=np.float32)
    args = on_device((model, x, y), gpu.cuda.to_device)
    f, compile_time = timing.cold(lambda: myia.jit(mlp_step, backend="cuda"), args)
    loss, grads = f(*args)
    check((loss, on_host(grads)), numpy_mlp_step(model, x, y), 2e-4)
    t_my = gpu.timed(f, *args)
    print("MLP training step 784-256-10, batch 256, float32 (loss and all gradients)")
    line("myia cuda", t_my)
    t_cp = None
    if gpu.cupy is not None:
        t_cp = gpu.cupy_timed(numpy_mlp_step, *on_device((model, x, y), gpu.cupy.asarray))
    line("CuPy by hand", t_cp, t_my, "myia")
    t_jax = None
    if gpu.jax is not None:
        jax, jnp = gpu.jax, gpu.jax.numpy

        def loss_fn(params, x, y):
            (w1, b1), (w2, b2) = params
            out = jnp.tanh(jnp.tanh(x @ w1 + b1) @ w2 + b2)
            diff = y - out
            return jnp.sum(diff * diff) / x.shape[0]

        params = tuple((layer.W, layer.b) for layer in model.layers)
        t_jax = gpu.jax_timed(jax.jit(jax.value_and_grad(loss_fn)), params, x, y)
    line("JAX jit(value_and_grad)", t_jax, t_my, "myia")
    print(f"  cold compile (myia cuda): {compile_time:.3f} s")


def bench_rnn(gpu: Gpu) -> None:
    import timing
    from bench_array_grad import check, numpy_rnn_grad, rnn_grad

    import myia

    rng = np.random.default_rng(0)
    steps, batch, inputs, hidden = 50, 32, 64, 128
    host = (
        (rng.standard_normal((inputs, hidden)) / np.sqrt(inputs)).astype(np.float32),
        (rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)).astype(np.float32),
        np.zeros(hidden, np.float32),
        rng.standard_normal((steps, batch, inputs)).astype(np.float32),
        np.zeros((batch, hidden), np.float32),
    )
    args = on_device(host, gpu.cuda.to_device)
    f, compile_time = timing.cold(lambda: myia.jit(rnn_grad, backend="cuda"), args)
    check(on_host(f(*args)), numpy_rnn_grad(*host), 2e-3)
    t_my = gpu.timed(f, *args)
    print("RNN gradient, hidden 128, input 64, 50 steps, batch 32, float32")
    line("myia cuda", t_my)
    t_cp = None
    if gpu.cupy is not None:
        t_cp = gpu.cupy_timed(numpy_rnn_grad, *on_device(host, gpu.cupy.asarray))
    line("CuPy by hand (BPTT)", t_cp, t_my, "myia")
    t_jax = None
    if gpu.jax is not None:
        jax, jnp = gpu.jax, gpu.jax.numpy

        def loss(wx, wh, b, xs, h0):
            def cell(h, x):
                return jnp.tanh(x @ wx + h @ wh + b), None

            h, _ = jax.lax.scan(cell, h0, xs)
            return jnp.sum(h * h)

        t_jax = gpu.jax_timed(jax.jit(jax.grad(loss, argnums=(0, 1, 2))), *host)
    line("JAX jit(grad), lax.scan", t_jax, t_my, "myia")
    print(f"  cold compile (myia cuda): {compile_time:.3f} s")


def bench_elementwise(gpu: Gpu) -> None:
    import timing
    from bench_array_grad import check, elementwise_grad, numpy_elementwise_grad

    import myia

    n = 10**7
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    dx = gpu.cuda.to_device(x)
    f, compile_time = timing.cold(lambda: myia.jit(elementwise_grad, backend="cuda"), (dx,))
    check(f(dx).copy_to_host(), numpy_elementwise_grad(x), 1e-4)
    t_my = gpu.timed(f, dx)
    print(f"gradient of np.sum(np.exp(np.sin(x)) * x), {n:,} float32")
    line("myia cuda", t_my)
    t_cp = None
    if gpu.cupy is not None:
        t_cp = gpu.cupy_timed(numpy_elementwise_grad, gpu.cupy.asarray(x))
    line("CuPy by hand", t_cp, t_my, "myia")
    t_jax = None
    if gpu.jax is not None:
        jax, jnp = gpu.jax, gpu.jax.numpy
        t_jax = gpu.jax_timed(jax.jit(jax.grad(lambda x: jnp.sum(jnp.exp(jnp.sin(x)) * x))), x)
    line("JAX jit(grad)", t_jax, t_my, "myia")
    print(f"  cold compile (myia cuda): {compile_time:.3f} s")


def on_host(value):
    """Device arrays (numba's) in ``value`` copied to numpy."""
    if hasattr(value, "copy_to_host"):
        return value.copy_to_host()
    if isinstance(value, tuple | list):
        return type(value)(on_host(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        fields = {name: on_host(getattr(value, name)) for name in value.__dataclass_fields__}
        return type(value)(**fields)
    return value


def main() -> None:
    if "--counts" in sys.argv[1:]:
        counts()
        return
    if not has_cuda_gpu():
        print("bench_cuda: no CUDA GPU on this machine, nothing to measure (--counts runs")
        print("the launch and transfer counts on numba's simulator)")
        return
    gpu = Gpu()
    print(
        f"GPU: {gpu.cuda.get_current_device().name}; CuPy: {gpu.cupy is not None}, "
        f"JAX on GPU: {gpu.jax is not None}"
    )
    bench_mlp(gpu)
    bench_rnn(gpu)
    bench_elementwise(gpu)


if __name__ == "__main__":
    main()
