"""Newton's method: a while loop on floats with a convergence test."""


def sqrt(a, tol=1e-12):
    if a == 0:
        return 0.0
    x = a if a > 1 else 1.0
    while abs(x * x - a) > tol * a:
        x = (x + a / x) / 2
    return x


def main(a):
    r = sqrt(a)
    return r, abs(r * r - a) <= 1e-9 * max(a, 1)


CASES = [(0,), (1.0,), (2.0,), (0.25,), (1e6,), (12345.678,)]
