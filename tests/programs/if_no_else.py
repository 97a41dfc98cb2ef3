"""An if without else that updates variables; an if whose body only passes."""


def main(x, lo, hi):
    y = x
    if y < lo:
        y = lo
    if y > hi:
        y = hi
    if y == lo:
        pass
    return y


CASES = [(5, 0, 10), (-3, 0, 10), (12, 0, 10), (0, 0, 10), (2.5, 1.0, 2.0)]
