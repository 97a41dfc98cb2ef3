"""math.log with a base, math.pi, math.e, math.inf, math.isnan and friends."""
import math


def circle(r):
    return math.pi * r * r, 2 * math.pi * r


def main(x, base):
    area, perimeter = circle(x)
    l = math.log(x, base)
    n = math.log(math.e)
    big = x < math.inf
    return area, perimeter, l, n, big, math.tau / 2 == math.pi, math.isnan(x), math.isinf(x)


CASES = [(1.0, 2), (8.0, 2), (100, 10), (2.5, 3.0), (math.inf, 2)]
