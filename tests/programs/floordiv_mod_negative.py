"""// and % round toward negative infinity, for ints and floats."""


def main(a, b):
    q = a // b
    r = a % b
    return q, r, q * b + r == a, divmod(a, b), (-a) // b, a % -b


CASES = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (7.5, 2), (-7.5, 2.0), (6, 3)]
RAISES = [((1, 0), ZeroDivisionError), ((1.5, 0.0), ZeroDivisionError)]
