"""A long short-term memory network over a Python list of time steps, trained
with gradients through the loop. The gates come from one product per input
and are sliced apart; ``sigmoid`` is user code like the rest.

    .venv/bin/python examples/lstm.py

The task: reproduce the final hidden state of a random teacher LSTM.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import training

from myia import grad, tree_map


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class LSTM:
    Wx: np.ndarray  # input x 4*hidden: the input, forget, output and cell gates
    Wh: np.ndarray  # hidden x 4*hidden
    b: np.ndarray  # 1 x 4*hidden

    def cell(self, x, h, c):
        n = h.shape[1]
        z = x @ self.Wx + h @ self.Wh + self.b
        i = sigmoid(z[:, :n])
        f = sigmoid(z[:, n : 2 * n])
        o = sigmoid(z[:, 2 * n : 3 * n])
        g = np.tanh(z[:, 3 * n :])
        c = f * c + i * g
        return o * np.tanh(c), c

    def run(self, xs, h, c):
        for x in xs:
            h, c = self.cell(x, h, c)
        return h


def cost(lstm, xs, h0, target):
    diff = lstm.run(xs, h0, h0) - target
    return np.sum(diff * diff) / h0.shape[0]


def step(lstm, xs, h0, target, lr):
    dlstm = grad(cost)(lstm, xs, h0, target)
    return tree_map(lambda p, g: p - lr * g, lstm, dlstm)


def make_lstm(n_in, n_hidden, rng, scale=1.0, dtype=np.float64):
    b = np.zeros((1, 4 * n_hidden))
    b[0, n_hidden : 2 * n_hidden] = 1.0  # remember by default
    return LSTM(
        (scale * rng.standard_normal((n_in, 4 * n_hidden)) / np.sqrt(n_in)).astype(dtype),
        (scale * rng.standard_normal((n_hidden, 4 * n_hidden)) / np.sqrt(n_hidden)).astype(dtype),
        b.astype(dtype),
    )


def setup(n_in=8, n_hidden=16, length=10, batch=16, dtype=np.float64):
    rng = np.random.default_rng(1)
    teacher = make_lstm(n_in, n_hidden, rng, 1.5, dtype)
    xs = [rng.standard_normal((batch, n_in)).astype(dtype) for _ in range(length)]
    h0 = np.zeros((batch, n_hidden), dtype=dtype)
    return make_lstm(n_in, n_hidden, rng, 0.5, dtype), (xs, h0, teacher.run(xs, h0, h0))


def main(argv=None) -> None:
    training.main(
        __doc__,
        setup,
        step,
        cost,
        0.1,
        {"n_in": 8, "n_hidden": 16, "length": 10, "batch": 16},
        argv,
    )


if __name__ == "__main__":
    main()
