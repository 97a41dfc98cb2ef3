"""Reductions as methods: x.sum(axis=1), x.max(-1, keepdims=True)..."""
from _data import randn


def main(x):
    return (x.sum(), x.sum(axis=1), x.mean(0), x.max(axis=-1, keepdims=True), x.min(),
            x.prod(axis=0), x.sum(1, keepdims=True), x.mean(axis=(0, 1)))


CASES = [(randn(3, 4),), (randn(2, 5, dtype="float32"),)]
