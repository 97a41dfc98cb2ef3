"""A variable rebound to values of different types, and parameters reassigned."""


def main(x, flag):
    v = x
    v = v * 1.5
    v = (v, x)
    if flag:
        x = -x
    v = v[0] + x
    flag = not flag
    return v, x, flag


CASES = [(2, True), (2, False), (-4, True), (0, False)]
