"""** with int and float operands, including negative exponents and pow()."""


def main(a, n):
    p = a ** n
    q = 2 ** -n
    r = pow(a, 2)
    s = a ** 0.5 if a >= 0 else -1.0
    return p, q, r, s, (-2) ** n, 10 ** -2


CASES = [(2, 3), (3, -2), (2.5, 2), (4, 0), (9, 1), (-2, -3)]
