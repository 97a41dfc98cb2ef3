"""The cost of a call from Python: jit's dispatch and the argument checks.

Run: .venv/bin/python bench/bench_call_overhead.py
For a few small functions (the call dominates their run time), side by side in
one run: the call of a ``myia.jit`` function (its fast path: the arguments' type
key, then the compiled code without checks), of the cpu backend's callable
(``get_backend("cpu")(module, entry)``: it checks the arguments against the
entry's types), of its unchecked code, and of a ``myia.compile_ir`` function
of the same IR (untyped: the fast path of jit; typed: the same). On a tree
without argument checks, the backend's callable is the unchecked code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from timing import interleaved

import myia
from myia.frontend import parse


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def add(x, y):
    return x + y


def dot3(a, b, c):
    return np.sum(a * b * c)


def record(p, t):
    return p.x * t[0] + p.y * t[1]


CASES = {
    "add(float, float)": (add, (1.0, 2.0)),
    "dot3(3 arrays of 4)": (dot3, (np.ones(4), np.ones(4), np.ones(4))),
    "record(Point, (float, int))": (record, (Point(1.0, 2.0), (3.0, 4))),
}


def main() -> None:
    print(f"{'per call (us)':32}{'jit':>9}{'checked':>9}{'unchecked':>11}{'compile_ir':>12}")
    for name, (fn, args) in CASES.items():
        f = myia.jit(fn)
        f(*args)
        (run,) = f.specializations.values()
        unchecked = getattr(run, "unchecked", run)
        cases = {"jit": (f, args), "checked": (run, args), "unchecked": (unchecked, args)}
        compile_ir = getattr(myia, "compile_ir", None)  # (None on a tree without it)
        if compile_ir is not None:
            g = compile_ir(parse(fn), fn.__name__)
            g(*args)
            cases["compile_ir"] = (g, args)
        times = interleaved(cases)
        row = "".join(f"{times[k] * 1e6:>{w}.2f}" for k, w in zip(cases, (9, 9, 11, 12)))
        print(f"{name:32}{row}")


if __name__ == "__main__":
    main()
