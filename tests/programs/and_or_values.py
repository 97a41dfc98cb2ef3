"""and / or return one of their operands, not necessarily a bool."""


def main(a, b, c):
    x = a and b
    y = a or b
    z = a and b or c
    w = (a or b or c)
    return x, y, z, w, (not a) or b, a and not b


CASES = [(0, 5, 7), (3, 0, 7), (3, 5, 7), (0, 0, 0), (0, 0, 9), (2.5, 0.0, 1.5), (True, False, True)]
