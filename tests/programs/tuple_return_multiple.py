"""Functions returning several values as tuples, and tuples of tuples."""


def stats(a, b, c):
    lo = min(a, b, c)
    hi = max(a, b, c)
    return lo, hi, (a + b + c) / 3


def minmax_pairs(p, q):
    return (min(p[0], q[0]), max(p[0], q[0])), (min(p[1], q[1]), max(p[1], q[1]))


def main(a, b, c):
    lo, hi, mean = stats(a, b, c)
    (x0, x1), (y0, y1) = minmax_pairs((a, b), (c, a))
    return hi - lo, mean, (x0, y1), stats(c, b, a)


CASES = [(1, 2, 3), (3, 1, 2), (0, 0, 0), (-1.5, 2.5, 0.5)]
