"""Methods on dataclasses, with arguments."""
from dataclasses import dataclass


@dataclass
class Line:
    slope: float
    intercept: float

    def at(self, x):
        return self.slope * x + self.intercept

    def root(self):
        if self.slope == 0:
            return None
        return -self.intercept / self.slope


def main(line, x):
    r = line.root()
    return line.at(x), r is None, (r if r is not None else 0.0)


CASES = [(Line(2.0, 1.0), 3.0), (Line(0.0, 5.0), 1.0), (Line(-1, 4), 0), (Line(0.5, 0), -2)]
