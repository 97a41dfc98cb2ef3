"""A recursive neural network: a binary tree of dataclasses (``Node`` with two
children, ``Leaf`` with a vector), embedded by a recursive method, trained with
gradients through the recursion.

    .venv/bin/python examples/treenet.py

Each tree's shape is part of its type, so a tree of a new shape compiles the
step again (once): the trees here have a few fixed shapes. The task: give each
tree the embedding a random teacher network gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import training

from myia import grad, tree_map


@dataclass(frozen=True)
class Leaf:
    x: np.ndarray  # 1 x n

    def embed(self, params):
        return self.x


@dataclass(frozen=True)
class Node:
    left: object
    right: object

    def embed(self, params):
        both = np.concatenate((self.left.embed(params), self.right.embed(params)), axis=1)
        return np.tanh(both @ params.W + params.b)


@dataclass(frozen=True)
class Params:
    W: np.ndarray  # 2n x n: two children in, one parent out
    b: np.ndarray  # 1 x n


def cost(params, trees, targets):
    total = 0.0
    for tree, target in zip(trees, targets):
        diff = tree.embed(params) - target
        total = total + np.sum(diff * diff)
    return total


def step(params, trees, targets, lr):
    dparams = grad(cost)(params, trees, targets)
    return tree_map(lambda p, g: p - lr * g, params, dparams)


def random_tree(n_leaves, n, rng, dtype):
    if n_leaves == 1:
        return Leaf(rng.standard_normal((1, n)).astype(dtype))
    k = int(rng.integers(1, n_leaves))
    return Node(random_tree(k, n, rng, dtype), random_tree(n_leaves - k, n, rng, dtype))


def make_params(n, rng, scale=1.0, dtype=np.float64):
    return Params(
        (scale * rng.standard_normal((2 * n, n)) / np.sqrt(2 * n)).astype(dtype),
        np.zeros((1, n), dtype=dtype),
    )


def setup(n=8, leaves=(3, 5, 8), dtype=np.float64):
    """Parameters, and (trees, targets): one tree per number of leaves (a tuple:
    trees of different shapes have different types)."""
    rng = np.random.default_rng(2)
    teacher = make_params(n, rng, 1.5, dtype)
    trees = tuple(random_tree(k, n, rng, dtype) for k in leaves)
    targets = tuple(t.embed(teacher) for t in trees)
    return make_params(n, rng, 0.5, dtype), (trees, targets)


def main(argv=None) -> None:
    training.main(__doc__, setup, step, cost, 0.02, {"n": 8, "leaves": (3, 5, 8)}, argv)


if __name__ == "__main__":
    main()
