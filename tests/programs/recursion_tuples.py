"""Recursion over tuples: sum, reverse, flatten depth one, and power set size."""


def tsum(t):
    if len(t) == 0:
        return 0
    return t[0] + tsum(t[1:])


def reverse(t):
    if not t:
        return ()
    return reverse(t[1:]) + (t[0],)


def count_subsets(t, target):
    if target == 0:
        return 1
    if not t or target < 0:
        return 0
    return count_subsets(t[1:], target - t[0]) + count_subsets(t[1:], target)


def main(t, target):
    return tsum(t), reverse(t), count_subsets(t, target)


CASES = [((1, 2, 3), 3), ((), 0), ((5, 3, 2, 1), 6), ((2, 2, 2), 4)]
