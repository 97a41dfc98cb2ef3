"""Functions passed as arguments and returned."""


def twice(f, x):
    return f(f(x))


def compose(f, g):
    return lambda t: f(g(t))


def make_poly(a):
    def poly(t):
        return a * t * t + t

    return poly


def main(x, a):
    h = compose(make_poly(a), make_poly(x))
    return twice(make_poly(a), x) + h(a)


CASES = [(0.5, 1.5), (1.2, -0.4)]
