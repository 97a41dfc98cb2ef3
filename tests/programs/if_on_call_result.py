"""Conditions on function results, tuples and dataclasses, with early returns."""
from dataclasses import dataclass


@dataclass
class Box:
    lo: int
    hi: int

    def contains(self, x):
        return self.lo <= x <= self.hi

    def empty(self):
        return self.hi < self.lo


def describe(b, x):
    if b.empty():
        return 0
    if b.contains(x):
        return 1 if x == b.lo or x == b.hi else 2
    return 3


def main(lo, hi, x):
    return describe(Box(lo, hi), x), describe(Box(hi, lo), x)


CASES = [(0, 10, 5), (0, 10, 0), (0, 10, 11), (5, 5, 5), (3, 1, 2)]
