"""What interruptibility costs: compiled code with and without its signal polls.

Run: .venv/bin/python bench/bench_interrupt.py
The functions of bench_scalar.py and bench_grad.py (and a tight integer loop, the
worst case, and an array kernel, which does not poll), each compiled twice in
this process: as ``jit`` compiles them, and as before interrupts existed
(``myia-to-llvm{poll=false}``: no ``myia-poll``, stack checks that raise at
once); CPU time of the calling thread, the best of alternating rounds (the
machine's other load does not count).
"""

from __future__ import annotations

import functools
import time

import numpy as np
from bench_grad import compiled_in_mode
from bench_scalar import CASES, recursion, scalar_loop, warm_up
from timing import cold, interleaved

import myia
from myia.lowering.llvm import pipeline


def count(n):
    total = 0
    i = 0
    while i < n:
        total += i * i % 7
        i += 1
    return total


def kernel(x):
    return np.tanh(x) * 2.0 + x


def without_polls(compile_):
    """What ``compile_()`` returns, compiled as before interrupts: no
    ``myia-poll``, and stack checks that raise at once (``poll=false``)."""
    saved = pipeline.lower_to_llvm
    pipeline.lower_to_llvm = functools.partial(saved, poll=False)
    try:
        return compile_()
    finally:
        pipeline.lower_to_llvm = saved


def main() -> None:
    warm_up()
    jitted = [(name, fn, args) for name, fn, _, args in CASES]
    jitted += [("tight loop (n=100k, worst case)", count, (100_000,))]
    jitted += [("array kernel (100k float64)", kernel, (np.linspace(0.0, 1.0, 100_000),))]
    cases = []
    for name, fn, args in jitted:
        with_polls = cold(lambda fn=fn: myia.jit(fn, backend="cpu"), args)[0]
        without = without_polls(lambda fn=fn, args=args: cold(lambda: myia.jit(fn), args)[0])
        cases.append((name, with_polls, without, args))
    for name, fn, args in [
        ("d/dx scalar loop (1000 tanh)", scalar_loop, (0.5,)),
        ("d/dx recursion n=20", recursion, (0.7, 20)),
    ]:
        for mode in ("auto", "never"):
            label = f"{name} {'forward' if mode == 'auto' else 'reverse'}"
            with_polls = compiled_in_mode(fn, mode, args)[0]
            without = without_polls(
                lambda fn=fn, mode=mode, args=args: compiled_in_mode(fn, mode, args)[0]
            )
            cases.append((label, with_polls, without, args))
    print(f"{'function':44} {'no polls':>10} {'polls':>10} {'ratio':>7}")
    for name, with_polls, without, args in cases:
        assert np.allclose(with_polls(*args), without(*args)), name
        times = interleaved(
            {"without": (without, args), "with": (with_polls, args)},
            rounds=7,
            clock=time.thread_time,
        )
        print(
            f"{name:44} {times['without'] * 1e6:8.1f}us {times['with'] * 1e6:8.1f}us "
            f"{times['with'] / times['without']:6.3f}x"
        )


if __name__ == "__main__":
    main()
