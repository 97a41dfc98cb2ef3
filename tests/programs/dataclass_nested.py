"""Dataclasses containing dataclasses and tuples."""
from dataclasses import dataclass


@dataclass
class Inner:
    a: int
    b: int


@dataclass
class Outer:
    left: Inner
    right: Inner
    extra: tuple


def main(o, k):
    s = o.left.a + o.right.b
    t = o.extra[0] * k
    swapped = Outer(o.right, o.left, (t,) + o.extra)
    return s, t, swapped.left.a, swapped, Inner(s, t)


CASES = [(Outer(Inner(1, 2), Inner(3, 4), (5,)), 2), (Outer(Inner(0, 0), Inner(0, 0), (1, 2)), 0), (Outer(Inner(-1, 5), Inner(7, -3), (2.5,)), -1)]
