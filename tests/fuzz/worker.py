"""The campaign's worker process: ``python -m fuzz.worker``.

It reads one JSON request per line on stdin and answers one JSON line on its
original stdout (native code's own output goes to stderr). Before each stage of
a check (the oracle, a backend, a gradient run) it sends ``{"stage": name}``, so
that the campaign knows where a crash or a hang happened: compiled code that
crashes takes the process with it, and a compiled infinite loop cannot be
interrupted (issue 13 item 6), so the campaign kills the worker.

Requests:

* ``{"op": "program", "seed", "index", "config", "plan"}``: generate program
  ``index`` of campaign ``seed`` and check it; the answer has its source and,
  per case, why it was not checked or how it failed.
* ``{"op": "check", "source", "config", "plan"}``: check a given program.
* ``{"op": "reproduces", "source", "target", "config", "plan"}``: whether the
  program fails exactly with signature ``target`` (the reducer's question).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TextIO

from fuzz.features import Config
from fuzz.generate import generate
from fuzz.program import Program
from fuzz.runner import Plan, ProgramResult, check_program, reproduces


def config_from(data: dict[str, Any]) -> Config:
    return Config(**{**data, "features": frozenset(data["features"])})


def config_to(config: Config) -> dict[str, Any]:
    return {**asdict(config), "features": sorted(config.features)}


def plan_from(data: dict[str, Any]) -> Plan:
    return Plan(
        tuple(data["backends"]),
        tuple(map(tuple, data["grads"])),
        data["budget"],
        data.get("grad_args", 0),
    )


def plan_to(plan: Plan) -> dict[str, Any]:
    return {
        "backends": list(plan.backends),
        "grads": [list(g) for g in plan.grads],
        "budget": plan.budget,
        "grad_args": plan.grad_args,
    }


def result_to(result: ProgramResult) -> dict[str, Any]:
    return {
        "source": result.program.source,
        "origin": result.program.origin,
        "cases": [
            {
                "case": c.case,
                "invalid": c.invalid,
                "excluded": c.excluded,
                "grads": c.grads_checked,
                "failures": [[f.backend, f.kind, f.detail, f.message] for f in c.failures],
            }
            for c in result.cases
        ],
    }


def serve(requests: TextIO, answers: TextIO) -> None:
    def send(message: dict[str, Any]) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    def stage(name: str) -> None:
        send({"stage": name})

    for line in requests:
        request = json.loads(line)
        try:
            answer(request, send, stage)
        except Exception:  # a bug of the fuzzer itself: reported, the worker goes on
            send({"error": traceback.format_exc()})


def answer(
    request: dict[str, Any], send: Callable[[dict[str, Any]], None], stage: Callable[[str], None]
) -> None:
    config, plan = config_from(request["config"]), plan_from(request["plan"])
    if request["op"] == "program":
        stage("generate")
        program = generate(request["seed"], request["index"], config, plan.budget)
        send(result_to(check_program(program, config, plan, progress=stage)))
    elif request["op"] == "check":
        program = Program(request["source"], "file")
        send(result_to(check_program(program, config, plan, progress=stage)))
    elif request["op"] == "reproduces":
        target = frozenset(tuple(k) for k in request["target"])
        send({"ok": reproduces(request["source"], target, config, plan, progress=stage)})
    else:
        send({"error": f"unknown request {request['op']!r}"})


def main() -> None:
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever else writes to stdout (native code, warnings) goes to stderr
    sys.stdout = sys.stderr
    serve(sys.stdin, answers)


if __name__ == "__main__":
    main()
