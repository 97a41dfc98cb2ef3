"""float32 stays float32 through a chain of ops (weak literals)."""
import numpy as np
from _data import randn


def main(x):
    y = np.exp(np.sin(x)) * x
    return np.sum(y), y * 2.0 + 1, np.sqrt(np.abs(y)) / 3, np.mean(np.tanh(y), axis=0)


CASES = [(randn(100, dtype="float32"),), (randn(10, 10, dtype="float32"),), (randn(1000),)]
