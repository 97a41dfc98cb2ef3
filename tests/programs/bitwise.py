"""Bitwise operators on ints: &, |, ^, ~, << and >>."""


def popcount(n):
    count = 0
    while n:
        count += n & 1
        n >>= 1
    return count


def main(a, b):
    return a & b, a | b, a ^ b, ~a, a << 3, a >> 1, popcount(a & 0xFF), -a >> 2


CASES = [(12, 10), (0, 0), (255, 1), (-6, 3), (1023, 512)]
