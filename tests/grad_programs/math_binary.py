"""Binary math: pow in both arguments, atan2, hypot, copysign, fmod, min and max."""

import math


def main(x, y):
    a = x**y + y**2.5 + 2.0**x
    b = math.atan2(y, x) + math.hypot(x, y) + math.copysign(x, y - 1.0)
    c = math.fmod(x * 7.0, y) + (x * 5.0) % y
    return a + b + c + max(x, y) * min(x, 2.0 * y) + abs(x - y)


CASES = [(1.35, 0.7), (2.1, 1.6), (0.4, 2.2)]
