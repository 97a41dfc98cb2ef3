"""Chains of three and more links, with calls in the middle and side conditions."""


def square(x):
    return x * x


def main(a, b, c, d):
    sorted4 = a <= b <= c <= d
    strict = a < b < c < d
    calls = 0 < square(a) < square(b) <= 100
    mixed = a != b != c and c < d
    ranged = 0 <= a < 10 and not (0 <= d < 10)
    return sorted4, strict, calls, mixed, ranged


CASES = [(1, 2, 3, 4), (1, 1, 3, 4), (4, 3, 2, 1), (1, 2, 1, 20), (0, 5, 5, 11), (3, 11, 12, 13), (-2, -1, 5, 5)]
