"""A dataclass with methods and a nested dataclass: the gradient is a dataclass."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Affine:
    w: float
    b: float

    def apply(self, x):
        return self.w * x + self.b


@dataclass(frozen=True)
class Net:
    first: Affine
    second: Affine
    steps: int

    def apply(self, x):
        for _ in range(self.steps):
            x = self.second.apply(self.first.apply(x))
        return x


def main(net, x):
    y = net.apply(x)
    return y * y


CASES = [(Net(Affine(0.5, 0.1), Affine(-1.5, 0.2), 2), 0.7), (Net(Affine(1.1, -0.3), Affine(0.4, 0.5), 3), -1.2)]
