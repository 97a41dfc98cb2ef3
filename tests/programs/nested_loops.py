"""Nested loops: a for in a for, and a while in a for."""


def main(n):
    pairs = 0
    for i in range(n):
        for j in range(i):
            pairs += i * j
    digits = 0
    for k in range(1, n + 1):
        m = k * 37
        while m > 0:
            digits += m % 10
            m //= 10
    return pairs, digits


CASES = [(0,), (1,), (4,), (9,)]
