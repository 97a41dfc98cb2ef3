"""Products with vectors: vector @ matrix, matrix @ vector, vector @ vector."""
from _data import randn


def main(v, m, w):
    return v @ m, m.T @ v, v @ v, m @ w


CASES = [(randn(4), randn(4, 3), randn(3)), (randn(2, dtype="float32"), randn(2, 5, dtype="float32"), randn(5, dtype="float32"))]
