"""Swaps and parallel assignment: Fibonacci and sorting three values."""


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def sort3(x, y, z):
    if x > y:
        x, y = y, x
    if y > z:
        y, z = z, y
    if x > y:
        x, y = y, x
    return x, y, z


def main(n, t):
    a, b, c = t
    return fib(n), sort3(a, b, c), sort3(c, a, b)


CASES = [(0, (1, 2, 3)), (1, (3, 2, 1)), (10, (2, 3, 1)), (30, (5, 5, 1)), (2, (1.5, -2.0, 0.0))]
