"""The talk's MLP (dataclasses with methods) and its squared loss."""
import itertools
from dataclasses import dataclass

import numpy as np
from _data import randn


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


def main(model, x, y):
    out = model.apply(x)
    diff = out - y
    return out, np.sum(diff * diff)


def _model(sizes, dtype):
    return Model(tuple(TanhLayer(randn(n, m, dtype=dtype) * 0.3, randn(1, m, dtype=dtype)) for n, m in itertools.pairwise(sizes)))


CASES = [
    (_model((10, 12, 3), "float64"), randn(5, 10), randn(5, 3)),
    (_model((8, 16, 4), "float32"), randn(7, 8, dtype="float32"), randn(7, 4, dtype="float32")),
]
