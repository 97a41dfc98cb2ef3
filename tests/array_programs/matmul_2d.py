"""Matrix products: @, np.dot, np.matmul, .dot."""
import numpy as np
from _data import randn


def main(a, b):
    return a @ b, np.dot(a, b), np.matmul(a, b), a.dot(b), (a @ b).T @ a


CASES = [
    (randn(3, 4), randn(4, 5)),
    (randn(1, 7), randn(7, 1)),
    (randn(8, 6, dtype="float32"), randn(6, 8, dtype="float32")),
    (randn(17, 33), randn(33, 9)),
]
