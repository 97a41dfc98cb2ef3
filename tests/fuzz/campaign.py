"""A fuzzing campaign: ``make fuzz`` (``cd tests && python -m fuzz --help``).

Programs ``0, 1, 2...`` of a seed are generated and checked by worker
processes (:mod:`fuzz.worker`), each program within a time limit: a worker
that crashes or hangs is replaced, and the program is recorded as a ``crash``
or ``timeout`` of the stage it was in. At the end the campaign prints a
summary, groups the failures by signature, reduces one program of each group
to a minimal reproducer (:mod:`fuzz.reducer`) and writes each group to the
output directory: ``original.py``, ``reduced.py`` (runnable: it prints what
CPython and each backend give) and ``failure.txt``.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzz.features import FEATURES, PENDING, SMALL, Config
from fuzz.reducer import only_case, reduce
from fuzz.runner import BACKENDS, GRAD_RUNS, Plan
from fuzz.worker import config_to, plan_to

TESTS_DIR = Path(__file__).resolve().parent.parent
#: A worker is replaced after this many programs (compiled code is never freed:
#: issue 13 item 15).
PROGRAMS_PER_WORKER = 150

Key = tuple[str, str, str]


# ---------------------------------------------------------------------------
# Workers


@dataclass
class Crash:
    """A worker died (``crash``, with the signal or exit status) or was killed
    after the time limit (``timeout``) while in ``stage``."""

    kind: str
    stage: str
    detail: str
    stderr: str = ""

    def key(self) -> Key:
        return (self.stage, self.kind, self.detail)


class Worker:
    """One ``python -m fuzz.worker`` process, restarted when it dies."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.served = 0
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (lives with the worker)

    def start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TESTS_DIR), env.get("PYTHONPATH")]))
        self.stderr.seek(0)
        self.stderr.truncate()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fuzz.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            env=env,
            cwd=TESTS_DIR,
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, args=(self.process, self.lines), daemon=True).start()
        self.served = 0

    @staticmethod
    def _read(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any] | Crash:
        if self.process is None or self.served >= PROGRAMS_PER_WORKER:
            self.stop()
            self.start()
        assert self.process is not None and self.process.stdin is not None
        self.served += 1
        stage = "start"
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                if time.monotonic() < deadline:
                    continue
                self.stop()
                return Crash("timeout", stage, f"{timeout:g}s")
            if line is None:
                status = self.process.wait()
                self.process = None
                self.stderr.seek(0)
                tail = "".join(self.stderr.readlines()[-20:])
                return Crash("crash", stage, _status_name(status), tail)
            answer = json.loads(line)
            if "stage" in answer:
                stage = answer["stage"]
                continue
            if "error" in answer:  # the fuzzer's own bug, in the worker
                return Crash("fuzzer-error", stage, answer["error"].strip().splitlines()[-1])
            return answer


def _status_name(status: int) -> str:
    if status < 0:
        try:
            return signal.Signals(-status).name
        except ValueError:
            return f"signal {-status}"
    return f"exit {status}"


# ---------------------------------------------------------------------------
# The campaign


@dataclass
class Failing:
    """A program with a failing case, and the signature of that case."""

    origin: str
    source: str
    case: int
    signature: frozenset[Key]
    messages: list[str]


