"""``and``/``or`` as conditions and as values."""


def main(x, y):
    s = 0.0
    if x > 0 and y > 0:
        s = x * y
    elif x > 0 or y > 0:
        s = x + y
    v = (x > 1.0 and x * 3.0) or y * y
    return s + v


CASES = [(2.0, 3.0), (0.5, 3.0), (-1.0, 2.0), (-1.0, -2.0)]
