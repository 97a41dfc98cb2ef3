"""Recursive and iterative factorial."""


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fact_loop(n):
    r = 1
    while n > 1:
        r *= n
        n -= 1
    return r


def main(n):
    return fact(n), fact_loop(n), fact(n) == fact_loop(n)


CASES = [(0,), (1,), (5,), (10,), (20,)]
