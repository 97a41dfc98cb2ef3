"""np.zeros, ones, full, zeros_like, ones_like, full_like (dtypes)."""
import numpy as np
from _data import randn


def main(x, n):
    return (np.zeros((2, 3)), np.ones((2, 2), dtype=np.int32), np.full((2, 2), 3.5), np.zeros_like(x),
            np.ones_like(x, dtype=np.float32), np.full_like(x, 7), np.zeros(n), np.ones((n, 2), dtype="float32"),
            np.zeros(x.shape) + x, np.full((3,), True), np.zeros(3, dtype=int))


CASES = [(randn(3, 4), 3), (randn(2, dtype="float32"), 1)]
