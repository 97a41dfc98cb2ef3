"""What CPython's and numpy's scalar semantics cost in compiled code, side by side.

Run: .venv/bin/python bench/bench_scalar_semantics.py
Each pair runs the same code on the cpu backend, CPU time of the calling thread,
the best of alternating rounds:

* ``**`` on Python floats (CPython's errors: a check when the result is NaN or
  infinite) against ``**`` on ``np.float64`` (numpy's inf and nan, unchecked);
* ``/`` on Python floats (a zero-divisor check) against ``np.float64``;
* a call returning an ``np.float64`` (converted from the native double) against
  one returning a Python float;
* ``enumerate`` over a list (each count a Python int, checked) against a loop
  counting by hand with numpy's int64 (wrapping, unchecked).
"""

from __future__ import annotations

import time

import numpy as np
from bench_scalar import warm_up
from timing import interleaved

import myia


def power_loop(x, y):
    total = x
    for _ in range(1000):
        total = (total * 0.5 + 1.0) ** y
    return total


def divide_loop(x, y):
    total = x
    for _ in range(1000):
        total = total / y + 1.0
    return total


def twice(x):
    return x * 2.0


def enumerate_loop(xs):
    total = 0.0
    for i, x in enumerate(xs):
        total += i * x
    return total


def counted_loop(xs):
    total = 0.0
    i = np.int64(0)
    for x in xs:
        total += i * x
        i += 1
    return total


PAIRS = [
    ("x ** y (1000 iterations)", power_loop, (1.5, 1.1), (np.float64(1.5), np.float64(1.1))),
    ("x / y (1000 iterations)", divide_loop, (1.5, 3.0), (np.float64(1.5), np.float64(3.0))),
    ("call returning x * 2.0", twice, (1.5,), (np.float64(1.5),)),
]


def main() -> None:
    warm_up()
    print(f"{'case':40} {'Python':>12} {'numpy':>12} {'ratio':>7}")
    for name, fn, python_args, numpy_args in PAIRS:
        f = myia.jit(fn, backend="cpu")
        assert type(f(*numpy_args)) is np.float64 and type(f(*python_args)) is float
        times = interleaved(
            {"python": (f, python_args), "numpy": (f, numpy_args)}, clock=time.thread_time
        )
        print(
            f"{name:40} {times['python'] * 1e6:10.2f}us {times['numpy'] * 1e6:10.2f}us "
            f"{times['python'] / times['numpy']:7.2f}"
        )
    xs = list(np.linspace(0.0, 1.0, 10_000))
    checked, wrapping = myia.jit(enumerate_loop), myia.jit(counted_loop)
    assert checked(xs) == wrapping(xs)
    times = interleaved(
        {"enumerate": (checked, (xs,)), "counted": (wrapping, (xs,))}, clock=time.thread_time
    )
    print(
        f"{'enumerate (10k-element list)':40} {times['enumerate'] * 1e6:10.2f}us "
        f"{times['counted'] * 1e6:10.2f}us {times['enumerate'] / times['counted']:7.2f}"
        "  (numpy column: a hand-made np.int64 counter)"
    )


if __name__ == "__main__":
    main()
