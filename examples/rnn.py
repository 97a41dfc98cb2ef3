"""A tanh recurrent network over a Python list of time steps, trained with
gradients through the ``for`` loop (backpropagation through time, derived).

    .venv/bin/python examples/rnn.py
    .venv/bin/python examples/rnn.py --n-hidden 128 --n-in 64 --length 50 --batch 32

The task: reproduce the final state of a random teacher network on random
input sequences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import training

from myia import grad, tree_map


@dataclass(frozen=True)
class RNN:
    Wx: np.ndarray
    Wh: np.ndarray
    b: np.ndarray

    def run(self, xs, h):
        for x in xs:
            h = np.tanh(x @ self.Wx + h @ self.Wh + self.b)
        return h


def cost(rnn, xs, h0, target):
    diff = rnn.run(xs, h0) - target
    return np.sum(diff * diff) / h0.shape[0]


def step(rnn, xs, h0, target, lr):
    drnn = grad(cost)(rnn, xs, h0, target)
    return tree_map(lambda p, g: p - lr * g, rnn, drnn)


def make_rnn(n_in, n_hidden, rng, scale=1.0, dtype=np.float64):
    return RNN(
        (scale * rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)).astype(dtype),
        (scale * rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)).astype(dtype),
        np.zeros((1, n_hidden), dtype=dtype),
    )


def setup(n_in=8, n_hidden=16, length=10, batch=16, dtype=np.float64):
    """A network, and (xs, h0, target): ``length`` arrays ``batch x n_in``."""
    rng = np.random.default_rng(0)
    teacher = make_rnn(n_in, n_hidden, rng, 1.2, dtype)
    xs = [rng.standard_normal((batch, n_in)).astype(dtype) for _ in range(length)]
    h0 = np.zeros((batch, n_hidden), dtype=dtype)
    return make_rnn(n_in, n_hidden, rng, 0.5, dtype), (xs, h0, teacher.run(xs, h0))


def main(argv=None) -> None:
    training.main(
        __doc__,
        setup,
        step,
        cost,
        0.05,
        {"n_in": 8, "n_hidden": 16, "length": 10, "batch": 16},
        argv,
    )


if __name__ == "__main__":
    main()
