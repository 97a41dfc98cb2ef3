"""Reductions of ints and bools: sums are int64, means float64."""
import numpy as np
from _data import randint, randn


def main(i, x):
    return np.sum(i), i.sum(axis=0), np.mean(i), np.sum(x > 0), (x > 0).sum(axis=1), i.max(), np.prod(i, axis=1)


CASES = [(randint(-3, 4, 3, 4, dtype="int32"), randn(3, 4)), (randint(-3, 4, 2, 2), randn(5, 2))]
