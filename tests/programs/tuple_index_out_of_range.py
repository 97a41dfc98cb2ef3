"""A tuple indexed out of range raises IndexError where the index runs: a
constant index too large, or any index of an empty tuple (or of a list that is
always empty), in a branch that Python may not take (typed code compiles them,
and checks when they run)."""


def pick(t, i):
    if i > 2:
        return t[5]
    if i < -3:
        empty = ()
        return empty[i] + 1
    return t[i]


def main(t, i, j):
    empty = []
    if j > 0:
        return pick(t, i), empty[j - 1]
    return pick(t, i), 0


CASES = [((1, 2, 3), 0, 0), ((1, 2, 3), -1, -1), ((4, 5, 6), 2, 0), ((7, 8, 9), -3, 0)]
RAISES = [
    (((1, 2, 3), 3, 0), IndexError),
    (((1, 2, 3), -5, 0), IndexError),
    (((1, 2, 3), 0, 2), IndexError),
]
