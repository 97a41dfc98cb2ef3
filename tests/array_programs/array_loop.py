"""Arrays through loops and branches."""
import numpy as np
from _data import randn


def main(x, n):
    acc = np.zeros_like(x)
    for i in range(n):
        acc = acc * 0.5 + np.tanh(x + i)
    if acc.sum() > 0:
        acc = -acc
    while np.max(np.abs(acc)) > 1.0:
        acc = acc / 2.0
    return acc


CASES = [(randn(3, 4), 3), (randn(5, dtype="float32"), 0), (randn(2, 2) * 10, 5)]
