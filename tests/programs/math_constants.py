"""math functions of constants, folded at compile time as CPython computes them
(with math itself, not numpy), and of arguments."""
import math


def main(x):
    folded = (
        math.tanh(0.6),  # numpy's AVX2 tanh is 1 ulp away from CPython's here
        math.acos(0.5),
        math.exp(2.5 * -1.25),
        math.atan2(0.35, -1.5),
        math.hypot(0.1, 0.7),
        math.gamma(4.7),
        math.lgamma(0.35),
        math.pow(1.7, 0.35),
        math.log1p(0.35) + math.sinh(0.35) + math.asinh(0.35),
    )
    return folded, math.tanh(x) + math.atan(x), math.pow(x * x, 0.35)


CASES = [(0.6,), (1.0,), (-2.5,), (10,)]
