"""Iterating over lists: for with break, continue and else, enumerate and zip
over lists, and a list read at indices from range(len(xs))."""


def first_negative(xs):
    for i, x in enumerate(xs):
        if x < 0:
            break
    else:
        return -1
    return i


def main(xs, ys):
    positives = 0.0
    for x in xs:
        if x <= 0:
            continue
        positives += x
    dot = 0.0
    for x, y in zip(xs, ys):
        dot += x * y
    diffs = 0.0
    for i in range(len(xs) - 1):
        diffs += abs(xs[i + 1] - xs[i])
    return positives, dot, diffs, first_negative(xs)


CASES = [
    ([1.0, -2.0, 3.0], [1.0, 1.0, 1.0]),
    ([], [2.0]),
    ([0.5, 1.5], [2.0, 4.0, 8.0]),
    ([-1.0], [3.0]),
]
