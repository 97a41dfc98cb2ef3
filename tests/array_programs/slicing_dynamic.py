"""Slices and indices known only at run time."""
from _data import randn


def main(x, i, j):
    return x[i:j], x[i], x[:, i : i + 2], x[i, j - 1], x[j:0:-1], x[::i], x[-i]


CASES = [(randn(5, 6), 1, 4), (randn(4, 3, dtype="float32"), 2, 3), (randn(7, 7), 3, 7)]
