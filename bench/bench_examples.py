"""The examples' training steps: myia against hand-written numpy and JAX, side by side.

Run: .venv/bin/python bench/bench_examples.py [--quick] [--cold N] [--threads N]
         [--profile] [mlp64 mlp32 rnn lstm treenet]

For each example of ``examples/`` (``mlp.py``, ``rnn.py``, ``lstm.py``,
``treenet.py``), the step exactly as the example writes it:
``grad(cost)`` of the parameters, then a ``tree_map`` SGD update.

* **myia**: ``myia.jit(step, backend="cpu")``; the per-step time, and the cold
  compile time (the first call of a new jit function in a warm process, with the
  JIT's in-memory cache of LLVM modules cleared: frontend, inference, grad,
  simplification, lowering, LLVM), with its phases.
* **numpy by hand**: the same step written by hand (forward storing the
  activations, backward by hand: backpropagation through time for the RNN and
  LSTM, a recursion over the tree for the TreeNet, then the update). Its
  updated parameters are checked against myia's (and JAX's).
* **JAX** (when installed): ``jax.jit`` of the example's own ``step``, its module
  loaded again with ``numpy`` replaced by ``jax.numpy`` and ``myia.grad`` /
  ``myia.tree_map`` by ``jax.grad`` / ``jax.tree_util.tree_map`` (its dataclasses
  registered as pytrees); float64 with ``jax_enable_x64``. The Python loops are
  unrolled by JAX's tracing, as written (no ``lax.scan``). Cold compile = the
  first call after ``jax.clear_caches()``.

Per-step times are the best of several rounds, the three implementations
interleaved round by round (the machine is shared: a slow moment hits all
three). Each example runs in its own process (JAX's thread pool and the JIT's
state do not leak into the next one); a summary table closes the run.

``--threads 1`` runs everything on one core: ``OPENBLAS_NUM_THREADS=1`` (the
OpenBLAS inside numpy's wheel, which numpy and myia both call),
``MYIA_NUM_THREADS=1`` and XLA's single-threaded Eigen. On a loaded machine
OpenBLAS's threads wait for each other and multi-threaded GEMMs can be 10-20x
slower than single-threaded ones, for numpy and myia alike.
``--profile`` prints the top functions (cProfile, cumulative) of one cold compile.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(EXAMPLES))

import myia  # noqa: E402

# ---------------------------------------------------------------------------
# Configurations

CONFIGS = {
    "mlp64": (
        "mlp",
        dict(sizes=(784, 256, 10), batch=256, dtype=np.float64),
        0.05,
        "MLP 784-256-10, batch 256, float64",
    ),
    "mlp32": (
        "mlp",
        dict(sizes=(784, 256, 10), batch=256, dtype=np.float32),
        0.05,
        "MLP 784-256-10, batch 256, float32",
    ),
    "rnn": (
        "rnn",
        dict(n_in=64, n_hidden=128, length=50, batch=32),
        0.05,
        "RNN hidden 128, input 64, length 50, batch 32, float64",
    ),
    "lstm": (
        "lstm",
        dict(n_in=64, n_hidden=128, length=50, batch=32),
        0.1,
        "LSTM hidden 128, input 64, length 50, batch 32, float64",
    ),
    "treenet": (
        "treenet",
        dict(n=64, leaves=(14, 16, 18)),
        0.02,
        "TreeNet embedding 64, 3 trees of 14, 16, 18 leaves, float64",
    ),
}

QUICK = {
    "mlp64": dict(sizes=(20, 16, 3), batch=8),
    "mlp32": dict(sizes=(20, 16, 3), batch=8),
    "rnn": dict(n_in=4, n_hidden=8, length=5, batch=4),
    "lstm": dict(n_in=4, n_hidden=8, length=5, batch=4),
    "treenet": dict(n=4, leaves=(3, 4)),
}


# ---------------------------------------------------------------------------
# The steps by hand, in numpy


def numpy_mlp_step(model, x, target, lr):
    """Forward storing each layer's output, backward layer by layer, update."""
    mlp = sys.modules["mlp"]
    layers = model.layers
    acts = [x]
    for layer in layers:
        acts.append(np.tanh(acts[-1] @ layer.W + layer.b))
    d = (2.0 / x.shape[0]) * (acts[-1] - target)  # d cost / d output
    new = [None] * len(layers)
    for k in reversed(range(len(layers))):
        layer, out = layers[k], acts[k + 1]
        dz = d * (1.0 - out * out)
        dW = acts[k].T @ dz
        db = dz.sum(axis=0, keepdims=True)
        if k:
            d = dz @ layer.W.T
        new[k] = mlp.TanhLayer(layer.W - lr * dW, layer.b - lr * db)
    return mlp.Model(tuple(new))


