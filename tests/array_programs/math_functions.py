"""numpy's elementwise math functions."""
import numpy as np
from _data import randn


def main(x):
    a = np.abs(x)
    return (np.exp(x), np.log(a + 1.0), np.tanh(x), np.sin(x), np.cos(x), np.sqrt(a), a,
            np.log1p(a), np.expm1(x), np.arctan(x), np.floor(x), np.ceil(x), np.sign(x),
            np.square(x), np.abs(x))


CASES = [(randn(3, 4),), (randn(7, dtype="float32"),), (randn(2, 3, 2),)]
