"""The native CPU backend through ``myia.jit``: recursion depth, run-time errors,
memory, the disk cache, and values crossing the boundary."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import numpy as np
import pytest

import myia


def depth(n):
    if n == 0:
        return 0.0
    return 1.0 + 0.5 * depth(n - 1)


def test_deep_recursion_runs():
    f = myia.jit(depth, backend="cpu")
    assert f(10_000) == depth(100)  # converged to 2.0 long before
    assert f(100_000) == 2.0


def test_runaway_recursion_is_an_error_not_a_crash():
    f = myia.jit(depth, backend="cpu")
    assert f(10**6) == 2.0  # past the 8 MiB stack: made again on a 512 MiB one
    with pytest.raises(RecursionError) as info:
        f(10**9)  # past that one too
    assert isinstance(info.value, myia.MyiaError)
    assert f(10) == depth(10)  # the process is fine afterwards


def five(x, n):
    if n <= 0:
        return (x, x, x, x, x)
    a, b, c, d, e = five(x * 0.5, n - 1)
    return (a + 1.0, b, c, d, e * 2.0)


def first_four_of_five(x, n):
    a, b, c, d, e = five(x, n)
    return (a, b, c, d)


def test_entry_returning_part_of_a_large_result():
    # An exported function (C convention) whose result is a slice of the
    # result of an internal one (five doubles, returned in memory): LLVM's
    # x86-64 back end aborted the process on this tail call.
    assert myia.jit(first_four_of_five, backend="cpu")(1.0, 3) == first_four_of_five(1.0, 3)


def divide(a, b):
    return a // b, a % b


def test_division_by_zero_raises_like_python():
    f = myia.jit(divide, backend="cpu")
    assert f(-7, 2) == (-4, 1)
    with pytest.raises(ZeroDivisionError):
        f(1, 0)
    with pytest.raises(ZeroDivisionError):
        f(1.5, 0.0)


@dataclass(frozen=True)
class Pair:
    a: float
    b: int


def build(x, n):
    p = Pair(x * 2, n + 1)
    return p, (p.b, (p.a, True), None)


def test_tuples_records_none_cross_the_boundary():
    f = myia.jit(build, backend="cpu")
    assert f(1.5, 3) == build(1.5, 3)
    result, _ = f(1.5, 3)
    assert type(result) is Pair


def float32_math(x):
    return x * 2 + 1, -x


def test_numpy_scalars_keep_their_type():
    f = myia.jit(float32_math, backend="cpu")
    a, b = f(np.float32(1.5))
    assert type(a) is np.float32 and a == np.float32(4.0)
    assert type(b) is np.float32


def pairs(n):
    t = (0.0, 0)
    for i in range(n):
        t = (t[0] + i, t[1] - i)
    return t


def rss_pages() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1])


def test_memory_stays_flat_over_many_calls():
    f = myia.jit(pairs, backend="cpu")
    for _ in range(1000):
        f(10)
    before = rss_pages()
    for _ in range(100_000):
        f(10)
    grown_kib = (rss_pages() - before) * os.sysconf("SC_PAGE_SIZE") // 1024
    assert grown_kib < 2048, f"RSS grew by {grown_kib} KiB"


def test_disk_cache_skips_code_generation(tmp_path):
    """A second process compiling the same function loads its object code."""
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        import myia
        from myia.runtime.jit import get_jit
        from test_cpu import pairs
        f = myia.jit(pairs, backend="cpu")
        assert f(5) == pairs(5)
        stats = get_jit().stats
        print(stats.cache_hits)
        """
    )
    env = {**os.environ, "MYIA_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    files = list(tmp_path.rglob("*"))
    assert any(p.is_file() for p in files), "nothing was cached"
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert int(first.stdout) == 0 and int(second.stdout) >= 1


# ---------------------------------------------------------------------------
# The names of user functions are theirs: libm's and the runtime's stay apart


def fmod(x, y):
    return math.fmod(x, y)


def hypot(x, y):
    return math.hypot(x, y)


def lgamma(x, y):
    return math.lgamma(x) + y


def myia_raise(x, y):
    return x // y


def memcpy(x, y):
    return x * y


def calls_a_wrapper_name(x, y):
    return calls_a_wrapper_name__capi(x, y) + 1.0


def calls_a_wrapper_name__capi(x, y):
    return x - y


@pytest.mark.parametrize("backend", ["interp", "cpu"])
@pytest.mark.parametrize(
    "fn", [fmod, hypot, lgamma, memcpy, calls_a_wrapper_name], ids=lambda f: f.__name__
)
def test_functions_named_like_libm_or_the_runtime(fn, backend):
    """An entry ``fmod`` calling libm's ``fmod`` used to define and declare the
    same LLVM symbol (llvmlite's DuplicatedNameError)."""
    # (libm's lgamma and hypot may differ from CPython's own in the last bit)
    assert myia.jit(fn, backend=backend)(7.5, 2.0) == pytest.approx(fn(7.5, 2.0), rel=5e-16)


def test_a_function_named_like_the_raise_of_the_runtime_still_raises():
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        myia.jit(myia_raise, backend="cpu")(1, 0)
    assert myia.jit(myia_raise, backend="cpu")(7, 2) == 3
