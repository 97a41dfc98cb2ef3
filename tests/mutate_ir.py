"""A mutation campaign for ``myia-opt``: every error in its input must be a
``file:line:col: error:`` diagnostic with exit status 1, never a Python
traceback, an "internal error", a crash or a hang.

Seeds are the IR files of ``tests/filecheck`` and the IR their pipelines print
at each stage (typed myia, func/cf/arith, llvm), so that every dialect the
lowering handles is mutated. A mutant deletes, duplicates or swaps tokens or
lines, or replaces a type, a value, a symbol or a number with another one of
the same file. Each mutant runs through ``myia-opt`` four ways: parsed and
verified, through its seed's pipeline, through the default pipeline to LLVM IR
(``-t llvm``), and through its lowering part alone (typed IR needs no
inference).

Run: ``.venv/bin/python tests/mutate_ir.py [--mutants N] [--seed S] [--out DIR]``.
It prints a summary and writes each failing mutant, with its command and
output, under ``--out`` (default ``mutants/``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import shlex
import signal
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILECHECK = ROOT / "tests" / "filecheck"

FULL = (
    "myia-infer,myia-grad,myia-inline{simplify=true},cse,dce,myia-fuse-arrays,"
    "convert-myia-to-cf,myia-to-llvm"
)
"""What ``jit`` runs on the cpu backend, as passes (``-t llvm`` emits LLVM IR)."""

LOWER = "myia-inline{simplify=true},cse,dce,myia-fuse-arrays,convert-myia-to-cf,myia-to-llvm"
"""The same, from typed IR (no inference, which takes only typed entry points)."""

TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"|[%@^!#][\w.$-]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_][\w.]*|->|::|\S'
)
TYPES = [
    "f64", "f32", "f16", "i64", "i32", "i8", "i1", "index", "tuple<>", "tuple<f64, i64>",
    "tensor<3xf64>", "tensor<?x2xf32>", "tensor<f64>", "!myia.none", "!myia.list<f64>",
    "!myia.fn<@f>", "!llvm.ptr", "!llvm.struct<(f64, i64)>", "memref<3xf64>", "none",
]  # fmt: skip


# ---------------------------------------------------------------------------
# Seeds


def run_lines(path: Path) -> list[str]:
    """The ``-p`` pipelines of the file's RUN lines (those that run myia-opt on it)."""
    pipelines = []
    for line in path.read_text().splitlines():
        match = re.search(r"RUN:\s*myia-opt %s(.*?)(\||$)", line)
        if match is None:
            continue
        args = shlex.split(match.group(1))
        if "-p" in args:
            pipelines.append(args[args.index("-p") + 1])
    return pipelines


def seeds() -> list[tuple[str, str, list[str]]]:
    """``(name, text, pipelines)`` for each IR file, and for the IR each stage
    of its pipelines prints."""
    out = []
    for path in sorted(FILECHECK.rglob("*.mlir")):
        text = path.read_text()
        if "RUN: not" in text or "--verify-diagnostics" in text or "Inputs" in path.parts:
            continue
        pipelines = run_lines(path)
        name = str(path.relative_to(FILECHECK))
        out.append((name, text, pipelines))
        for pipeline in pipelines:
            passes = pipeline.split(",")
            for k in range(1, len(passes) + 1):
                stage = ",".join(passes[:k])
                printed = myia_opt([str(path), "-p", stage])
                if printed[0] == 0:
                    rest = ",".join(passes[k:])
                    out.append((f"{name} after {stage}", printed[1], [rest] if rest else []))
    for path in sorted(FILECHECK.rglob("*.py")):
        match = re.search(r"RUN: myia-opt %s (--entry \w+) -p '([^']*)'", path.read_text())
        if match:
            entry = match.group(1).split()[1]
            printed = myia_opt([str(path), "--entry", entry, "-p", match.group(2)])
            if printed[0] == 0 and "myia.func" in printed[1]:
                out.append((f"{path.relative_to(FILECHECK)} typed", printed[1], []))
    return out


def myia_opt(args: list[str]) -> tuple[int, str, str]:
    """``myia-opt args`` in this process: status, stdout, stderr."""
    from myia.opt import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(args)
    return status, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------
