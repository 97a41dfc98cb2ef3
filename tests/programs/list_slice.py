"""Slicing lists: bounds known at run time, negative bounds, steps (also
negative), bounds past either end, and reversing."""


def main(xs, a, b):
    head = xs[:a]
    tail = xs[a:]
    middle = xs[a:b]
    stepped = xs[a:b:2]
    reversed_all = xs[::-1]
    backwards = xs[b:a:-1]
    last_two = xs[-2:]
    clipped = xs[-100:100]
    return head, tail, middle, stepped, reversed_all, backwards, last_two, clipped


CASES = [
    ([1, 2, 3, 4, 5], 1, 4),
    ([1, 2, 3, 4, 5], -3, -1),
    ([10, 20], 0, 7),
    ([5, 6, 7, 8, 9, 10, 11], 5, 2),
    ([], 1, 2),
]
