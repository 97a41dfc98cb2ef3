"""Every differentiable unary function of ``math``."""

import math


def main(x):
    a = math.sin(x) * math.cos(x) + math.tan(x) + math.exp(x) * math.sqrt(x)
    b = math.log(x) + math.log2(x) + math.log10(x) + math.log1p(x) + math.expm1(x)
    c = math.tanh(x) + math.sinh(x) - math.cosh(x) + math.asinh(x) + math.acosh(x + 1)
    d = math.asin(x / 4) + math.acos(x / 4) * math.atan(x) + math.atanh(x / 4)
    e = math.erf(x) + math.erfc(x / 2) + math.degrees(x) / 100 + math.radians(x)
    return a + b + c + d + e


CASES = [(0.3,), (1.2,), (2.5,)]