# Mutations


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One random mutation of ``text`` and its description."""
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    code = [t for t in tokens if not _in_comment(text, t[0])]
    if not code:
        return text + "!", "append !"
    kind = rng.choice(
        ["delete", "duplicate", "swap", "type", "value", "symbol", "number", "line", "line"]
    )
    start, end, tok = rng.choice(code)
    if kind == "delete":
        return text[:start] + text[end:], f"delete {tok!r} at {start}"
    if kind == "duplicate":
        return text[:end] + " " + tok + text[end:], f"duplicate {tok!r} at {start}"
    if kind == "swap":
        i = code.index((start, end, tok))
        if i + 1 < len(code):
            s2, e2, t2 = code[i + 1]
            return (
                text[:start] + t2 + text[end:s2] + tok + text[e2:],
                f"swap {tok!r} and {t2!r} at {start}",
            )
        return text[:start] + text[end:], f"delete {tok!r} at {start}"
    if kind == "line":
        lines = text.splitlines(keepends=True)
        i = rng.randrange(len(lines))
        if rng.random() < 0.5:
            return "".join(lines[:i] + lines[i + 1 :]), f"delete line {i + 1}"
        j = rng.randrange(len(lines))
        return "".join(lines[:j] + [lines[i]] + lines[j:]), f"copy line {i + 1} before {j + 1}"
    pools = {
        "type": [t for t in code if re.fullmatch(r"[fi]\d+|index|tuple|tensor|none", t[2])],
        "value": [t for t in code if t[2].startswith("%")],
        "symbol": [t for t in code if t[2].startswith("@")],
        "number": [t for t in code if t[2][0].isdigit()],
    }
    pool = pools[kind]
    if not pool:
        return text[:start] + text[end:], f"delete {tok!r} at {start}"
    start, end, tok = rng.choice(pool)
    if kind == "type":
        new = rng.choice(TYPES)
    elif kind == "number":
        new = rng.choice(["0", "1", "-1", "2", "64", "1.5", "9223372036854775807", "100000"])
    else:
        new = rng.choice(sorted({t[2] for t in pool}))
    return text[:start] + new + text[end:], f"{kind} {tok!r} -> {new!r} at {start}"


def _in_comment(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return "//" in text[line_start:pos]


# ---------------------------------------------------------------------------
# Running myia-opt in a worker process


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Timeout()


def run_in_worker(args: list[str], timeout: int) -> tuple[str, int, str]:
    """``myia-opt args`` in this process: ``(verdict, status, output)``."""
    from myia.opt import main

    out, err = io.StringIO(), io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(args)
    except Timeout:
        return "hang", -1, err.getvalue()
    except BaseException as exc:  # main must catch everything a user can cause
        import traceback

        return "traceback", -1, "".join(traceback.format_exception(exc))
    finally:
        signal.alarm(0)
    text = err.getvalue()
    if "Traceback (most recent call last)" in text:
        return "traceback", status, text
    if "internal error" in text:
        return "internal error", status, text
    if status not in (0, 1):
        return f"status {status}", status, text
    if status == 1 and "error:" not in text:
        return "no diagnostic", status, text
    return "ok", status, text


def campaign(count: int, seed: int, out_dir: Path, timeout: int) -> int:
    rng = random.Random(seed)
    print("collecting seeds...", flush=True)
    with ProcessPoolExecutor(max_workers=1) as pool:  # (myia imported there only)
        sources = pool.submit(seeds).result()
    print(f"{len(sources)} seeds", flush=True)
    verdicts: Counter[str] = Counter()
    compiled = 0  # mutants the default pipeline took to LLVM IR without an error
    failures: dict[str, list[tuple[str, list[str], str]]] = {}
    workdir = Path(tempfile.mkdtemp(prefix="mutants"))
    started = time.time()
    pool = ProcessPoolExecutor(max_workers=1)
    runs = 0
    for n in range(count):
        name, text, pipelines = rng.choice(sources)
        mutant, how = mutate(text, rng)
        while rng.random() < 0.4:  # one mutation or more
            mutant, more = mutate(mutant, rng)
            how = f"{how}; {more}"
        path = workdir / f"m{n}.mlir"
        path.write_text(mutant)
        lower = LOWER if "myia.func" in mutant else "myia-to-llvm"
        commands = [[str(path)], [str(path), "-p", FULL, "-t", "llvm"]]
        commands.append([str(path), "-p", lower, "-t", "llvm"])
        commands += [[str(path), "-p", p] for p in pipelines]
        for args in commands:
            runs += 1
            try:
                verdict, status, output = pool.submit(run_in_worker, args, timeout).result()
                compiled += verdict == "ok" and status == 0 and "-t" in args
            except BrokenProcessPool:
                verdict, output = "crash", ""
                pool = ProcessPoolExecutor(max_workers=1)
            verdicts[verdict] += 1
            if verdict != "ok":
                key = f"{verdict}: {_signature(output)}"
                failures.setdefault(key, []).append((f"{name}: {how}", args, mutant))
                if len(failures[key]) == 1:
                    print(f"[{n}] NEW {key}\n    {name}: {how}\n    myia-opt {' '.join(args)}")
        if (n + 1) % 100 == 0:
            print(f"{n + 1} mutants, {runs} runs, {time.time() - started:.0f} s: {dict(verdicts)}")
    pool.shutdown()
    out_dir.mkdir(parents=True, exist_ok=True)
    for i, (key, cases) in enumerate(sorted(failures.items())):
        origin, args, mutant = cases[0]
        (out_dir / f"failure{i}.mlir").write_text(
            f"// {key}\n// {origin}\n// myia-opt {' '.join(args[1:])}\n{mutant}"
        )
    print(f"\n{count} mutants, {runs} runs of myia-opt in {time.time() - started:.0f} s")
    print(f"{compiled} mutants compiled to LLVM IR (the others are diagnosed)")
    for verdict, n in verdicts.most_common():
        print(f"  {verdict}: {n}")
    print(f"{len(failures)} distinct failures (written to {out_dir}):")
    for key, cases in sorted(failures.items()):
        print(f"  {len(cases):4d}x {key}")
    return 1 if failures else 0


def _signature(output: str) -> str:
    """What identifies a failure: its last traceback frame and exception line."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    frames = [line.strip() for line in lines if line.strip().startswith("File ")]
    last = lines[-1] if lines else ""
    where = re.sub(r", line \d+", "", frames[-1]) if frames else ""
    return f"{where} {last[:160]}".strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=30, help="seconds per myia-opt run")
    parser.add_argument("--out", type=Path, default=Path("mutants"))
    args = parser.parse_args()
    return campaign(args.mutants, args.seed, args.out, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
