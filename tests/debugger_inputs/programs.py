"""Programs the debugger tests step through (their line numbers are in the tests)."""

from dataclasses import dataclass

import numpy as np


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def layer(x, w):
    h = np.tanh(x * w)
    y = h * h
    return np.sum(y)


def total(n):
    s = 0.0
    i = 0
    while i < n:
        s = s + i * 0.5
        i = i + 1
    return s


def helper(v):
    return v * 2.0


def uses_helper(x):
    a = helper(x)
    b = a + 1.0
    return b


def make_adder(k):
    def add(v):
        return v + k

    return add


def closures(x):
    add = make_adder(3.0)
    return add(x)


@dataclass(frozen=True)
class Scale:
    factor: float

    def apply(self, x):
        return x * self.factor


def method(x):
    return Scale(2.0).apply(x)
