"""Batched products (3-D), with broadcast batch axes."""
import numpy as np
from _data import randn


def main(a, b, c):
    return a @ b, a @ c, np.matmul(c.T, a.transpose(0, 2, 1))


CASES = [(randn(2, 3, 4), randn(2, 4, 5), randn(4, 6)), (randn(3, 2, 2, dtype="float32"), randn(1, 2, 3, dtype="float32"), randn(2, 2, dtype="float32"))]
