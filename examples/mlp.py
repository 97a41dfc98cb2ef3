"""The talk's multilayer perceptron, trained with compiled gradients.

A ``Model`` is a tuple of ``TanhLayer`` dataclasses; ``step`` takes the gradient
of ``cost`` with respect to the whole model (a ``Model`` of gradients) and
updates every weight in one ``tree_map``. Everything from ``step`` down is
compiled by ``myia.jit`` once, then each step runs natively.

    .venv/bin/python examples/mlp.py                 # train, print the loss
    .venv/bin/python examples/mlp.py --talk-error    # the talk's shape error

``--talk-error`` builds the model of the talk's slide, whose second layer's W
is 14x1 instead of 12x1, and prints the compile-time traceback: the frames of
``step``, ``cost``, ``Model.apply`` and ``TanhLayer.apply``, then ``dot`` with
both shapes.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass

import numpy as np
import training
from numpy import tanh

import myia
from myia import grad, tree_map


@dataclass(frozen=True)
class TanhLayer:
    W: np.ndarray
    b: np.ndarray

    def apply(self, input):
        return tanh(input @ self.W + self.b)


@dataclass(frozen=True)
class Model:
    layers: tuple

    def apply(self, x):
        for layer in self.layers:
            x = layer.apply(x)
        return x


def cost(model, x, target):
    y = model.apply(x)
    diff = target - y
    return np.sum(diff * diff) / x.shape[0]


def step(model, x, y, lr):
    dmodel = grad(cost)(model, x, y)
    return tree_map(lambda p, g: p - lr * g, model, dmodel)


def make_model(sizes, rng, dtype=np.float64):
    """Layers ``sizes[0] -> sizes[1] -> ...``, with small random weights."""
    layers = tuple(
        TanhLayer(
            (rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(dtype),
            np.zeros((1, n_out), dtype=dtype),
        )
        for n_in, n_out in itertools.pairwise(sizes)
    )
    return Model(layers)


def make_data(n, n_in, n_out, rng, dtype=np.float64):
    """Inputs, and targets from a fixed random teacher network."""
    teacher = make_model((n_in, 16, n_out), rng, dtype)
    x = rng.standard_normal((n, n_in)).astype(dtype)
    return x, teacher.apply(x)


def talk_error(backend: str) -> str:
    """The talk's slide: the second layer's W is 14x1, and y is an int8 array."""
    model = Model(
        (
            TanhLayer(np.zeros((10, 12)), np.zeros((1, 12))),
            TanhLayer(np.zeros((14, 1)), np.zeros((1, 1))),
        )
    )
    x, y = np.zeros((3, 10)), np.zeros((3, 1), dtype=np.int8)
    try:
        myia.jit(step, backend=backend)(model, x, y, 0.1)
    except myia.MyiaShapeError as err:
        return str(err)
    raise AssertionError("the mis-shaped model compiled")


def setup(sizes=(10, 64, 1), batch=256, dtype=np.float64):
    """A model and synthetic data (the targets of a random teacher network)."""
    rng = np.random.default_rng(0)
    model = make_model(sizes, rng, dtype)
    x, y = make_data(batch, sizes[0], sizes[-1], rng, dtype)
    return model, (x, y)


def main(argv=None) -> None:
    if argv is None:
        argv = sys.argv[1:]
    if "--talk-error" in argv:
        print(talk_error("cpu"))
        return
    training.main(__doc__, setup, step, cost, 0.05, {"sizes": (10, 64, 1), "batch": 256}, argv)


if __name__ == "__main__":
    main()
