"""x.T, np.transpose with axes, x.transpose(...)."""
import numpy as np
from _data import randn


def main(x):
    return x.T, np.transpose(x, (1, 0, 2)), x.transpose(2, 0, 1), x.transpose((0, 2, 1)) * 2.0, np.transpose(x) + 1.0


CASES = [(randn(2, 3, 4),), (randn(1, 4, 2, dtype="float32"),)]
