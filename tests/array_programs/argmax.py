"""np.argmax and np.argmin (the first extremum; nan first), functions and methods."""
import numpy as np
from _data import randint, randn


def main(x, i):
    return np.argmax(x), np.argmin(x, axis=0), x.argmax(axis=1), x.argmin(axis=-1, keepdims=True), np.argmax(i, axis=0), i.argmin()


_nan = randn(3, 4)
_nan[1, 2] = np.nan
_ties = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])

CASES = [
    (randn(3, 4), randint(-5, 5, 4, 2)),
    (randn(5, 2, dtype="float32"), randint(-5, 5, 3, 3, dtype="int32")),
    (_nan, randint(0, 2, 2, 2)),
    (_ties, randint(0, 1, 2, 2)),
]
