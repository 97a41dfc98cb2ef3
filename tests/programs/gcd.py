"""Greatest common divisor: recursive, iterative, and the lcm built on it."""


def gcd(a, b):
    if b == 0:
        return abs(a)
    return gcd(b, a % b)


def gcd_loop(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


def main(a, b):
    g = gcd(a, b)
    lcm = abs(a * b) // g if g else 0
    return g, gcd_loop(a, b), lcm


CASES = [(12, 18), (17, 5), (0, 9), (0, 0), (-12, 8), (100, 75)]
