"""Timing shared by the benchmarks: the best of several repeats of a call, and
the cold first call (compile, then run) of a freshly made function."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best(
    fn: Callable[..., Any],
    args: tuple,
    repeat: int = 7,
    number: int | None = None,
    target: float = 0.02,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Seconds per call of ``fn(*args)``: the best of ``repeat`` rounds of
    ``number`` calls (by default, as many as take about ``target`` seconds).
    ``clock``: ``time.thread_time`` counts only this thread's CPU time."""
    if number is None:
        t0 = clock()
        fn(*args)
        once = clock() - t0
        number = max(1, int(target / max(once, 1e-7)))
    times = []
    for _ in range(repeat):
        t0 = clock()
        for _ in range(number):
            fn(*args)
        times.append((clock() - t0) / number)
    return min(times)


def interleaved(
    cases: dict[str, tuple[Callable[..., Any], tuple]], rounds: int = 5, **options: Any
) -> dict[str, float]:
    """:func:`best` of each case, measured in turns (``rounds`` times each, the
    best kept): on a machine whose load comes and goes, times taken side by
    side are compared under the same conditions, not one case in a quiet
    moment and the next in a busy one."""
    times = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for name, (fn, args) in cases.items():
            times[name] = min(times[name], best(fn, args, **options))
    return times


def cold(make: Callable[[], Callable[..., Any]], args: tuple) -> tuple[Callable[..., Any], float]:
    """The function ``make()`` returns, and the seconds of making it and
    calling it once (for a jit function: compiling it)."""
    t0 = time.perf_counter()
    f = make()
    f(*args)
    return f, time.perf_counter() - t0
