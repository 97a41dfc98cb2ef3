"""for over zip of two and three tuples, of different lengths."""


def main(xs, ys):
    dot = 0
    for x, y in zip(xs, ys):
        dot += x * y
    n = 0
    for a, b, c in zip(xs, ys, (1, 2, 3)):
        n += a - b + c
    return dot, n


CASES = [((1, 2, 3), (4, 5, 6)), ((1, 2), (3, 4, 5)), ((), (1,)), ((1.5, 2.0, 3.0, 4.0), (2.0, 2.0, 2.0, 2.0))]
