"""Nested if statements, several levels deep."""


def main(a, b):
    if a > 0:
        if b > 0:
            if a > b:
                r = 1
            else:
                r = 2
        else:
            r = 3
    else:
        if b > 0:
            r = 4
        else:
            if a == b:
                r = 5
            else:
                r = 6
    return r * 10 + (a - b)


CASES = [(3, 1), (1, 3), (2, -1), (-1, 2), (-2, -2), (-3, -1), (0, 0)]
