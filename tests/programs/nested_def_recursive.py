"""A nested function that calls itself and reads the enclosing variables."""


def main(n, base):
    def power(k):
        if k == 0:
            return 1
        half = power(k // 2)
        if k % 2 == 0:
            return half * half
        return half * half * base

    def count_down(k, acc):
        if k == 0:
            return acc
        return count_down(k - 1, acc + k * base)

    return power(n), count_down(n, 0)


CASES = [(0, 2), (1, 3), (10, 2), (7, -1), (5, 1.5)]
