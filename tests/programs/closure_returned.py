"""Closures returned from functions, then called later."""


def make_adder(k):
    return lambda x: x + k


def make_poly(a, b, c):
    def poly(x):
        return (a * x + b) * x + c
    return poly


def choose(flag, x):
    if flag:
        return make_adder(x)
    return make_poly(1, 0, x)


def main(x, flag):
    add3 = make_adder(3)
    p = make_poly(1, -2, x)
    g = choose(flag, x)
    return add3(x), p(2), g(3)


CASES = [(1, True), (1, False), (-2.5, True), (0, False)]
