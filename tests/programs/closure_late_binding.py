"""Closures read a variable when they are called: reassigning it afterwards counts."""


def main(x):
    f = lambda: x
    before = f()
    x = x + 1

    def g():
        return x * 10

    h = g
    x = x * 2
    return before, f(), h(), g()


CASES = [(3,), (0,), (-2,), (1.5,)]
