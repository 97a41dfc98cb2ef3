"""Augmented assignment with every arithmetic and bitwise operator."""


def main(a, b):
    x = a
    x += b
    x -= 1
    x *= 3
    y = x
    y //= b
    z = x
    z %= b
    w = float(a)
    w /= b
    p = a
    p **= 2
    q = a
    q &= 12
    q |= b
    q ^= 5
    q <<= 2
    q >>= 1
    return x, y, z, w, p, q


CASES = [(7, 2), (-7, 3), (0, 5), (10, -4), (3, 1)]
