"""x.shape, x.ndim, x.size, len(x), x.T and x.dtype in computations."""
import numpy as np
from _data import randn


def main(x):
    n, m = x.shape
    return n, m, x.ndim, x.size, len(x), x.shape, x / n + m, np.zeros(x.shape[1], dtype=x.dtype)


CASES = [(randn(3, 4),), (randn(1, 6, dtype="float32"),)]
