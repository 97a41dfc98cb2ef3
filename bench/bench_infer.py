"""Time of type inference (and specialization) of the talk's MLP.

Run: .venv/bin/python bench/bench_infer.py
Prints the frontend time (parse, once per function) and the inference time (one
signature: abstract interpretation + specialization into typed IR), best of N.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "examples"))

from mlp import step
from models import cost, make_mlp

from myia.dialects.abstract_of_values import abstract_of
from myia.dialects.record_classes import record_class_name
from myia.frontend import Frontend
from myia.passes.grad import expand_gradients
from myia.passes.infer import infer_module


def best_of(fn, repeat=20):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    model, x, y = make_mlp()
    signature = [abstract_of(a, record_class_name) for a in (model, x, y)]

    def parse():
        fe = Frontend()
        return fe, fe.function(cost)

    fe, entry = parse()
    infer_module(fe.module, entry, signature, fe)  # parse the methods once

    def cold():
        fe, entry = parse()
        infer_module(fe.module, entry, signature, fe)

    t_parse = best_of(parse)
    t_infer = best_of(lambda: infer_module(fe.module, entry, signature, fe))
    t_cold = best_of(cold)
    typed, _ = infer_module(fe.module, entry, signature, fe)
    nops = sum(1 for _ in typed.walk())
    print("MLP 784-256-10 forward + squared loss (cost), float64")
    print(f"  frontend (parse cost):          {t_parse * 1e3:7.2f} ms")
    print(f"  inference + specialization:     {t_infer * 1e3:7.2f} ms  ({nops} typed ops)")
    print(f"  frontend + inference, cold:     {t_cold * 1e3:7.2f} ms  (methods parsed on demand)")
    print(f"  goal: inference under 50 ms -> {'met' if t_cold < 0.05 else 'NOT met'}")

    # The training step: inference of step (grad of cost, then the update), and
    # the gradient transform of the typed module.
    lr = abstract_of(0.05, record_class_name)

    def step_cold():
        fe = Frontend()
        typed, _ = infer_module(fe.module, fe.function(step), [*signature, lr], fe)
        return typed

    def step_with_grad():
        expand_gradients(step_cold())

    t_step = best_of(step_cold, repeat=10)
    t_step_grad = best_of(step_with_grad, repeat=10)
    print("training step (grad of cost, tree_map update), float64")
    print(f"  frontend + inference, cold:     {t_step * 1e3:7.2f} ms")
    print(f"  ... + myia-grad:                {t_step_grad * 1e3:7.2f} ms")
    print(f"  goal: under 100 ms -> {'met' if t_step_grad < 0.1 else 'NOT met'}")


if __name__ == "__main__":
    main()
