"""Arithmetic with Python scalars mixed in: ints, unary minus, true division."""


def main(x, y):
    n = 3
    z = -x * y + x / y - n * x + (x - y) / n + +y
    return z * z + x // 1 + float(n)


CASES = [(1.5, 2.0), (-0.7, 3.25), (4.3, -1.5)]
