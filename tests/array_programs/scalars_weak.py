"""Python scalars are weak (NEP 50): 2 * x keeps x's dtype; numpy scalars are strong."""
import numpy as np
from _data import randint, randn


def main(x, i):
    return 2 * x, x + 1, 1.5 * i, i * 2, x / 2, x * np.float64(0.5), i + np.int32(1), 3 - x


CASES = [
    (randn(3, 4, dtype="float32"), randint(-5, 5, 3, 4, dtype="int32")),
    (randn(6), randint(-5, 5, 6)),
]
