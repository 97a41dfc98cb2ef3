"""np.concatenate and np.stack, of tuples and of list literals."""
import numpy as np
from _data import randn


def main(a, b):
    return np.concatenate((a, b)), np.concatenate([a, b], axis=1), np.stack((a, b)), np.stack([a, b], axis=1), np.stack((a, b), axis=-1), np.concatenate((a, b, a), axis=-1)


CASES = [(randn(2, 3), randn(2, 3)), (randn(1, 4, dtype="float32"), randn(1, 4, dtype="float32"))]
