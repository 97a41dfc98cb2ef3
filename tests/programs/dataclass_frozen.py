"""Frozen dataclasses: values are rebuilt, never mutated."""
from dataclasses import dataclass


@dataclass(frozen=True)
class State:
    pos: float
    vel: float

    def step(self, dt, acc):
        vel = self.vel + acc * dt
        return State(self.pos + vel * dt, vel)


def main(s, n):
    for _ in range(n):
        s = s.step(0.5, -1.0)
    return s, s.pos


CASES = [(State(0.0, 1.0), 0), (State(0.0, 1.0), 4), (State(10.0, -2.0), 3), (State(1, 0), 1)]
