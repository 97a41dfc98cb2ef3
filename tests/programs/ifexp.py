"""Conditional expressions, nested and inside other expressions."""


def sign(x):
    return 1 if x > 0 else (-1 if x < 0 else 0)


def main(x, y):
    m = x if x > y else y
    s = sign(x) + sign(y)
    clamped = (0 if x < 0 else 100 if x > 100 else x)
    return m, s, clamped, (x * 2 if s > 0 else y * 3) + 1


CASES = [(3, 4), (-2, 7), (0, 0), (150, -5), (-1.5, -2.5)]
