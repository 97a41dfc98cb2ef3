"""A plain while loop: the number of Collatz steps."""


def main(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


CASES = [(1,), (2,), (6,), (7,), (27,)]
