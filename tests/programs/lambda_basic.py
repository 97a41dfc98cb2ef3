"""Lambdas: bound to names, applied immediately, capturing variables."""


def main(x, y):
    add = lambda a, b: a + b
    offset = lambda a: a + y
    twice = lambda f, a: f(f(a))
    imm = (lambda a: a * 3)(x)
    return add(x, y), offset(x), twice(offset, x), imm, (lambda: x - y)()


CASES = [(1, 2), (0, 0), (-4, 7), (2.5, 0.5)]
