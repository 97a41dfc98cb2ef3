"""** on Python floats: CPython's values, and its errors (0.0 to a negative
power is ZeroDivisionError, a result too large OverflowError), even when the
power's result is not used."""


def main(x, y):
    unused = x**y
    square = x**2
    root = abs(x) ** 0.5
    if y == 0.0:
        return square, root, 2.0**-1074.0 / 2.0, 0.0**0.5
    return x**y, square, root, (-x) ** 3.0


CASES = [(2.0, 10.0), (0.0, 0.0), (-1.5, 3.0), (10.0, -400.0), (0.5, 2000.0), (1e-3, -3.0)]
RAISES = [
    ((0.0, -1.0), ZeroDivisionError),
    ((-0.0, -2.5), ZeroDivisionError),
    ((10.0, 400.0), OverflowError),
    ((-10.0, 309.0), OverflowError),
    ((1e200, 1.0), OverflowError),
]
