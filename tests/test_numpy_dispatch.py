"""The tests that compare numbers with CPython and numpy pass whatever numpy's SIMD
dispatch: they run again in a subprocess with some of numpy's dispatched CPU
features turned off (``NPY_DISABLE_CPU_FEATURES``).

numpy picks, at import, the fastest loops this CPU supports among those it was built
with (``__cpu_dispatch__``). On a CPU with AVX-512, its AVX-512 loops of ``arccos``,
``exp``... may differ from the C library in the last bit, and so from CPython's
``math``: a test that compared them bit for bit would pass on one machine and fail
on the next. Nothing does: CPython's ``math`` values are compared exactly only with
values computed by CPython's ``math`` (the interpreters call it, and constants of
Python floats fold with it: the ``math_*`` primitives), and numpy's values within
ulps (see ``tests/test_programs.py``, ``tests/test_math_semantics.py``). These runs
check that on this machine: without the AVX-512 loops where the CPU has them, and
with numpy's baseline loops only (every dispatched group off), wherever the CPU has
any beyond the baseline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from numpy._core import _multiarray_umath as numpy_cpu

ROOT = Path(__file__).resolve().parent.parent

TESTS = [
    "tests/test_math_semantics.py",
    "tests/test_array_programs.py",
    "tests/test_programs.py",
]
SELECTION = "test_math_semantics or test_array_programs or (test_run and math)"
"""The tests run again: those comparing math and numpy's functions with CPython."""

DISPATCHED = [f for f in numpy_cpu.__cpu_dispatch__ if numpy_cpu.__cpu_features__.get(f)]
"""numpy's dispatched feature groups this CPU has (``X86_V3``, ``X86_V4``,
``AVX512_ICL``...)."""

AVX512 = [f for f in DISPATCHED if f.startswith("AVX512") or f == "X86_V4"]
"""Those that are AVX-512 (``X86_V4`` is x86-64-v4: AVX-512 F, CD, VL, BW, DQ)."""

CHECK_DISABLED = """
import sys
from numpy._core import _multiarray_umath as m
on = [f for f in sys.argv[1:] if m.__cpu_features__.get(f)]
assert not on, f"numpy still dispatches {on}"
"""


def run_without(features: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["NPY_DISABLE_CPU_FEATURES"] = " ".join(features)
    subprocess.run([sys.executable, "-c", CHECK_DISABLED, *features], env=env, check=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            SELECTION,
            *TESTS,
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"with {features} off:\n{result.stdout[-5000:]}"


@pytest.mark.skipif(
    not AVX512,
    reason="this CPU has no AVX-512: numpy's AVX-512 loops cannot run here, and no test "
    "compares numpy's values bit for bit (see the module docstring)",
)
def test_without_avx512_dispatch():
    run_without(AVX512)


@pytest.mark.skipif(not DISPATCHED, reason="numpy runs its baseline loops on this CPU already")
def test_with_baseline_loops_only():
    run_without(DISPATCHED)
