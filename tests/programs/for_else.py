"""for ... else: the else runs when the loop was not broken."""


def smallest_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        d = n
    return d


def main(n):
    first_even = -1
    for x in (n, n + 2, n + 4):
        if x % 2 == 0:
            first_even = x
            break
    else:
        first_even = 0
    return smallest_divisor(n), first_even


CASES = [(2,), (9,), (13,), (15,), (49,)]
