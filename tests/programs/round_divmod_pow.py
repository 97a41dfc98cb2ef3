"""round (ties to even), divmod and pow."""


def main(x, a, b):
    r = round(x)
    q, m = divmod(a, b)
    p = pow(a, 3)
    return r, round(x + 0.5), q, m, p, pow(2, -1), divmod(x, 1.0)


CASES = [(2.5, 7, 3), (3.5, -7, 3), (-2.5, 7, -3), (0.49, 0, 5), (-1.2, 10, 10)]
RAISES = [((1.0, 1, 0), ZeroDivisionError)]
