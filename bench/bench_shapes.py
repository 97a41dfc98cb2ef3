"""Static shapes against shape-generic code: what a function called with many
array shapes pays for serving them all with one compilation.

Run: .venv/bin/python bench/bench_shapes.py
For each kernel and size: the cold compile time of the code specialized for
the static shape and of the shape-generic code (dimensions read at run time:
what ``jit`` compiles after ``myia.api.SHAPE_SPECIALIZATIONS`` static shapes),
and their run times, measured side by side.
"""

from __future__ import annotations

import time

import numpy as np
from timing import interleaved

import myia
from myia.dialects.abstract_of_values import abstract_of, generic_shapes
from myia.dialects.record_classes import record_class_name


def total(x, y):
    return np.sum(np.tanh(x) * y) + x[0]


def layer(x, w, b):
    return np.tanh(x @ w + b)


def scaled(x):
    return (x - np.mean(x)) * 2.0


def compiled(fn, args, generic):
    """``fn`` compiled for the static or the generic signature of ``args``, and
    the seconds it took."""
    f = myia.jit(fn)
    signature = tuple(abstract_of(a, record_class_name, layout=True) for a in args)
    if generic:
        signature = tuple(map(generic_shapes, signature))
    t0 = time.perf_counter()
    run = f._specialize(signature)
    return run, time.perf_counter() - t0


def main() -> None:
    rng = np.random.default_rng(0)
    cases = {
        "sum(tanh(x) * y), n=16": (total, (rng.random(16), rng.random(16))),
        "sum(tanh(x) * y), n=100k": (total, (rng.random(100_000), rng.random(100_000))),
        "tanh(x @ w + b), 8x16 @ 16x4": (
            layer,
            (rng.random((8, 16)), rng.random((16, 4)), rng.random(4)),
        ),
        "tanh(x @ w + b), 256x784 @ 784x256": (
            layer,
            (rng.random((256, 784)), rng.random((784, 256)), rng.random(256)),
        ),
        "(x - mean(x)) * 2, 4x5": (scaled, (rng.random((4, 5)),)),
        "(x - mean(x)) * 2, 1000x1000": (scaled, (rng.random((1000, 1000)),)),
    }
    print(
        f"{'kernel':38} {'compile static':>15} {'generic':>9} {'run static':>12} {'generic':>10} {'ratio':>6}"
    )
    for name, (fn, args) in cases.items():
        static, c_static = compiled(fn, args, generic=False)
        generic, c_generic = compiled(fn, args, generic=True)
        assert np.allclose(static(*args), generic(*args))
        times = interleaved({"static": (static, args), "generic": (generic, args)}, rounds=5)
        print(
            f"{name:38} {c_static * 1e3:13.1f}ms {c_generic * 1e3:7.1f}ms "
            f"{times['static'] * 1e6:10.2f}us {times['generic'] * 1e6:8.2f}us "
            f"{times['generic'] / times['static']:6.2f}"
        )


if __name__ == "__main__":
    main()
