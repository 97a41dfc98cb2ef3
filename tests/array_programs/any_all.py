"""np.any, np.all and the methods (the max and min of bools)."""
import numpy as np
from _data import randn


def main(x):
    m = x > 0
    return np.any(m), np.all(m), m.any(axis=0), m.all(axis=1, keepdims=True), np.any(x), (x > 10).any(), np.all(x == x)  # noqa: PLR0124


CASES = [(randn(3, 4),), (randn(5, 2, dtype="float32"),), (randn(2, 2) + 10,)]
