"""abs, min, max, int, float and bool on Python numbers."""


def main(x, y):
    a = abs(x) + abs(y)
    b = min(x, y)
    c = max(x, y, 0)
    d = min(x, y, -1, 5)
    e = int(x)
    f = float(y)
    g = bool(x)
    h = int(True) + int(-2.9)
    return a, b, c, d, e, f, g, h


CASES = [(3, -4), (-2.5, 1.5), (0, 0), (7.9, 7), (-0.5, -0.25)]
