"""Closures created in a loop, called in the loop and after it."""


def main(n, x):
    total = 0
    f = lambda v: v
    for i in range(n):
        g = lambda v: v * i + x
        total += g(2)
        f = g
    return total, f(10)


CASES = [(1, 0), (3, 1), (5, -2), (2, 0.5)]
