"""Module-level constants: ints, floats, bools, tuples of them, and math constants."""
import math

SCALE = 3
OFFSET = 0.5
ENABLED = True
WEIGHTS = (1, 2, (3, 4.5))
TWO_PI = 2 * math.pi


def main(x):
    y = x * SCALE + OFFSET if ENABLED else x
    w = WEIGHTS[0] + WEIGHTS[2][1]
    return y, w, WEIGHTS, TWO_PI > 6, len(WEIGHTS)


CASES = [(0,), (1,), (-2.5,), (True,)]
