"""Integer arrays: numpy's floor division and modulo, powers, bitwise ops, mixing with floats."""
import numpy as np
from _data import randint, randn


def main(i, j, x):
    k = np.where(j == 0, 1, j)
    return i + j, i * j, i // k, i % k, -i, np.abs(i), i**2, i & j, i | 3, i * x, i / k, i > j, np.maximum(i, j)


CASES = [
    (randint(-9, 10, 3, 4), randint(-3, 4, 4), randn(3, 4)),
    (randint(-9, 10, 5, dtype="int32"), randint(-3, 4, 5, dtype="int32"), randn(5, dtype="float32")),
]
