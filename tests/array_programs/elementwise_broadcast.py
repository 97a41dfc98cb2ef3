"""Arithmetic with broadcasting: + - * / ** and unary minus."""
from _data import randn


def main(x, y):
    return x + y, x - y, x * y, x / (y * y + 1.0), x**2, -x, (x - y) * (x + 1.0) / 2.0


CASES = [
    (randn(3, 4), randn(4)),
    (randn(3, 1), randn(1, 4)),
    (randn(2, 3, 4), randn(3, 1)),
    (randn(5), randn(5)),
    (randn(3, 4, dtype="float32"), randn(4, dtype="float32")),
]
