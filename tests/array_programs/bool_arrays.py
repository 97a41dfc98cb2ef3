"""Bool arrays: logic, counting, conversion."""
import numpy as np
from _data import randn


def main(x, y):
    m = x > 0
    n = y > 0
    return m & n, m | n, m ^ n, ~m, np.logical_not(m), m == n, np.sum(m), m.astype(np.int32) + n, np.where(m, n, False)


CASES = [(randn(3, 4), randn(3, 4)), (randn(7), randn(7))]
