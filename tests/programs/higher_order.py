"""Higher-order functions: compose, flip, and functions choosing functions."""


def compose(f, g):
    return lambda x: f(g(x))


def flip(f):
    def flipped(a, b):
        return f(b, a)
    return flipped


def sub(a, b):
    return a - b


def pick(op):
    if op == 0:
        return sub
    elif op == 1:
        return flip(sub)
    return lambda a, b: a * b


def main(x, y, op):
    inc = lambda v: v + 1
    sq = lambda v: v * v
    h = compose(inc, sq)
    k = compose(sq, inc)
    return h(x), k(x), pick(op)(x, y), compose(h, k)(y)


CASES = [(2, 3, 0), (2, 3, 1), (2, 3, 2), (-1.5, 0.5, 1), (0, 0, 0)]
