"""math.floor, math.ceil and math.trunc return ints; they round differently."""
import math


def main(x):
    f = math.floor(x)
    c = math.ceil(x)
    t = math.trunc(x)
    return f, c, t, f + 1, c * 2, (c - f) == 1


CASES = [(2.5,), (-2.5,), (3.0,), (0.1,), (-0.9,), (7,)]
