"""Tuple concatenation and len, building tuples in a loop."""


def main(t, n):
    u = t + (n,)
    v = (0,) + t + t
    squares = ()
    for i in range(n):
        squares = squares + (i * i,)
    return u, v, len(v), squares, len(squares), len(()) == 0


CASES = [((1, 2), 3), ((), 0), ((5.5,), 4), ((True, 2), 1)]
