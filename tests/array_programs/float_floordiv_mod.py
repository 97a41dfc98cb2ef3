"""numpy's floor division and modulo of floats (the sign of the divisor)."""
from _data import randn


def main(x, y):
    return x // y, x % y, x // 0.5, x % -0.75


CASES = [(randn(3, 4) * 5, randn(4) + 0.1), (randn(6, dtype="float32") * 3, randn(6, dtype="float32") + 0.2)]
