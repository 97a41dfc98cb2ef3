"""numpy's functions of Python scalars give numpy scalars, which compute as numpy
does (a zero divisor gives inf or nan, np.power of a negative base nan, int64
wraps), while Python's scalars compute as Python does; results keep their type."""
import math

import numpy as np


def main(x, n, a):
    s = np.sin(x)
    p = np.power(-x, 0.5)
    big = np.add(n, 2**62) + 2**62
    f = float(s) + 1.0
    m = np.maximum(x, math.nan)
    return s / 0.0, -s // 0.0, s % 0.0, p, big, f, m, np.square(x), np.isnan(x), math.fabs(-x), np.sum(a) / 0.0, a[0] ** 0.5, np.float64(x) ** 400.0, n // np.int64(0), np.float64(x) < 2.0, int(np.int64(n)) + 1


CASES = [(1.5, 3, np.array([1.0, -2.0])), (0.25, -7, np.array([-4.0, 2.0]))]
