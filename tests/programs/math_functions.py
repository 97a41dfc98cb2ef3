"""Functions of the math module on floats."""
import math


def main(x):
    a = math.sin(x) ** 2 + math.cos(x) ** 2
    b = math.exp(math.log(x))
    c = math.sqrt(x * x)
    d = math.tanh(x) - math.tan(x / 4)
    e = math.atan2(x, 2.0) + math.asin(1 / (1 + x)) + math.acos(0.5)
    return a, b, c, d, e, math.log10(x), math.log2(x), math.fabs(-x)


CASES = [(0.5,), (1.0,), (2.0,), (3.7,), (10,)]
