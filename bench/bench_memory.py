"""Memory of compiled code: what dropped functions and many shapes leave behind.

Run: .venv/bin/python bench/bench_memory.py [N]
Compiles N (default 200) distinct scalar functions and N/2 array functions,
calls and drops each, and reports the growth of the process's resident memory
per function (after ``gc.collect`` and ``malloc_trim``) and the number of
modules still loaded; then one function called with 400 array lengths: its
compilations and the memory they took.
"""

from __future__ import annotations

import ctypes
import gc
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import myia
from myia.runtime.jit import get_jit

SCALAR = "def f(x):\n    return x * {i}.5 + 1.0\n"
ARRAY = (
    "import numpy as np\n\n\ndef f(x, y):\n    return np.tanh(x * {i}.5) @ y + np.sum(x) * {i}.0\n"
)


def rss_mb() -> float:
    ctypes.CDLL(None).malloc_trim(0)
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def load(folder: Path, source: str, i: int):
    path = folder / f"generated_{abs(hash(source)) % 10**6}_{i}.py"
    path.write_text(source.format(i=i))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def dropped(folder: Path, source: str, args: tuple, n: int) -> None:
    myia.jit(load(folder, source, 0))(*args)  # warm up
    gc.collect()
    before, live, start = rss_mb(), get_jit().live_modules, time.perf_counter()
    for i in range(1, n + 1):
        f = myia.jit(load(folder, source, i))
        f(*args)
        del f
    gc.collect()
    grown = rss_mb() - before
    kind = "array" if "np" in source else "scalar"
    print(
        f"{n} {kind} functions compiled and dropped: {grown * 1e3 / n:6.1f} KB each, "
        f"modules still loaded {get_jit().live_modules - live}, "
        f"{(time.perf_counter() - start) / n * 1e3:.0f} ms each"
    )


def lengths() -> None:
    def total(x, y):
        return np.sum(np.tanh(x) * y) + x[0]

    f = myia.jit(total)
    f(np.ones(1), np.ones(1))
    gc.collect()
    before = rss_mb()
    for n in range(2, 402):
        f(np.linspace(0.0, 1.0, n), np.ones(n))
    print(
        f"one function, 400 array lengths: {f.compilations - 1} compilations, "
        f"{rss_mb() - before:.1f} MB"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dropped(folder, SCALAR, (2.0,), n)
        dropped(folder, ARRAY, (np.ones((8, 8)), np.ones((8, 3))), n // 2)
    lengths()


if __name__ == "__main__":
    main()
