"""Models shared by the benchmarks: the talk's MLP of ``examples/mlp.py``
(dataclasses with methods), at the sizes the benchmarks use."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))

from mlp import Model, TanhLayer, cost, make_model

__all__ = ["Model", "TanhLayer", "cost", "make_mlp"]


def make_mlp(sizes=(784, 256, 10), batch=256, dtype=np.float64, seed=0):
    """The model, an input batch and targets (random)."""
    rng = np.random.default_rng(seed)
    model = make_model(sizes, rng, dtype)
    x = rng.standard_normal((batch, sizes[0])).astype(dtype)
    y = rng.standard_normal((batch, sizes[-1])).astype(dtype)
    return model, x, y
