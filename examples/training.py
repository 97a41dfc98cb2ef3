"""The training loop the examples share: compile a step, time it, report the loss.

Not a library: just what every example would otherwise repeat.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import myia


@dataclass
class Run:
    losses: list[float]
    compile_seconds: float
    seconds_per_step: float
    params: Any


def train(
    step: Callable[..., Any],
    cost: Callable[..., Any],
    params: Any,
    data: tuple,
    steps: int,
    lr: float,
    backend: str = "cpu",
    report: int | None = None,
) -> Run:
    """Run ``params = step(params, *data, lr)`` ``steps`` times, compiled by
    ``backend``; the first call (compilation included) is timed apart. With
    ``report``, print ``cost(params, *data)`` every ``report`` steps."""
    compiled_step = myia.jit(step, backend=backend)
    compiled_cost = myia.jit(cost, backend=backend)
    losses = [float(compiled_cost(params, *data))]
    start = time.perf_counter()
    params = compiled_step(params, *data, lr)
    compile_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(1, steps):
        params = compiled_step(params, *data, lr)
        if report is not None and (i % report == 0 or i == steps - 1):
            losses.append(float(compiled_cost(params, *data)))
            print(f"  step {i:5d}  loss {losses[-1]:.6f}")
    per_step = (time.perf_counter() - start) / max(steps - 1, 1)
    if report is None:
        losses.append(float(compiled_cost(params, *data)))
    return Run(losses, compile_seconds, per_step, params)


def summary(run: Run) -> str:
    return (
        f"compile (first step, cold): {run.compile_seconds * 1e3:.0f} ms; per step: "
        f"{run.seconds_per_step * 1e6:.0f} us; loss {run.losses[0]:.4f} -> {run.losses[-1]:.4f}"
    )


def main(
    doc: str,
    setup: Callable[..., tuple[Any, tuple]],
    step: Callable[..., Any],
    cost: Callable[..., Any],
    lr: float,
    options: dict[str, Any],
    argv: list[str] | None = None,
) -> Run:
    """An example's command line: ``--<option>`` for each keyword of ``setup``
    (with its default), ``--steps`` and ``--backend``; train and print."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, default in options.items():
        kind = type(default[0]) if isinstance(default, tuple) else type(default)
        nargs = "+" if isinstance(default, tuple) else None
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, nargs=nargs, default=default)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--backend", default="cpu")
    args = vars(parser.parse_args(argv))
    steps, backend = args.pop("steps"), args.pop("backend")
    config = {k: tuple(v) if isinstance(v, list) else v for k, v in args.items()}
    print(f"{doc.splitlines()[0]}\n  {config}, {steps} steps on backend {backend!r}")
    params, data = setup(**config)
    run = train(step, cost, params, data, steps, lr, backend, max(steps // 6, 1))
    print(summary(run))
    return run
