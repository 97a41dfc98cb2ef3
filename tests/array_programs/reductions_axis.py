"""Reductions with axis (int or tuple) and keepdims."""
import numpy as np
from _data import randn


def main(x):
    return (np.sum(x), np.sum(x, axis=0), np.mean(x, axis=1), np.max(x, axis=(0, 2)),
            np.min(x, axis=-1, keepdims=True), np.prod(x, axis=1), np.sum(x, axis=(0, 1), keepdims=True),
            np.amax(x), np.mean(x))


CASES = [(randn(2, 3, 4),), (randn(3, 5, 2, dtype="float32"),)]
