"""Methods with default parameters, called with and without them."""
from dataclasses import dataclass


@dataclass
class Scaler:
    factor: float

    def apply(self, x, times=1, offset=0.0):
        for _ in range(times):
            x = x * self.factor
        return x + offset


def main(s, x):
    return s.apply(x), s.apply(x, 2), s.apply(x, 3, 1.0)


CASES = [(Scaler(2.0), 1.0), (Scaler(0.5), 8), (Scaler(-1), 3)]
