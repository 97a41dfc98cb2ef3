"""The MLP of mlp.py, trained data-parallel on Dask workers.

Each worker computes the gradient of the cost on its shard of the batch with a
pickled ``myia.grad`` function; the driver averages the gradients and updates
the parameters.

    pip install -e '.[dask]'
    .venv/bin/python examples/dask_mlp.py                  # 2 local workers
    .venv/bin/python examples/dask_mlp.py --workers 4 --steps 100
    .venv/bin/python examples/dask_mlp.py --scheduler tcp://host:8786

With no ``--scheduler`` it starts a ``LocalCluster`` of worker processes on
this machine. Each worker unpickles the gradient (a reference to
``mlp.cost``, which it imports) and compiles it on its first task, once: the
tasks after it reuse the compiled code. With ``MYIA_CACHE_DIR`` set, workers on
one machine share the object code on disk. The shards are sent to the workers
once (``scatter``); each step sends the model and gets the gradients back.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # mlp.py, for the workers too

import mlp
from dask.distributed import Client, LocalCluster

import myia
from myia import tree_map


def shard_gradient(grad_cost, model, x, y):
    """On a worker: the gradient of the cost of one shard (a ``Model``)."""
    return grad_cost(model, x, y)


def split(x, y, parts):
    """The batch cut into ``parts`` shards of rows, and each one's share of it."""
    xs, ys = np.array_split(x, parts), np.array_split(y, parts)
    return list(zip(xs, ys)), [len(s) / len(x) for s in xs]


def average(gradients, weights):
    """The weighted mean of the workers' gradients: the gradient of the whole
    batch, since the cost is a mean over its rows."""
    return tree_map(lambda *gs: sum(w * g for w, g in zip(weights, gs)), *gradients)


def place(client, pairs):
    """Each shard sent to a worker of its own (round robin), where it stays:
    ``(worker, x, y)`` with futures of the arrays."""
    workers = sorted(client.scheduler_info()["workers"])
    shards = []
    for i, (x, y) in enumerate(pairs):
        worker = workers[i % len(workers)]
        xs, ys = client.scatter([x, y], workers=[worker])
        shards.append((worker, xs, ys))
    return shards


def distributed_gradient(client, grad_cost, model, shards, weights):
    """The gradient of the cost of the whole batch, computed shard by shard on
    the workers that hold them (``shards``: see :func:`place`)."""
    futures = [
        client.submit(shard_gradient, grad_cost, model, xs, ys, workers=[worker], pure=False)
        for worker, xs, ys in shards
    ]
    return average(client.gather(futures), weights)


def train(client, model, x, y, steps, lr, report=None):
    """``steps`` steps of gradient descent with gradients computed on the
    workers; the losses (on the driver) at each report, first and last."""
    grad_cost = myia.grad(mlp.cost)
    cost = myia.jit(mlp.cost)
    workers = max(len(client.scheduler_info()["workers"]), 1)
    pairs, weights = split(x, y, workers)
    shards = place(client, pairs)
    losses = [float(cost(model, x, y))]
    for i in range(steps):
        dmodel = distributed_gradient(client, grad_cost, model, shards, weights)
        model = tree_map(lambda p, g: p - lr * g, model, dmodel)
        if report is not None and ((i + 1) % report == 0 or i == steps - 1):
            losses.append(float(cost(model, x, y)))
            print(f"  step {i + 1:5d}  loss {losses[-1]:.6f}", flush=True)
    if report is None:
        losses.append(float(cost(model, x, y)))
    return model, losses


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--scheduler", help="the address of a running Dask scheduler")
    args = parser.parse_args(argv)
    model, (x, y) = mlp.setup(sizes=(10, 64, 1), batch=args.batch)
    if args.scheduler:
        cluster = None
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        print(f"{__doc__.splitlines()[0]}\n  {args.workers} workers, {args.steps} steps")
        start = time.perf_counter()
        _, losses = train(client, model, x, y, args.steps, args.lr, max(args.steps // 6, 1))
        seconds = time.perf_counter() - start
        print(f"loss {losses[0]:.4f} -> {losses[-1]:.4f} in {seconds:.1f} s")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
