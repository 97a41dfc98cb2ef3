"""reshape with -1, as a function and a method; flatten and ravel."""
import numpy as np
from _data import randn


def main(x):
    return x.reshape(-1), x.reshape(2, -1), np.reshape(x, (3, 4)), x.reshape((4, 3)) + 1.0, x.T.reshape(-1), x.flatten(), x.ravel(), np.reshape(x, -1)


CASES = [(randn(3, 4),), (randn(2, 6, dtype="float32"),), (randn(12),)]
