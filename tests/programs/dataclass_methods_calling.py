"""Methods calling other methods of the same and of another dataclass."""
import math
from dataclasses import dataclass


@dataclass
class Vec:
    x: float
    y: float

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def norm(self):
        return math.sqrt(self.dot(self))

    def scaled(self, k):
        return Vec(self.x * k, self.y * k)

    def unit(self):
        return self.scaled(1 / self.norm())


@dataclass
class Segment:
    a: Vec
    b: Vec

    def length(self):
        return Vec(self.b.x - self.a.x, self.b.y - self.a.y).norm()


def main(v, w):
    u = v.unit()
    return v.dot(w), v.norm(), u.norm(), Segment(v, w).length(), v.scaled(2)


CASES = [(Vec(3.0, 4.0), Vec(1.0, 0.0)), (Vec(1, 1), Vec(-1, 1)), (Vec(0.5, -2.0), Vec(0.0, 0.0))]
