"""examples/dask_mlp.py on two local Dask worker processes (the ``dask`` extra):
the gradients the workers compute with a pickled ``myia.grad``, averaged, are
the single-process gradient, and training lowers the loss."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")

from distributed import Client, LocalCluster

import myia
from myia import tree_map

EXAMPLES = Path(__file__).parent.parent / "examples"
sys.path.insert(0, str(EXAMPLES))

import dask_mlp  # noqa: E402
import mlp  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with Client(cluster) as client:
        yield client
    cluster.close()


def test_averaged_worker_gradients_are_the_batch_gradient(client):
    model, (x, y) = mlp.setup(sizes=(10, 16, 1), batch=101)  # shards of 51 and 50 rows
    pairs, weights = dask_mlp.split(x, y, 2)
    shards = dask_mlp.place(client, pairs)
    where = [w for _, xs, _ in shards for w in client.who_has(xs)[xs.key]]
    assert len(set(where)) == 2  # one shard on each worker
    grad_cost = myia.grad(mlp.cost)
    got = dask_mlp.distributed_gradient(client, grad_cost, model, shards, weights)
    expected = grad_cost(model, x, y)
    assert type(got) is mlp.Model
    tree_map(lambda g, e: np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-15), got, expected)
    # Each worker compiled the gradient once, however many tasks it ran.
    dask_mlp.distributed_gradient(client, grad_cost, model, shards, weights)
    counts = client.run(_compilations)
    assert sorted(counts.values()) == [1, 1]


def _compilations():
    from myia import pickling

    return sum(f.compilations for f in pickling._REBUILT.values())


def test_training_lowers_the_loss(client):
    model, (x, y) = mlp.setup(sizes=(10, 16, 1), batch=64)
    _, losses = dask_mlp.train(client, model, x, y, steps=20, lr=0.1)
    assert losses[-1] < losses[0] / 2, losses


def test_functions_of_a_script_run_on_workers(tmp_path):
    """A script's own functions (``__main__``: a jitted one, a gradient) reach
    workers by name: Dask's workers import the script, and myia reads its source."""
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            """
            import numpy as np
            from distributed import Client, LocalCluster
            import myia

            def energy(x):
                return (x * x * x).sum()

            @myia.jit
            def cube(x):
                return x * x * x

            def call(fn, *args):
                return fn(*args)

            if __name__ == "__main__":
                cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                with Client(cluster) as client:
                    print(client.submit(call, myia.grad(energy), np.arange(3.0)).result())
                    print(client.submit(call, cube, 2.0).result())
                    print(client.submit(call, myia.grad(cube), 2.0).result())
                cluster.close()
            """
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["[ 0.  3. 12.]", "8.0", "12.0"]
