"""Mutual recursion between nested functions that capture a variable."""


def main(n, step):
    def even(k):
        if k <= 0:
            return k == 0
        return odd(k - step)

    def odd(k):
        if k <= 0:
            return False
        return even(k - step)

    return even(n), odd(n)


CASES = [(0, 1), (5, 1), (8, 2), (9, 3), (7, 2)]
