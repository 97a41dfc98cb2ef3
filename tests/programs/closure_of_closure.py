"""Closures that capture other closures, several levels deep."""


def main(x, n):
    base = lambda v: v * x

    def layer1(v):
        return base(v) + 1

    def layer2(v):
        return layer1(layer1(v))

    stack = layer2
    for i in range(n):
        stack = (lambda f, j: (lambda v: f(v) + j))(stack, i)
    return layer2(1), stack(0), stack(2)


CASES = [(2, 0), (2, 3), (-1, 2), (0.5, 1)]
