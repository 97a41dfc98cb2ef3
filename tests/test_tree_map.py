"""myia.tree_map: in Python, in compiled code on every backend (where
inference expands it per tree structure), and gradients through it (the
one-line SGD update of a model)."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field

import numpy as np
import pytest

import myia
from myia import MyiaTypeError, tree_map

ALL = ["interp-untyped", "interp", "cpu"]
TYPED = ["interp", "cpu"]


@dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray

    def apply(self, x):
        return np.tanh(x @ self.W + self.b)


@dataclass
class Model:
    layers: tuple
    extra: list
    frozen_count: int = 0

    def apply(self, x):
        for layer in self.layers:
            x = layer.apply(x)
        for w in self.extra:
            x = x * w
        return x


@dataclass(frozen=True)
class Frozen:
    a: float
    b: tuple
    c: float = field(default=0.0, init=False)


def _model(rng: np.random.Generator) -> Model:
    layers = (
        Layer(rng.normal(size=(4, 3)), rng.normal(size=3)),
        Layer(rng.normal(size=(3, 2)), rng.normal(size=2)),
    )
    return Model(layers, [1.5, 0.5], 7)


# ---------------------------------------------------------------------------
# Python


def test_python_tree_map_keeps_the_structure():
    t = (1.0, [2.0, (3.0, None)], Frozen(4.0, (5.0,)))
    out = tree_map(lambda x: x * 10, t)
    assert out[:2] == (10.0, [20.0, (30.0, None)])
    assert (
        isinstance(out[2], Frozen) and out[2].a == 40.0 and out[2].b == (50.0,) and out[2].c == 0.0
    )
    assert tree_map(lambda a, b: a - b, [1.0, (2.0, 3.0)], [0.5, (1.0, 1.0)]) == [0.5, (1.0, 2.0)]
    assert tree_map(lambda x: x, None) is None


def test_python_tree_map_structure_mismatch():
    with pytest.raises(TypeError, match="same structure"):
        tree_map(lambda a, b: a + b, (1.0, 2.0), (1.0,))
    with pytest.raises(TypeError, match="same structure"):
        tree_map(lambda a, b: a + b, [1.0], (1.0,))


# ---------------------------------------------------------------------------
# Compiled


def scale_all(t, k):
    return tree_map(lambda x: x * k, t)


def combine(a, b, c):
    return myia.tree_map(lambda x, y, z: x + y * z, a, b, c)


@pytest.mark.parametrize("backend", ALL)
def test_compiled_tree_map_matches_python(backend):
    t = (1.0, [2.0, 3.0], (4, [(5.0, 6.0)]), None)
    assert myia.jit(scale_all, backend=backend)(t, 2) == scale_all(t, 2)
    a = ([1.0, 2.0], (3.0,))
    b = ([0.5, 0.5], (1.0,))
    c = ([2.0, 4.0], (-1.0,))
    assert myia.jit(combine, backend=backend)(a, b, c) == combine(a, b, c)


@pytest.mark.parametrize("backend", ALL)
def test_compiled_tree_map_over_a_model(backend):
    rng = np.random.default_rng(1)
    m = _model(rng)
    out = myia.jit(scale_all, backend=backend)(m, 0.5)
    expected = scale_all(m, 0.5)
    assert isinstance(out, Model) and out.frozen_count == 3.5
    for got, want in zip(out.layers, expected.layers, strict=True):
        np.testing.assert_allclose(got.W, want.W)
        np.testing.assert_allclose(got.b, want.b)
    assert out.extra == expected.extra


def mismatch(a, b):
    return tree_map(lambda x, y: x + y, a, b)


def not_a_function(t):
    return tree_map(t, t)


@pytest.mark.parametrize("backend", TYPED)
def test_compiled_tree_map_errors(backend):
    with pytest.raises(MyiaTypeError, match="same structure") as info:
        myia.jit(mismatch, backend=backend)((1.0, 2.0), (1.0,))
    assert "test_tree_map.py" in str(info.value)
    with pytest.raises(MyiaTypeError, match="must be a function"):
        myia.jit(not_a_function, backend=backend)((1.0,))


# ---------------------------------------------------------------------------
# Gradients: the SGD step is one line


def cost(model, x, y):
    d = model.apply(x) - y
    return np.sum(d * d)


def sgd(model, x, y, lr):
    loss, dmodel = myia.value_and_grad(cost)(model, x, y)
    return loss, tree_map(lambda p, g: p - lr * g, model.layers, dmodel.layers)


@pytest.mark.parametrize("backend", TYPED)
def test_sgd_step_in_one_line(backend):
    rng = np.random.default_rng(0)
    model = _model(rng)
    model = dataclasses.replace(model, extra=[1.0])
    x = rng.normal(size=(5, 4))
    y = rng.normal(size=(5, 2))
    step = myia.jit(sgd, backend=backend)
    losses = []
    layers = model.layers
    for _ in range(8):
        loss, layers = step(dataclasses.replace(model, layers=layers), x, y, 0.05)
        losses.append(loss)
    assert all(b < a for a, b in itertools.pairwise(losses)), losses
    # The same step by hand, from the gradient myia computes in Python.
    g = myia.grad(cost, backend=backend)(model, x, y)
    _, new_layers = step(model, x, y, 0.05)
    for got, layer, dlayer in zip(new_layers, model.layers, g.layers, strict=True):
        np.testing.assert_allclose(got.W, layer.W - 0.05 * dlayer.W, rtol=1e-12)


def tree_cost(params):
    squares = tree_map(lambda p: p * p, params)
    total = 0.0
    for v in squares[1]:
        total = total + v
    return squares[0] * 3.0 + total


@pytest.mark.parametrize("backend", TYPED)
def test_gradient_through_tree_map(backend):
    params = (1.5, [2.0, -1.0, 0.5])
    g = myia.grad(tree_cost, backend=backend)(params)
    assert g[0] == pytest.approx(9.0)
    assert g[1] == pytest.approx([4.0, -2.0, 1.0])
