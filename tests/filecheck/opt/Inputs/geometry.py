"""A module the test programs import (a sibling of them: myia-opt puts the input
file's directory on sys.path)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    @property
    def norm2(self):
        return self.dot(self)
