"""A lambda that calls itself through the variable it is assigned to."""


def main(n):
    fact = lambda k: 1 if k <= 1 else k * fact(k - 1)
    fib = lambda k: k if k < 2 else fib(k - 1) + fib(k - 2)
    return fact(n), fib(n)


CASES = [(0,), (1,), (5,), (10,)]
