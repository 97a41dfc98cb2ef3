"""The talk's recursive factorial on floats."""


def fact(x):
    if x <= 1:
        return 1.0
    return x * fact(x - 1)


def main(x):
    return fact(x)


CASES = [(4.1,), (2.5,), (0.5,), (6.3,)]
