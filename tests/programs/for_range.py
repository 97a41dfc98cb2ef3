"""for over range with one, two and three arguments."""


def main(n, a, b):
    s1 = 0
    for i in range(n):
        s1 += i
    s2 = 0
    for i in range(a, b):
        s2 = s2 * 2 + i
    s3 = 0
    for i in range(a, b, 3):
        s3 += i * i
    return s1, s2, s3


CASES = [(0, 0, 0), (5, 1, 6), (10, -3, 4), (3, 5, 2), (1, 2, 12)]
