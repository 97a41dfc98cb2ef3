"""Functions that build and return dataclasses, and tuples of them."""
from dataclasses import dataclass


@dataclass
class Interval:
    lo: float
    hi: float


def hull(a, b):
    return Interval(min(a.lo, b.lo), max(a.hi, b.hi))


def split(i):
    mid = (i.lo + i.hi) / 2
    return Interval(i.lo, mid), Interval(mid, i.hi)


def main(lo, hi, x):
    i = Interval(lo, hi)
    left, right = split(i)
    h = hull(Interval(x, x), i)
    return h, split(h)[0], left, right


CASES = [(0.0, 1.0, 2.0), (-1, 1, 0), (3, 5, -7), (0.5, 0.5, 0.5)]
