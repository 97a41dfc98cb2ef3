"""Tuple unpacking, nested, in assignments and in for targets."""


def main(t):
    (a, (b, c)), d = t
    x, y = (a + b, c * d)
    total = 0
    for (p, q), r in (((a, b), c), ((c, d), a)):
        total += p * q - r
    first, second = x, y
    return first, second, total


CASES = [(((1, (2, 3)), 4),), (((0, (0, 0)), 0),), (((-1, (2.5, 3)), 2),)]
