"""Lambdas with default parameter values, called without them."""


def main(x):
    shift = lambda v, d=10: v + d
    return shift(x), shift(x, -1), (lambda a, b=2: a * b)(x)


CASES = [(1,), (0,), (-2.5,), (7,)]
