"""Methods called with keyword arguments."""
from dataclasses import dataclass


@dataclass
class Scaler:
    factor: float

    def apply(self, x, times=1, offset=0.0):
        for _ in range(times):
            x = x * self.factor
        return x + offset


def main(s, x):
    return s.apply(x, offset=1.0), s.apply(x=x, times=3), s.apply(x, 2, offset=-1.0)


CASES = [(Scaler(2.0), 1.0), (Scaler(0.5), 8), (Scaler(-1), 3)]
