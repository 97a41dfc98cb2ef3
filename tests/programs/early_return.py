"""Guard clauses: returns at several depths of nested ifs."""


def main(a, b):
    if a < 0:
        return 0
    if b == 0:
        if a == 0:
            return 1
        return 2
    if a > b:
        if a > 2 * b:
            return 3
        c = a - b
    else:
        c = b - a
        if c > 10:
            return 4
    return 5 + c


CASES = [(-1, 3), (0, 0), (4, 0), (9, 2), (5, 4), (1, 20), (3, 6)]
