"""Shared random data for the array corpus (fixed seeds)."""

import numpy as np

rng = np.random.default_rng(1234)


def randn(*shape, dtype=np.float64):
    return rng.standard_normal(shape).astype(dtype)


def randint(low, high, *shape, dtype=np.int64):
    return rng.integers(low, high, shape).astype(dtype)
