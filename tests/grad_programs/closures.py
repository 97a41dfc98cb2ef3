"""Closures: values captured from the enclosing function are differentiable."""


def main(x, y):
    def scale(t):
        return x * t + y

    k = lambda t: scale(t) * scale(y)
    return k(x) + scale(2.0)


CASES = [(1.5, 0.5), (-2.0, 3.0)]
