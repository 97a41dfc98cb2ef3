"""enumerate with a start: counts are Python ints, the last one 2**63 - 1 too
(a count kept for an element after it would not fit in 64 bits)."""


def main(xs, start):
    counts = 0
    last = start
    for i, x in enumerate(xs, start):
        counts += 1
        last = i
    pairs = [(i, x) for i, x in enumerate(xs, start=start)]
    return counts, last, pairs


CASES = [([1.5, 2.5], 5), ([3.0], 2**63 - 1), ([], -(2**63)), ([1.0, 2.0, 3.0], -(2**63))]
