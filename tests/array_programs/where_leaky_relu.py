"""np.where with arrays and scalars."""
import numpy as np
from _data import randn


def main(x, y):
    return np.where(x > 0, x, 0.1 * x), np.where(x > y, x, y), np.where(x > 0, 1.0, -1.0), np.where(y < 0, x, 0)


CASES = [(randn(3, 4), randn(3, 4)), (randn(5, dtype="float32"), randn(1, dtype="float32"))]
