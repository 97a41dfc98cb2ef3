"""An array returned beside views of it (its transpose, a reversed or sliced view)."""
import numpy as np
from _data import randn


def main(x):
    y = x * 2.0 + 1.0
    z = np.exp(x)
    return z.T, y, y.T, y[::-1], y[1:], z


CASES = [(randn(3, 2),), (randn(4, 4, dtype="float32"),), (randn(2, 1),)]
