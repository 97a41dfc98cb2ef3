"""astype, numpy scalar constructors (strong constants or conversions)."""
import numpy as np
from _data import randn


def main(x, s):
    y = x.astype(np.float32) * np.float32(0.1)
    return y, np.float64(2) * y, np.float32(s) + y, x.astype(np.int32), (x > 0).astype(np.float64), np.int32(3), np.float32(s), x.astype("float16")


CASES = [(randn(3, 4), 0.5), (randn(5), -2.0)]
