"""Nested functions, called directly and reading the enclosing variables."""


def main(x, y):
    def square(v):
        return v * v

    def hyp2():
        return square(x) + square(y)

    def scaled(k):
        return square(y) * k + x

    return hyp2(), scaled(3), square(scaled(-1))


CASES = [(3, 4), (0, 0), (-1.5, 2.0), (5, -2)]
