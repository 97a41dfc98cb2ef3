"""Branches that assign different sets of variables."""


def main(x, y):
    a = 1
    b = 2
    c = 3
    if x > y:
        a = x
        b = y
    elif x == y:
        c = x + y
    else:
        a = y
        c = x * y
    return a, b, c


CASES = [(5, 2), (2, 5), (4, 4), (-1, -1), (0, 7)]