def numpy_rnn_step(rnn, xs, h0, target, lr):
    """Backpropagation through time by hand."""
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(x @ rnn.Wx + hs[-1] @ rnn.Wh + rnn.b))
    dh = (2.0 / h0.shape[0]) * (hs[-1] - target)
    dWx, dWh, db = np.zeros_like(rnn.Wx), np.zeros_like(rnn.Wh), np.zeros_like(rnn.b)
    for t in reversed(range(len(xs))):
        h = hs[t + 1]
        da = dh * (1.0 - h * h)
        dWx += xs[t].T @ da
        dWh += hs[t].T @ da
        db += da.sum(axis=0, keepdims=True)
        if t:
            dh = da @ rnn.Wh.T
    return type(rnn)(rnn.Wx - lr * dWx, rnn.Wh - lr * dWh, rnn.b - lr * db)


def numpy_lstm_step(lstm, xs, h0, target, lr):
    """Backpropagation through time by hand: the forward keeps each step's
    gates, the backward rebuilds the four gates' gradient in one array."""
    n = h0.shape[1]
    h = c = h0
    tape = []
    for x in xs:
        z = x @ lstm.Wx + h @ lstm.Wh + lstm.b
        s = 1.0 / (1.0 + np.exp(-z[:, : 3 * n]))  # the i, f, o gates at once
        i, f, o = s[:, :n], s[:, n : 2 * n], s[:, 2 * n :]
        g = np.tanh(z[:, 3 * n :])
        c_new = f * c + i * g
        tc = np.tanh(c_new)
        tape.append((x, h, c, i, f, o, g, tc))
        h, c = o * tc, c_new
    dh = (2.0 / h0.shape[0]) * (h - target)
    dc = np.zeros_like(h0)
    dWx, dWh, db = np.zeros_like(lstm.Wx), np.zeros_like(lstm.Wh), np.zeros_like(lstm.b)
    dz = np.empty((h0.shape[0], 4 * n), dtype=h0.dtype)
    for t in reversed(range(len(xs))):
        x, h, c, i, f, o, g, tc = tape[t]
        dc = dc + dh * o * (1.0 - tc * tc)
        dz[:, :n] = dc * g * i * (1.0 - i)
        dz[:, n : 2 * n] = dc * c * f * (1.0 - f)
        dz[:, 2 * n : 3 * n] = dh * tc * o * (1.0 - o)
        dz[:, 3 * n :] = dc * i * (1.0 - g * g)
        dWx += x.T @ dz
        dWh += h.T @ dz
        db += dz.sum(axis=0, keepdims=True)
        if t:
            dh = dz @ lstm.Wh.T
            dc = dc * f
    return type(lstm)(lstm.Wx - lr * dWx, lstm.Wh - lr * dWh, lstm.b - lr * db)


def _tree_forward(tree, W, b):
    """The embedding, and the tape: None for a leaf, else (both, out, left, right)."""
    if not hasattr(tree, "left"):
        return tree.x, None
    left, ltape = _tree_forward(tree.left, W, b)
    right, rtape = _tree_forward(tree.right, W, b)
    both = np.concatenate((left, right), axis=1)
    out = np.tanh(both @ W + b)
    return out, (both, out, ltape, rtape)


