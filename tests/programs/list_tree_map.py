"""myia.tree_map over tuples, lists, dataclasses and None: one line updates a
whole model, and maps several trees at once."""
from dataclasses import dataclass

from myia import tree_map


@dataclass
class Layer:
    w: float
    b: float


@dataclass
class Model:
    layers: list
    scale: tuple
    note: None


def main(model, grads, lr):
    updated = tree_map(lambda p, g: p - lr * g, model, grads)
    doubled = tree_map(lambda x: 2 * x, [(1, 2.5), (3, 4.5)])
    summed = tree_map(lambda a, b, c: a + b + c, (1.0, [2.0]), (3.0, [4.0]), (5.0, [6.0]))
    return updated, doubled, summed


M1 = Model([Layer(1.0, 2.0), Layer(3.0, 4.0)], (1.0, 2.0), None)
G1 = Model([Layer(0.5, 0.5), Layer(1.0, -1.0)], (2.0, 0.0), None)
M2 = Model([], (0.5, 0.25), None)
G2 = Model([], (1.0, 1.0), None)
CASES = [(M1, G1, 0.1), (M1, G1, 1.0), (M2, G2, 0.5)]
