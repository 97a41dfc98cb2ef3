"""Dataclass construction: positional, keyword and default fields."""
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float = 0.0
    z: float = 1.0


def main(a, b):
    p = Point(a, b, 2.0)
    q = Point(a)
    r = Point(y=a, x=b)
    s = Point(a, z=b)
    return p.x + p.y + p.z, q.y + q.z, r.x - r.y, s.z, s


CASES = [(1.0, 2.0), (0, 0), (-3, 4.5), (True, 2)]
