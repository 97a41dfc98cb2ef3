"""Arrays whose sizes change in loops and branches (sizes known at run time),
rows read in a loop, shapes made of arguments."""
import numpy as np
from _data import randn


def main(x, n, c):
    acc = x
    for _ in range(n):
        acc = np.concatenate((acc, acc * 0.5))
    y = x if c else x[1:]
    t = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        t = t + y[:1] * i
    z = np.zeros((n, 2), dtype=np.float32) + acc[: 2 * n].reshape(n, 2)
    return acc, acc.shape[0], len(acc), y * 2.0, y.sum(), t, z


CASES = [(randn(6), 3, True), (randn(5), 1, False), (randn(4, dtype="float32"), 2, False)]
