"""in / not in on tuples."""

PRIMES = (2, 3, 5, 7, 11, 13)


def main(x, t):
    a = x in PRIMES
    b = x not in t
    c = (x, x + 1) in ((1, 2), (3, 4))
    d = x in (1.5, 2, True)
    return a, b, c, d


CASES = [(2, (1, 2)), (4, (4, 5)), (3, ()), (1, (0,)), (13, (13, 13)), (1.5, (1,))]
