"""bools in arithmetic behave like the ints 0 and 1."""


def main(a, b):
    s = True + 1
    t = a + b
    u = a * 2.5
    v = (a > 0) + (b > 0)
    w = -a
    return s, t, u, v, w, a - b, a / (b + 1), True == 1, sum_flags(a, b, not a)


def sum_flags(x, y, z):
    return x + y + z


CASES = [(True, False), (False, False), (True, True), (False, True)]
