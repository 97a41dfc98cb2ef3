"""Tuple indexing with positive, negative and computed indices."""


def main(t, i):
    first = t[0]
    last = t[-1]
    second_last = t[-2]
    at = t[i]
    nested = ((1, 2), (3, (4, 5)))
    return first, last, second_last, at, nested[1][1][0], t[len(t) - 1] == last


CASES = [((1, 2, 3), 0), ((1, 2, 3), -1), ((5.5, True, 7), 1), ((0, 0), -2)]
RAISES = [(((1, 2), 2), IndexError), (((1, 2), -3), IndexError)]
