"""Default values that are not literals: module constants, math.pi, expressions."""
import math

SCALE = 3


def affine(x, k=SCALE, p=math.pi, q=2 * SCALE):
    return x * k + p + q


def main(x):
    return affine(x), affine(x, 1), affine(x, p=0.0)


CASES = [(0,), (1,), (-2.5,)]
