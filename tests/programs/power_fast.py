"""Exponentiation by squaring: loop with //, % and ** cross-check."""


def fast_pow(b, e):
    result = 1
    while e > 0:
        if e % 2 == 1:
            result *= b
        b *= b
        e //= 2
    return result


def main(b, e):
    return fast_pow(b, e), fast_pow(b, e) == b ** e


CASES = [(2, 10), (3, 0), (-3, 5), (1.5, 3), (7, 1)]
