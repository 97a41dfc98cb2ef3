"""Calls to module-level functions with keyword arguments and default values."""


def affine(x, scale=2, shift=0.5):
    return x * scale + shift


def clamp(x, lo=0, hi=10, *, wrap=False):
    if wrap:
        return lo + (x - lo) % (hi - lo)
    return min(max(x, lo), hi)


def main(x):
    a = affine(x)
    b = affine(x, 3)
    c = affine(x, shift=-1)
    d = affine(shift=1, x=x, scale=0)
    e = clamp(x)
    f = clamp(x, hi=5)
    g = clamp(x, 2, 7, wrap=True)
    return a, b, c, d, e, f, g


CASES = [(4,), (-3,), (12,), (0,), (2.5,)]
