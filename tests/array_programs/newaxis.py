"""None and np.newaxis in indices: outer products by broadcasting."""
import numpy as np
from _data import randn


def main(x, y):
    return x[:, None] * y[None, :], x[np.newaxis], y[:, np.newaxis] + x, np.expand_dims(x, 0), np.expand_dims(y, -1)


CASES = [(randn(3), randn(4)), (randn(2, dtype="float32"), randn(5, dtype="float32"))]
