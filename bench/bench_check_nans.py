"""The cost of ``check_nans=True``: the talk's MLP training gradient and a
scalar loop, with and without the checks, side by side (run time), and the
compile time of each.

Run: .venv/bin/python bench/bench_check_nans.py
"""

from __future__ import annotations

from models import cost, make_mlp
from timing import cold, interleaved

import myia


def scalar_loop(x, n):
    s = 0.0
    i = 0
    while i < n:
        s = s + x * i - s * 0.001
        i = i + 1
    return s


def main() -> None:
    model, x, y = make_mlp(sizes=(784, 256, 10), batch=256)
    cases = {}
    for checks in (False, True):
        grad, seconds = cold(lambda c=checks: myia.grad(cost, check_nans=c), (model, x, y))
        loop, loop_seconds = cold(lambda c=checks: myia.jit(scalar_loop, check_nans=c), (1.5, 1000))
        label = "checked" if checks else "plain"
        print(
            f"compile, {label:8s} MLP gradient {seconds * 1e3:7.1f} ms, scalar loop {loop_seconds * 1e3:6.1f} ms"
        )
        cases[f"mlp {label}"] = (grad, (model, x, y))
        cases[f"loop {label}"] = (loop, (1.5, 1000))
    times = interleaved(cases)
    for what in ("mlp", "loop"):
        plain, checked = times[f"{what} plain"], times[f"{what} checked"]
        print(
            f"{what:4s}: plain {plain * 1e6:9.1f} us, checked {checked * 1e6:9.1f} us, "
            f"ratio {checked / plain:5.2f}"
        )


if __name__ == "__main__":
    main()
