"""not, bool() and conditions on ints, floats and tuples."""


def main(x, t):
    r = 0
    if t:
        r = r + 1
    if not x:
        r = r + 10
    if not t:
        r = r + 100
    return r, not x, bool(x), bool(t), not not x


CASES = [(0, ()), (1, (1,)), (0.0, (0, 0)), (-2.5, ()), (3, (1, 2, 3))]