@dataclass
class Summary:
    programs: int = 0
    cases: int = 0
    checked: int = 0
    grads: int = 0
    excluded: collections.Counter[str] = field(default_factory=collections.Counter)
    invalid: collections.Counter[str] = field(default_factory=collections.Counter)
    failing: list[Failing] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, seed: int, index: int, answer: dict[str, Any] | Crash) -> None:
        self.programs += 1
        origin = f"{seed}:{index}"
        if isinstance(answer, Crash):
            self.failing.append(
                Failing(origin, "", -1, frozenset([answer.key()]), [answer.stderr.strip()])
            )
            return
        for case in answer["cases"]:
            self.cases += 1
            if case["invalid"]:
                self.invalid[_reason(case["invalid"])] += 1
            elif case["excluded"]:
                for name in case["excluded"]:
                    self.excluded[name] += 1
            else:
                self.checked += 1
                self.grads += case["grads"]
        failing = next((c for c in answer["cases"] if c["failures"]), None)
        if failing is not None:
            keys = frozenset(tuple(f[:3]) for f in failing["failures"])
            messages = [f"{f[0]}: {f[1]} {f[2]}: {f[3]}" for f in failing["failures"]]
            self.failing.append(Failing(origin, answer["source"], failing["case"], keys, messages))  # type: ignore[arg-type]

    def groups(self) -> dict[frozenset[Key], list[Failing]]:
        out: dict[frozenset[Key], list[Failing]] = {}
        for f in self.failing:
            out.setdefault(f.signature, []).append(f)
        return dict(sorted(out.items(), key=lambda item: -len(item[1])))


def _reason(text: str) -> str:
    return re.sub(r"\d+", "N", text.split(":")[0])[:70]


