"""Closures and functions passed as arguments."""


def apply_n(f, x, n):
    for _ in range(n):
        x = f(x)
    return x


def fold(f, t, init):
    acc = init
    for v in t:
        acc = f(acc, v)
    return acc


def double(x):
    return 2 * x


def main(x, t):
    k = x + 1
    a = apply_n(lambda v: v + k, 0, 3)
    b = apply_n(double, x, 4)
    c = fold(lambda acc, v: acc * k + v, t, 0)
    d = fold(max, t, -100)
    return a, b, c, d


CASES = [(1, (1, 2, 3)), (0, ()), (-3, (5, -5)), (2.5, (1.0, 0.5))]
