"""Default values of nested functions, called with and without the argument."""


def main(x):
    def scale(v, k=2):
        return v * k

    def shift(v, d=10, *, sign=1):
        return v + sign * d

    return scale(x), scale(x, 3), shift(x), shift(x, -1), shift(x, sign=-1), shift(d=0, v=x)


CASES = [(1,), (0,), (-2.5,), (7,)]
