"""Mixed int and float arithmetic: ints are promoted to floats."""


def main(i, f):
    a = i + f
    b = i * f
    c = i - f
    d = f // i if i != 0 else 0.0
    e = i * 2
    g = f * 2
    return a, b, c, d, e, g, i == f, i < f


CASES = [(1, 0.5), (3, 3.0), (-2, 1.25), (0, -0.0), (7, 2.0)]