def _tree_backward(tape, d, W, dW, db):
    both, out, ltape, rtape = tape
    da = d * (1.0 - out * out)
    dW += both.T @ da
    db += da
    if ltape is None and rtape is None:
        return
    dboth = da @ W.T
    n = W.shape[1]
    if ltape is not None:
        _tree_backward(ltape, dboth[:, :n], W, dW, db)
    if rtape is not None:
        _tree_backward(rtape, dboth[:, n:], W, dW, db)


def numpy_treenet_step(params, trees, targets, lr):
    """Recursion by hand: forward storing each node's activations, backward
    recursively from the root."""
    dW, db = np.zeros_like(params.W), np.zeros_like(params.b)
    for tree, target in zip(trees, targets):
        emb, tape = _tree_forward(tree, params.W, params.b)
        if tape is not None:
            _tree_backward(tape, 2.0 * (emb - target), params.W, dW, db)
    return type(params)(params.W - lr * dW, params.b - lr * db)


NUMPY_STEPS = {
    "mlp": numpy_mlp_step,
    "rnn": numpy_rnn_step,
    "lstm": numpy_lstm_step,
    "treenet": numpy_treenet_step,
}

# ---------------------------------------------------------------------------
# JAX: the example's own module, on jax.numpy


def jax_module(name: str):
    """The example ``name`` loaded again as ``jax_<name>``, with numpy replaced
    by jax.numpy and myia's grad and tree_map by JAX's, its dataclasses
    registered as pytrees (None when JAX is not installed)."""
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    path = EXAMPLES / f"{name}.py"
    source = path.read_text()
    for old, new in (
        ("import numpy as np\n", "import jax.numpy as np\n"),
        ("from numpy import tanh\n", "from jax.numpy import tanh\n"),
        (
            "from myia import grad, tree_map\n",
            "from jax import grad\nfrom jax.tree_util import tree_map\n",
        ),
    ):
        if old in source:
            source = source.replace(old, new)
    assert "from myia import" not in source and "import numpy as np\n" not in source.replace(
        "import jax.numpy as np\n", ""
    ), f"examples/{name}.py changed its imports: update jax_module"
    module = types.ModuleType(f"jax_{name}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    exec(compile(source, str(path), "exec"), module.__dict__)
    for value in list(module.__dict__.values()):
        if (
            isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__ == module.__name__
        ):
            fields = [f.name for f in dataclasses.fields(value)]
            jax.tree_util.register_dataclass(value, data_fields=fields, meta_fields=[])
    return module


def to_jax(value, module):
    """A copy of ``value`` built from ``module``'s classes, arrays on JAX."""
    import jax.numpy as jnp

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = getattr(module, type(value).__name__)
        return cls(*(to_jax(getattr(value, f.name), module) for f in dataclasses.fields(value)))
    if isinstance(value, tuple):
        return tuple(to_jax(v, module) for v in value)
    if isinstance(value, list):
        return [to_jax(v, module) for v in value]
    if isinstance(value, np.ndarray):
        return jnp.asarray(value)
    return value


# ---------------------------------------------------------------------------
# Measuring


def leaves(value):
    """The arrays of a value (dataclasses field by field), as numpy arrays."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [a for f in dataclasses.fields(value) for a in leaves(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [a for v in value for a in leaves(v)]
    return [np.asarray(value)]


def check(actual, expected, dtype, what):
    rtol = 1e-4 if dtype == np.float32 else 1e-9
    got, want = leaves(actual), leaves(expected)
    assert len(got) == len(want), what
    for a, e in zip(got, want):
        assert a.shape == e.shape and a.dtype == e.dtype, (what, a.shape, a.dtype, e.shape, e.dtype)
        np.testing.assert_allclose(
            a, e, rtol=rtol, atol=rtol * float(np.max(np.abs(e))), err_msg=what
        )


def interleaved_best(fns, rounds=9, budget=8.0):
    """The best time per call of each function, measured round by round (each
    round times every function once, over enough calls to last ~30 ms)."""
    numbers, times = [], []
    for fn in fns:
        t0 = time.perf_counter()
        fn()
        once = time.perf_counter() - t0
        numbers.append(max(1, int(0.03 / max(once, 1e-7))))
        times.append([once])
    per_round = sum(t[0] * n for t, n in zip(times, numbers))
    rounds = max(3, min(rounds, int(budget / max(per_round, 1e-9))))
    for _ in range(rounds):
        for fn, number, ts in zip(fns, numbers, times):
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            ts.append((time.perf_counter() - t0) / number)
    return [min(ts) for ts in times], rounds


class Phases:
    """Exclusive wall time of myia's compile phases, by wrapping the pipeline's
    functions for the duration of a ``with`` (nested phases are subtracted
    from the enclosing one)."""

    TARGETS = [
        ("myia.api", "JitFunction._parse", "frontend"),
        ("myia.passes.infer", "infer_module", "inference"),
        ("myia.passes.grad", "expand_gradients", "grad"),
        ("myia.passes.inline", "InlinePass.apply", "simplify (inline, cse, dce)"),
        ("myia.passes.cse", "CSEPass.apply", "simplify (inline, cse, dce)"),
        ("myia.passes.dce", "DeadCodeElimination.apply", "simplify (inline, cse, dce)"),
        ("myia.lowering.arrays.fuse", "FuseArrays.apply", "array fusion, result slots"),
        ("myia.lowering.arrays.results", "MarkResults.apply", "array fusion, result slots"),
        ("myia.lowering.myia_to_cf", "lower_module", "lowering myia -> cf"),
        ("myia.lowering.arrays.parallel", "outline_parallel_loops", "outlining parallel loops"),
        ("myia.lowering.llvm.pipeline", "lower_to_llvm", "lowering -> llvm dialect"),
        ("myia.lowering.llvm.capi", "CApiWrappers.apply", "C-ABI wrappers, error sites"),
        ("myia.lowering.llvm.error_sites", "NumberErrorSites.apply", "C-ABI wrappers, error sites"),
        ("myia.lowering.llvm.to_llvm_ir", "emit_llvm_ir", "emitting LLVM IR text"),
    ]

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.compiling = 0.0
        #: The processor time of the compilation (single-threaded): what it
        #: would take on an idle machine, about.
        self.compiling_cpu = 0.0
        self._stack: list[float] = []
        self._saved: list = []

    def _wrap(self, fn, label):
        def wrapped(*args, **kwargs):
            self._stack.append(0.0)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                nested = self._stack.pop()
                self.seconds[label] = self.seconds.get(label, 0.0) + elapsed - nested
                if self._stack:
                    self._stack[-1] += elapsed

        return wrapped

    def __enter__(self):
        import importlib

        from myia.runtime.jit import get_jit

        for modname, attr, label in self.TARGETS:
            owner = importlib.import_module(modname)
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
            self._saved.append((owner, name, original))
            setattr(owner, name, self._wrap(original, label))
        # The whole compilation (not exclusive): the rest of the first call is
        # the conversion of the arguments and the first run of the step.
        from myia.api import JitFunction

        original = JitFunction._compile_for
        self._saved.append((JitFunction, "_compile_for", original))

        def compile_for(jit_self, args):
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return original(jit_self, args)
            finally:
                self.compiling += time.perf_counter() - t0
                self.compiling_cpu += time.process_time() - c0

        JitFunction._compile_for = compile_for
        self._llvm_before = dict(get_jit().stats.seconds)
        return self

    def __exit__(self, *exc):
        from myia.runtime.jit import get_jit

        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        after = get_jit().stats.seconds
        for phase, label in (
            ("parse", "LLVM parse + verify"),
            ("optimize", "LLVM optimize (O3)"),
            ("codegen", "LLVM codegen"),
            ("load", "loading the object"),
        ):
            self.seconds[label] = after.get(phase, 0.0) - self._llvm_before.get(phase, 0.0)
        # The LLVM work happens inside the load_native call, not wrapped.


def myia_cold(step, args, repeat):
    """Best-of-``repeat`` cold compile (first call of a new jit function, the
    JIT's memory cache cleared), with the phases of the best run."""
    from myia.runtime.jit import get_jit

    best = None
    for _ in range(repeat):
        get_jit()._modules.clear()
        with Phases() as phases:
            t0 = time.perf_counter()
            f = myia.jit(step, backend="cpu")
            result = f(*args)
            elapsed = time.perf_counter() - t0
        if best is None or elapsed < best[0]:
            best = (elapsed, phases, f, result)
    return best


def jax_cold(module, args, repeat):
    import jax

    best = None
    for _ in range(repeat):
        jax.clear_caches()
        t0 = time.perf_counter()
        f = jax.jit(module.step)
        result = jax.block_until_ready(f(*args))
        elapsed = time.perf_counter() - t0
        if best is None or elapsed < best[0]:
            best = (elapsed, f, result)
    return best


def header() -> None:
    from myia.runtime.array_runtime import ensure

    rt = ensure()
    print(
        f"threads: myia {rt.threads}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '-')}, "
        f"BLAS: {os.path.basename(rt.blas_path or 'fallback loops')}, "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    myia.jit(lambda a: a + 1.0, backend="cpu")(np.ones(2))  # JIT start-up is not counted below


def bench(section: str, quick: bool, cold_repeat: int, profile: bool) -> dict:
    name, config, lr, title = CONFIGS[section]
    if quick:
        config = {**config, **QUICK[section]}
        title = f"{name} (quick: {', '.join(f'{k}={v}' for k, v in QUICK[section].items())})"
    example = __import__(name)
    dtype = config.get("dtype", np.float64)
    params, data = example.setup(**config)
    args = (params, *data, lr)
    print(title)

    # myia: cold compile (best of N), then the check against numpy by hand
    cold_s, phases, f_my, my_result = myia_cold(example.step, args, cold_repeat)
    hand = NUMPY_STEPS[name]
    check(my_result, hand(*args), dtype, f"{section}: myia against numpy by hand")

    fns = [lambda: hand(*args), lambda: f_my(*args)]
    jax_cold_s = None
    module = jax_module(name)
    if module is not None:
        import jax

        jax.jit(lambda a: a + 1.0)(np.ones(2))  # JAX's start-up is not counted
        jargs = to_jax(args, module)
        jax_cold_s, f_jax, jax_result = jax_cold(module, jargs, cold_repeat)
        check(jax_result, hand(*args), dtype, f"{section}: JAX against numpy by hand")
        fns.append(lambda: jax.block_until_ready(f_jax(*jargs)))
    times, rounds = interleaved_best(fns)
    t_np, t_my = times[0], times[1]
    t_jax = times[2] if len(times) > 2 else None

    print(f"  per step (best of {rounds} rounds, interleaved):")
    print(f"    numpy by hand   {t_np * 1e3:10.3f} ms")
    print(f"    myia            {t_my * 1e3:10.3f} ms   ({t_my / t_np:.2f}x numpy)")
    if t_jax is not None:
        print(
            f"    JAX jit         {t_jax * 1e3:10.3f} ms   ({t_jax / t_np:.2f}x numpy; myia/JAX {t_my / t_jax:.2f}x)"
        )
    print(
        f"  cold compile (best of {cold_repeat}): myia {cold_s:.3f} s"
        + (f", JAX {jax_cold_s:.3f} s" if jax_cold_s is not None else "")
    )
    accounted = sum(phases.seconds.values())
    print(
        f"  myia's first call (best cold run): compiling {phases.compiling:.3f} s "
        f"({phases.compiling_cpu:.3f} s of processor time), then converting "
        f"the arguments and running the step {cold_s - phases.compiling:.3f} s; compiling:"
    )
    for label, seconds in sorted(phases.seconds.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.0005:
            print(f"    {label:32} {seconds:8.3f} s  {100 * seconds / phases.compiling:5.1f}%")
    print(f"    {'other':32} {phases.compiling - accounted:8.3f} s")

    if profile:
        import cProfile
        import pstats

        from myia.runtime.jit import get_jit

        get_jit()._modules.clear()
        prof = cProfile.Profile()
        prof.enable()
        myia.jit(example.step, backend="cpu")(*args)
        prof.disable()
        print("  cProfile of one cold compile (cumulative, top 40):")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
        print("  cProfile of one cold compile (own time, top 25):")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(25)

    return dict(
        section=section,
        title=title,
        numpy=t_np,
        myia=t_my,
        jax=t_jax,
        myia_cold=cold_s,
        myia_compiling=phases.compiling,
        myia_compiling_cpu=phases.compiling_cpu,
        jax_cold=jax_cold_s,
        load=os.getloadavg()[0],
        phases=phases.seconds,
    )


def summary(rows: list[dict]) -> None:
    print()
    print(
        f"{'example':10} {'numpy':>10} {'myia':>10} {'JAX':>10} {'myia/numpy':>11} {'myia/JAX':>9}"
        f" {'cold myia':>10} {'(compile)':>10} {'(cpu)':>7} {'cold JAX':>9}"
    )
    for r in rows:
        jax_t = f"{r['jax'] * 1e3:8.3f}ms" if r["jax"] else f"{'-':>10}"
        ratio_jax = f"{r['myia'] / r['jax']:8.2f}x" if r["jax"] else f"{'-':>9}"
        jax_c = f"{r['jax_cold']:8.2f}s" if r["jax_cold"] is not None else f"{'-':>9}"
        print(
            f"{r['section']:10} {r['numpy'] * 1e3:8.3f}ms {r['myia'] * 1e3:8.3f}ms {jax_t} "
            f"{r['myia'] / r['numpy']:10.2f}x {ratio_jax} {r['myia_cold']:9.2f}s {r['myia_compiling']:9.2f}s {r['myia_compiling_cpu']:6.2f}s {jax_c}"
        )
    print(
        "cold = the first call (compile, then the first step); (compile) = its compilation alone,"
        " (cpu) = the processor time of that compilation"
    )
    print("goals: myia within 1.2x of numpy by hand; the LSTM step compiles cold in under 2 s")


def main(argv: list[str]) -> None:
    import subprocess

    quick = "--quick" in argv
    profile = "--profile" in argv
    cold_repeat, threads = 3, None
    rest = []
    it = iter(argv)
    for a in it:
        if a == "--cold":
            cold_repeat = int(next(it))
        elif a == "--threads":
            threads = int(next(it))
        elif a == "--child":
            pass
        elif not a.startswith("--"):
            rest.append(a)
    unknown = [a for a in rest if a not in CONFIGS]
    if unknown:
        raise SystemExit(f"unknown sections {unknown}; choose among {list(CONFIGS)}")
    if "--child" in argv:
        header()
        print("RESULT " + json.dumps(bench(rest[0], quick, cold_repeat, profile)))
        return
    env = dict(os.environ)
    env.pop("MYIA_CACHE_DIR", None)  # cold means cold: no disk cache
    if threads is not None:
        env["OPENBLAS_NUM_THREADS"] = env["MYIA_NUM_THREADS"] = str(threads)
        if threads == 1:
            env["XLA_FLAGS"] = (
                env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false"
                " intra_op_parallelism_threads=1"
            ).strip()
    rows = []
    for section in rest or CONFIGS:
        cmd = [sys.executable, __file__, section, "--child", "--cold", str(cold_repeat)]
        cmd += ["--quick"] * quick + ["--profile"] * profile
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
        for text in proc.stdout.splitlines():
            if text.startswith("RESULT "):
                rows.append(json.loads(text[len("RESULT ") :]))
            else:
                print(text)
        sys.stdout.flush()
        if proc.returncode:
            print(f"{section}: failed (exit status {proc.returncode})")
    if rows:
        summary(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
