"""The cost of the debugging modes of the cpu backend: ``check_nans=True`` and
``profile`` (the stores of ``myia.profile``), on the talk's MLP training
gradient and a scalar loop, against plain code, side by side (run time), and
the compile time of each.

Run: .venv/bin/python bench/bench_debug_modes.py
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
    modes = {"plain": {}, "check_nans": {"check_nans": True}, "profile": {"profile": True}}
    for label, options in modes.items():
        grad, seconds = cold(lambda o=options: myia.grad(cost, backend_options=o), (model, x, y))
        loop, loop_seconds = cold(
            lambda o=options: myia.jit(scalar_loop, backend_options=o), (1.5, 1000)
        )
        print(
            f"compile, {label:10s} MLP gradient {seconds * 1e3:7.1f} ms, "
            f"scalar loop {loop_seconds * 1e3:6.1f} ms"
        )
        cases[f"mlp {label}"] = (grad, (model, x, y))
        cases[f"loop {label}"] = (loop, (1.5, 1000))
    times = interleaved(cases)
    for what in ("mlp", "loop"):
        plain = times[f"{what} plain"]
        for label in ("check_nans", "profile"):
            t = times[f"{what} {label}"]
            print(
                f"{what:4s} {label:10s}: plain {plain * 1e6:9.1f} us, {label} {t * 1e6:9.1f} us, "
                f"ratio {t / plain:5.2f}"
            )


if __name__ == "__main__":
    main()
