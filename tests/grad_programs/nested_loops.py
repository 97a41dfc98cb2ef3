"""Nested loops with a while inside a for."""


def main(x):
    total = 0.0
    for i in range(4):
        y = x + i
        while y < 10.0:
            y = y * y + 1.0
        total = total + y / (i + 1)
    return total


CASES = [(1.5,), (0.7,)]
