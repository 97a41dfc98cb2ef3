"""Bounded compiled code: code of dropped functions is freed, and a function
called with many array shapes is compiled a bounded number of times."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import myia
from myia.api import SHAPE_SPECIALIZATIONS
from myia.runtime.jit import get_jit

FUNCTIONS = "\n".join(f"def f{i}(x):\n    return x * {i} + 1.5\n" for i in range(200))


def test_code_of_dropped_functions_is_freed(tmp_path, monkeypatch):
    path = tmp_path / "many_functions.py"
    path.write_text(FUNCTIONS)
    monkeypatch.syspath_prepend(str(tmp_path))
    import many_functions

    jit = get_jit()
    gc.collect()
    baseline = jit.live_modules
    engines = []
    for i in range(200):
        f = myia.jit(getattr(many_functions, f"f{i}"))
        assert f(2.0) == 2.0 * i + 1.5
        (run,) = f.specializations.values()
        engines.append(weakref.ref(run.native.keepalive.engine))
        assert jit.live_modules > baseline
        del f, run
    gc.collect()
    assert jit.live_modules == baseline
    assert all(engine() is None for engine in engines)  # each engine (its code) freed
    # The process's JIT still works, and compiles the same function again.
    assert myia.jit(many_functions.f7)(1.0) == 8.5


def total(x, y):
    return np.sum(np.tanh(x) * y) + x[0]


def test_many_array_lengths_compile_at_most_cap_plus_one_times():
    f = myia.jit(total)
    for n in range(2, 402):
        x = np.linspace(-1.0, 1.0, n)
        y = np.cos(x)
        expected = np.sum(np.tanh(x) * y) + x[0]
        assert f(x, y) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert f.compilations == SHAPE_SPECIALIZATIONS + 1
    # The static shapes seen first keep their own code; the rest share one.
    shapes = [sig[0].shape for sig in f.specializations]
    assert shapes[:SHAPE_SPECIALIZATIONS] == [(n,) for n in range(2, 2 + SHAPE_SPECIALIZATIONS)]
    assert shapes[-1] == (None,)
    # A dimension of 1 decides broadcasting: it is part of the generic signature.
    assert f(np.ones(1), np.full(3, 2.0)) == pytest.approx(3 * np.tanh(1.0) * 2.0 + 1.0)
    assert f.compilations == SHAPE_SPECIALIZATIONS + 2


def needs_static(x):
    if x.shape[0] == 3:
        return (x[0], x[1])
    return x[0]


def test_functions_that_need_static_shapes_keep_one_compilation_per_shape():
    f = myia.jit(needs_static)
    for n in range(3, 10):
        expected = (1.0, 1.0) if n == 3 else 1.0
        assert f(np.ones(n)) == expected
    assert f.compilations == 7


@pytest.mark.parametrize(
    "fn, args",
    [
        (lambda x, y: np.sum(np.tanh(x) * y), (np.ones(3), np.ones(4))),
        (lambda x, y: x @ y, (np.ones((3, 4)), np.ones((5, 2)))),
        (lambda x, y: np.concatenate((x, y), axis=1), (np.ones((3, 2)), np.ones((5, 2)))),
        (lambda x, y: np.stack((x, y)), (np.ones((3, 4)), np.ones((5, 4)))),
    ],
    ids=["fused reduction", "matmul", "concatenate", "stack"],
)
def test_sizes_known_at_run_time_are_checked(fn, args):
    def sliced(x, y, n):
        return fn(x[:n], y[:n])

    f = myia.jit(sliced)  # slices: sizes known only at run time
    with pytest.raises(ValueError, match="do not match"):
        f(*args, 100)
    with pytest.raises(ValueError):
        fn(*args)  # numpy agrees


def test_arrays_converted_for_the_call_live_until_it_returns():
    # A byte-swapped array is converted to a native one for the call; the
    # conversion must not be freed before the compiled code reads it.
    def scaled(x):
        return np.tanh(x) * 3.0

    x = np.linspace(-2.0, 2.0, 1000)
    f = myia.jit(scaled)
    expected = np.tanh(x) * 3.0
    np.testing.assert_allclose(f(x.astype(">f8")), expected, rtol=1e-15, atol=1e-15)
