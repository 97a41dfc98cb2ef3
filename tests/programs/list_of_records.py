"""Lists of dataclass instances, and a dataclass holding a list: a polyline
with its points in a list."""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Polyline:
    points: list

    def length(self):
        total = 0.0
        for i in range(1, len(self.points)):
            a, b = self.points[i - 1], self.points[i]
            total += math.sqrt((b.x - a.x) ** 2 + (b.y - a.y) ** 2)
        return total

    def shifted(self, dx):
        return Polyline([Point(p.x + dx, p.y) for p in self.points])


def main(xs, ys):
    line = Polyline([Point(x, y) for x, y in zip(xs, ys)])
    moved = line.shifted(1.0)
    return line.length(), moved.points[0].x, len(moved.points), moved


CASES = [
    ([0.0, 3.0], [0.0, 4.0]),
    ([1.0, 2.0, 4.0], [1.0, -1.0, 2.0]),
    ([5.0], [5.0]),
]
