"""List literals, len, indexing with a dynamic index, negative indices, and
IndexError for an index out of range."""


def main(i, j):
    xs = [1.5, 2.5, 4.0, -1.0]
    ys = [i, j, i + j]
    first = xs[0] + xs[-1]
    picked = xs[i] * ys[-2]
    total = 0.0
    k = -len(xs)
    while k < len(xs):
        total += xs[k] * (k + 1)
        k += 1
    return first, picked, ys[j] + len(ys), total


CASES = [(0, 1), (3, 2), (-1, -3), (1, 0)]
RAISES = [((4, 0), IndexError), ((0, 3), IndexError), ((-5, 0), IndexError)]
