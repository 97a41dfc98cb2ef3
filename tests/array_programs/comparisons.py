"""Comparisons give bool arrays; they broadcast."""
import numpy as np
from _data import randn


def main(x, y):
    return x < y, x <= 0.0, x > y, x >= y, x == x, x != y, np.equal(x, 1.0), (x > 0) & (y < 0), ~(x > 0), (x > 0) | (y > 0)  # noqa: PLR0124


CASES = [(randn(3, 4), randn(4)), (randn(5, dtype="float32"), randn(5, dtype="float32"))]
