"""Products of integer matrices (no BLAS)."""
from _data import randint


def main(a, b):
    return a @ b, a.T @ a


CASES = [(randint(-4, 5, 3, 4), randint(-4, 5, 4, 2)), (randint(-4, 5, 5, 5, dtype="int32"), randint(-4, 5, 5, 3, dtype="int32"))]
