"""Concatenation: xs + ys, xs + [x], empty lists that take their element type
from what they meet, += on lists, and lists as loop variables."""


def interleave(xs, ys):
    out = []
    i = 0
    while i < len(xs) or i < len(ys):
        if i < len(xs):
            out = out + [xs[i]]
        if i < len(ys):
            out += [ys[i]]
        i += 1
    return out


def main(xs, ys):
    both = xs + ys
    twice = both + both
    mixed = interleave(xs, ys)
    empty = []
    joined = empty + xs
    prefix = [0.0] + ys
    return both, len(twice), mixed, joined, prefix


CASES = [
    ([1.0, 2.0], [3.0]),
    ([], [4.0, 5.0, 6.0]),
    ([7.5], []),
    ([1.0, 2.0, 3.0], [-1.0, -2.0, -3.0]),
]
