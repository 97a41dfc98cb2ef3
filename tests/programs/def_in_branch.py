"""Nested functions defined in branches and in loop bodies."""


def main(x, n):
    if x > 0:
        def f(v):
            return v + x
    else:
        def f(v):
            return v - x
    total = 0
    for i in range(n):
        def g(v):
            return v * i
        total += g(f(i))
    return f(1), total


CASES = [(1, 3), (-2, 4), (0, 0), (2.5, 2)]
