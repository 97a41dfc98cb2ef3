"""Jitted functions and gradients pickle (``__reduce__`` in myia/api.py), so that
they travel to worker processes: by reference when they are the module-level
object their name says, else as the function they compile with their backend,
passes and options. The other side compiles on the first call, or loads the
object code from the disk cache."""

from __future__ import annotations

import multiprocessing
import pickle

import numpy as np
import pytest

import myia
from myia.runtime.jit import get_jit


@myia.jit
def scaled(x, y):
    return x * y + 2.0


def loss(w, x):
    return (np.tanh(x @ w) ** 2).sum()


def cube(x):
    return x * x * x


def test_a_module_level_jitted_function_pickles_by_reference():
    data = pickle.dumps(scaled)
    assert b"myia.pickling" in data and b"lookup" in data and len(data) < 200
    assert pickle.loads(data) is scaled


def test_a_jitted_function_pickles_with_its_backend_passes_and_options():
    fn = myia.jit(cube, backend="interp")
    back = pickle.loads(pickle.dumps(fn))
    assert back is not fn
    assert back.__myia_backend__ == "interp"
    assert back(3.0) == 27.0
    with_passes = myia.jit(cube, passes="cse,dce")
    back = pickle.loads(pickle.dumps(with_passes))
    assert [p.name for p in back.passes] == ["cse", "dce"]
    assert back.__myia_backend__ == "cpu"
    assert back(2.0) == 8.0


def test_gradients_pickle():
    rng = np.random.default_rng(0)
    w, x = rng.standard_normal((3, 2)), rng.standard_normal((5, 3))
    for made in (
        myia.grad(loss),
        myia.grad(loss, argnums=(0, 1)),
        myia.value_and_grad(loss, argnums="x"),
        myia.grad(myia.grad(cube)),
        myia.grad(scaled, argnums=1),
    ):
        back = pickle.loads(pickle.dumps(made))
        assert back.__myia_grad__[1:] == made.__myia_grad__[1:]
        args = (2.0,) if "cube" in repr(made) else (w, x) if "loss" in repr(made) else (3.0, 4.0)
        expected, got = made(*args), back(*args)
        np.testing.assert_equal(got, expected)  # the same code: the same bits


def test_a_gradient_unpickled_twice_compiles_once():
    data = pickle.dumps(myia.grad(cube))
    first, second = pickle.loads(data), pickle.loads(data)
    assert first is second
    first(2.0)
    assert second.compilations == 1


def test_functions_that_cannot_be_named_do_not_pickle():
    def local(x):
        return x

    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(myia.jit(local))


def _shard_gradient(args):
    """In a worker: the gradient of the shard, and whether its object code came
    from the disk cache."""
    fn, w, x = args
    return fn(w, x), get_jit().stats.cache_hits


def test_gradients_run_in_spawned_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("MYIA_CACHE_DIR", str(tmp_path / "cache"))
    rng = np.random.default_rng(3)
    w, x = rng.standard_normal((3, 2)), rng.standard_normal((8, 3))
    grad = myia.grad(loss)
    shards = [x[:4], x[4:]]
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(_shard_gradient, [(grad, w, s) for s in shards])
    # (compiled here too, in a process whose JIT read MYIA_CACHE_DIR when made
    # or not: the workers made theirs with it)
    local = [grad(w, s) for s in shards]
    for (got, _), expected in zip(results, local):
        np.testing.assert_allclose(got, expected, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(sum(g for g, _ in results), grad(w, x), rtol=1e-13)
    # A second pool finds the object code the first one stored.
    with context.Pool(1) as pool:
        (_, hits), *_ = pool.map(_shard_gradient, [(grad, w, shards[0])])
    assert hits >= 1
