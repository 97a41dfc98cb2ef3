"""Models shared by the benchmarks: the talk's MLP (dataclasses with methods)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TanhLayer:
    W: np.ndarray
    b: np.ndarray

    def apply(self, input):
        return np.tanh(input @ self.W + self.b)


@dataclass(frozen=True)
class Model:
    layers: tuple

    def apply(self, x):
        for layer in self.layers:
            x = layer.apply(x)
        return x


def cost(model, x, target):
    y = model.apply(x)
    diff = y - target
    return np.sum(diff * diff)


def make_mlp(sizes=(784, 256, 10), batch=256, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    layers = tuple(
        TanhLayer(
            (rng.standard_normal((n, m)) / np.sqrt(n)).astype(dtype),
            np.zeros((1, m), dtype=dtype),
        )
        for n, m in zip(sizes[:-1], sizes[1:])
    )
    x = rng.standard_normal((batch, sizes[0])).astype(dtype)
    y = rng.standard_normal((batch, sizes[-1])).astype(dtype)
    return Model(layers), x, y