def run_programs(
    seed: int,
    indices_: list[int],
    seconds: float | None,
    jobs: int,
    config: Config,
    plan: Plan,
    timeout: float,
    log: Callable[[str], None],
    rotate: bool = False,
) -> Summary:
    """Check programs ``indices_`` of ``seed``; ``rotate``: one of the plan's
    gradient runs per program, in turn (as make test does)."""
    summary = Summary()
    lock = threading.Lock()
    indices = iter(indices_)
    start = time.monotonic()
    request = {"op": "program", "seed": seed, "config": config_to(config)}

    def plan_for(index: int) -> dict[str, Any]:
        if not rotate or not plan.grads:
            return plan_to(plan)
        return plan_to(dataclasses.replace(plan, grads=(plan.grads[index % len(plan.grads)],)))

    def work() -> None:
        worker = Worker()
        try:
            while True:
                with lock:
                    if seconds is not None and time.monotonic() - start > seconds:
                        return
                    index = next(indices, None)
                if index is None:
                    return
                answer = worker.request(
                    {**request, "index": index, "plan": plan_for(index)}, timeout
                )
                with lock:
                    summary.add(seed, index, answer)
                    if isinstance(answer, Crash) or any(c["failures"] for c in answer["cases"]):
                        log(f"  {seed}:{index}: {_describe(summary.failing[-1].signature)}")
                    if summary.programs % 100 == 0:
                        log(f"{summary.programs} programs, {len(summary.failing)} failing, "
                            f"{time.monotonic() - start:.0f}s")  # fmt: skip
        finally:
            worker.stop()

    threads = [threading.Thread(target=work) for _ in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    summary.seconds = time.monotonic() - start
    return summary


def check_file(path: Path, config: Config, plan: Plan, timeout: float) -> Summary:
    """A summary of one program read from a file (which defines main and CASES)."""
    summary = Summary()
    worker = Worker()
    try:
        source = path.read_text()
        answer = worker.request(
            {"op": "check", "source": source, "config": config_to(config), "plan": plan_to(plan)},
            timeout,
        )
    finally:
        worker.stop()
    if not isinstance(answer, Crash):
        answer["source"] = source
    summary.add(0, 0, answer)
    summary.failing = [dataclasses.replace(f, origin=str(path)) for f in summary.failing]
    return summary


def _describe(signature: frozenset[Key]) -> str:
    return "; ".join(" ".join(k) for k in sorted(signature))


def reduce_group(
    failing: Failing,
    worker: Worker,
    config: Config,
    plan: Plan,
    timeout: float,
    budget: float,
    log: Callable[[str], None],
) -> str | None:
    """The reduced source of a failing program (None if it does not reproduce)."""
    if not failing.source:
        return None
    target = sorted(list(k) for k in failing.signature)
    grads = [g for g in plan.grads if any(k[0] == f"grad-{g[0]}-{g[1]}" for k in failing.signature)]
    small_plan = dataclasses.replace(plan, grads=tuple(grads))
    base = {
        "op": "reproduces",
        "target": target,
        "config": config_to(config),
        "plan": plan_to(small_plan),
    }

    def still_fails(source: str) -> bool:
        answer = worker.request({**base, "source": source}, timeout)
        if isinstance(answer, Crash):
            return answer.key() in failing.signature
        return bool(answer.get("ok"))

    start = only_case(failing.source, failing.case)
    if not still_fails(start):
        log(f"  {failing.origin}: does not fail alone (or not every time): not reduced")
        return None
    return reduce(start, still_fails, budget=budget)


# ---------------------------------------------------------------------------
# Output


FOOTER = """

if __name__ == "__main__":
    import myia

    print("CPython:", end=" ")
    try:
        print(repr(main(*CASES[0])))
    except Exception as error:
        print(type(error).__name__, error)
    for backend in {backends!r}:
        print(backend + ":", end=" ")
        try:
            print(repr(myia.jit(main, backend=backend)(*CASES[0])))
        except Exception as error:
            print(type(error).__name__, str(error).splitlines()[-1])
"""


def write_group(
    directory: Path,
    number: int,
    signature: frozenset[Key],
    members: list[Failing],
    reduced: str | None,
    backends: tuple[str, ...],
    command: str,
) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", _describe(signature))[:80].strip("-")
    folder = directory / f"{number:02d}-{slug}"
    folder.mkdir(parents=True, exist_ok=True)
    first = members[0]
    lines = [
        f"signature: {_describe(signature)}",
        f"programs: {len(members)} ({', '.join(m.origin for m in members[:20])})",
        f"first: program {first.origin}, case {first.case}",
        f"regenerate: {command}",
        "",
        *first.messages,
    ]
    (folder / "failure.txt").write_text("\n".join(lines) + "\n")
    if first.source:
        (folder / "original.py").write_text(first.source)
    if reduced is not None:
        (folder / "reduced.py").write_text(reduced + FOOTER.format(backends=backends))
    return folder


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m fuzz",
        description="Differential fuzzing of myia against CPython (make fuzz).",
        epilog="features (+name/-name; pending: off by default): "
        + ", ".join(f"{n}{'*' if n in PENDING else ''}" for n in FEATURES),
    )
    parser.add_argument("--seed", type=int, default=None, help="campaign seed (default: random)")
    parser.add_argument("--count", type=int, default=1000, help="programs to run (default 1000)")
    parser.add_argument("--only", type=int, default=None, help="run program INDEX alone")
    parser.add_argument(
        "--file", default=None, help="check (and reduce) this program file instead of generating"
    )
    parser.add_argument(
        "--time", type=float, default=None, help="stop starting programs after SECONDS"
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated backends")
    parser.add_argument(
        "--grads",
        default="all",
        help="gradient runs: all, rotate (one per program, in turn), none, or MODE-BACKEND,... "
        "(e.g. auto-cpu,never-interp)",
    )
    parser.add_argument(
        "--grad-args",
        type=int,
        default=0,
        help="float arguments differentiated per gradient run (default 0: every one)",
    )
    parser.add_argument(
        "--features", default="", help="e.g. +float_pow_errors,-arrays (+all: everything)"
    )
    parser.add_argument("--small", action="store_true", help="the small programs of make test")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per program")
    parser.add_argument("--out", default="fuzz-failures", help="directory for the failures")
    parser.add_argument("--reduce-time", type=float, default=180, help="seconds per reduction")
    parser.add_argument("--reduce", type=int, default=20, help="signatures to reduce (0: none)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    config = SMALL if args.small else Config()
    if args.features:
        config = config.with_features(args.features.split(","))
    backends = tuple(b for b in args.backends.split(",") if b)
    if args.grads in ("all", "rotate"):
        grads = GRAD_RUNS
    elif args.grads == "none":
        grads = ()
    else:
        grads = tuple(tuple(g.split("-", 1)) for g in args.grads.split(","))  # type: ignore[misc]
    plan = Plan(backends, grads, grad_args=args.grad_args)  # type: ignore[arg-type]
    log = lambda text: print(text, flush=True)
    on = sorted(config.features & set(PENDING))
    log(f"myia fuzz: seed {seed}, {1 if args.only is not None else args.count} programs, backends {', '.join(backends)}, "
        f"{args.jobs} jobs; pending features on: {', '.join(on) or 'none'}")  # fmt: skip
    indices = [args.only] if args.only is not None else list(range(args.count))
    if args.file is not None:
        summary = check_file(Path(args.file), config, plan, args.timeout)
    else:
        summary = run_programs(
            seed, indices, args.time, args.jobs, config, plan, args.timeout, log,
            rotate=args.grads == "rotate",
        )  # fmt: skip
    groups = summary.groups()
    out = Path(args.out)
    if out.exists() and groups:
        shutil.rmtree(out)
    print_summary(summary, groups, log)
    reduced = reduce_groups(groups, args, config, plan, log)
    options = (f" --features={args.features}" if args.features else "") + (
        " --small" if args.small else ""
    )
    for number, (signature, members) in enumerate(groups.items(), 1):
        if args.file is not None:
            command = f"make fuzz FUZZ_ARGS='--file {members[0].origin}{options}'"
        else:
            index = members[0].origin.split(":")[1]
            command = f"make fuzz SEED={seed} FUZZ_ARGS='--only {index}{options}'"
        folder = write_group(
            out, number, signature, members, reduced.get(signature), backends, command
        )
        text = reduced.get(signature)
        log(f"\n[{number}] {_describe(signature)}  ({len(members)} programs) -> {folder}")
        log("\n".join("    " + m for m in members[0].messages[:4]))
        if text is not None:
            log(text.rstrip())
    return 1 if groups else 0


def reduce_groups(
    groups: dict[frozenset[Key], list[Failing]],
    args: argparse.Namespace,
    config: Config,
    plan: Plan,
    log: Callable[[str], None],
) -> dict[frozenset[Key], str]:
    todo: queue.Queue[tuple[frozenset[Key], Failing]] = queue.Queue()
    for signature, members in list(groups.items())[: args.reduce]:
        todo.put((signature, members[0]))
    reduced: dict[frozenset[Key], str] = {}
    if todo.empty():
        return reduced
    log(f"\nreducing {todo.qsize()} signatures ({args.reduce_time:g}s each at most)")

    def work() -> None:
        worker = Worker()
        try:
            while True:
                try:
                    signature, failing = todo.get_nowait()
                except queue.Empty:
                    return
                result = reduce_group(
                    failing, worker, config, plan, args.timeout, args.reduce_time, log
                )
                if result is not None:
                    reduced[signature] = result
        finally:
            worker.stop()

    threads = [threading.Thread(target=work) for _ in range(args.jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return reduced


def print_summary(
    summary: Summary, groups: dict[frozenset[Key], list[Failing]], log: Callable[[str], None]
) -> None:
    log(f"\n{summary.programs} programs, {summary.cases} cases in {summary.seconds:.0f}s: "
        f"{summary.checked} checked ({summary.grads} gradients), "
        f"{sum(summary.excluded.values())} excluded, {sum(summary.invalid.values())} invalid")  # fmt: skip
    if summary.excluded:
        log(
            "excluded (pending features; run on the backends they do not affect): "
            + ", ".join(f"{k} {v}" for k, v in summary.excluded.most_common())
        )
    if summary.invalid:
        log("invalid: " + "; ".join(f"{k} {v}" for k, v in summary.invalid.most_common()))
    log(f"{len(summary.failing)} failing programs, {len(groups)} signatures")
    for signature, members in groups.items():
        log(f"  {len(members):4d}  {_describe(signature)}")
    if len(groups) > 1:
        keys = collections.Counter(k for f in summary.failing for k in f.signature)
        log("by backend and kind (a program counts once per key):")
        for key, n in keys.most_common():
            log(f"  {n:4d}  {' '.join(key)}")
