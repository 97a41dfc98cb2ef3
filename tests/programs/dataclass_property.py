"""@property on dataclasses, used like attributes and from methods."""
from dataclasses import dataclass


@dataclass
class Rect:
    w: float
    h: float

    @property
    def area(self):
        return self.w * self.h

    @property
    def is_square(self):
        return self.w == self.h

    def bigger_than(self, other):
        return self.area > other.area


def main(a, b):
    r = Rect(a, b)
    s = Rect(b, b)
    return r.area, r.is_square, s.is_square, r.bigger_than(s), s.area + r.area


CASES = [(2.0, 3.0), (4, 4), (5, 1), (0.5, 1.5)]
