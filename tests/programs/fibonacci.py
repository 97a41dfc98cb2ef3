"""Doubly recursive Fibonacci."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main(n):
    return fib(n)


CASES = [(0,), (1,), (2,), (10,), (15,)]
