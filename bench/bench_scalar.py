"""Scalar code natively: myia's cpu backend against CPython and numba, side by side.

Run: .venv/bin/python bench/bench_scalar.py
For each function: run time (best of several repeats) for CPython, numba @njit and
myia, the ratio myia/numba, and the cold compile time (first call) of numba and
myia, each in this warm process. Then the cost of the checks that make Python's
``math`` functions raise CPython's errors: the same loop with ``math``'s functions
and with numpy's (which give NaN and are not checked), side by side; and the cost
of the overflow checks of Python ints: the int loop and fib on Python ints and on
``np.int64`` (which wraps around and is not checked), side by side.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from timing import best, cold, interleaved

import myia


def scalar_loop(x):
    for _ in range(1000):
        x = math.tanh(x) * 1.0001 + 0.1
    return x


def math_loop(x):
    for _ in range(1000):
        x = math.sqrt(math.exp(math.log(x) * 0.5) + 1.0)
    return x


def numpy_loop(x):
    for _ in range(1000):
        x = np.sqrt(np.exp(np.log(x) * 0.5) + 1.0)
    return x


def recursion(x, n):
    if n <= 1:
        return x
    return recursion(x, n - 1) * 0.5 + recursion(x, n - 2) * math.sin(x)


def range_loop(n):
    s = 0.0
    for _ in range(n):
        s = s + 1.0
    return s


def int_loop(n):
    s = 0
    for i in range(n):
        s = s + i * i % 7
    return s


def int64_loop(n):
    s = np.int64(0)
    for i in range(n):
        k = np.int64(i)
        s = s + k * k % 7
    return s


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


# numba compiles recursion only through the jitted function itself: the same
# functions, defined for numba (compiled lazily, at their first call).
@numba.njit
def nb_recursion(x, n):
    if n <= 1:
        return x
    return nb_recursion(x, n - 1) * 0.5 + nb_recursion(x, n - 2) * math.sin(x)


@numba.njit
def nb_fib(n):
    if n < 2:
        return n
    return nb_fib(n - 1) + nb_fib(n - 2)


CASES = [
    ("scalar loop (1000 tanh)", scalar_loop, lambda: numba.njit(scalar_loop), (0.5,)),
    ("math loop (1000 log, exp, sqrt)", math_loop, lambda: numba.njit(math_loop), (0.5,)),
    ("recursion n=20 (21,891 calls)", recursion, lambda: nb_recursion, (0.7, 20)),
    ("fib(25)", fib, lambda: nb_fib, (25,)),
    ("range loop (100,000 counts)", range_loop, lambda: numba.njit(range_loop), (100_000,)),
    ("int loop (10,000 i * i % 7)", int_loop, lambda: numba.njit(int_loop), (10_000,)),
]


def warm_up_square(x):
    return x * x


def warm_up() -> None:
    """Compile one unrelated function with each, so that cold compile times below
    exclude one-time imports and initialization (as numba's figure does)."""
    numba.njit(warm_up_square)(3.0)
    myia.jit(warm_up_square, backend="cpu")(3.0)


def main() -> None:
    warm_up()
    print(
        f"{'function':32} {'CPython':>10} {'numba':>10} {'myia':>10} {'myia/numba':>11} "
        f"{'numba cold':>11} {'myia cold':>10}"
    )
    for name, fn, numba_version, args in CASES:
        nb, t_nb_cold = cold(numba_version, args)
        my, t_my_cold = cold(lambda: myia.jit(fn, backend="cpu"), args)
        assert abs(my(*args) - fn(*args)) <= 1e-9 * max(1, abs(fn(*args))), name
        t_py = best(fn, args, repeat=3)
        t_nb = best(nb, args)
        t_my = best(my, args)
        print(
            f"{name:32} {t_py * 1e6:8.1f}us {t_nb * 1e6:8.1f}us {t_my * 1e6:8.1f}us "
            f"{t_my / t_nb:10.2f}x {t_nb_cold * 1e3:9.0f}ms {t_my_cold * 1e3:8.0f}ms"
        )
    checked = myia.jit(math_loop, backend="cpu")
    unchecked = myia.jit(numpy_loop, backend="cpu")
    assert checked(0.5) == unchecked(0.5)
    # Many short rounds in turns: the best of each is free of other processes' load.
    loops = {"math": (checked, (0.5,)), "numpy": (unchecked, (0.5,))}
    times = interleaved(loops, rounds=30, repeat=9, target=0.002)
    print(
        f"\nmath's checks: the math loop {times['math'] * 1e6:.1f}us with math.*, "
        f"{times['numpy'] * 1e6:.1f}us with numpy's functions (unchecked): "
        f"{times['math'] / times['numpy']:.3f}x"
    )
    python_ints = myia.jit(int_loop, backend="cpu")
    numpy_ints = myia.jit(int64_loop, backend="cpu")
    fib_ints = myia.jit(fib, backend="cpu")
    assert python_ints(10_000) == numpy_ints(10_000) and fib_ints(25) == fib_ints(np.int64(25))
    loops = {
        "int loop": (python_ints, (10_000,)),
        "int64 loop": (numpy_ints, (10_000,)),
        "fib": (fib_ints, (25,)),
        "fib int64": (fib_ints, (np.int64(25),)),
    }
    times = interleaved(loops, rounds=30, repeat=9, target=0.002)
    print(
        f"Python ints' overflow checks: the int loop {times['int loop'] * 1e6:.1f}us on "
        f"Python ints, {times['int64 loop'] * 1e6:.1f}us on np.int64 (unchecked): "
        f"{times['int loop'] / times['int64 loop']:.3f}x; fib(25) "
        f"{times['fib'] * 1e6:.1f}us, {times['fib int64'] * 1e6:.1f}us: "
        f"{times['fib'] / times['fib int64']:.3f}x"
    )


if __name__ == "__main__":
    main()
