"""Truthiness of lists, `not xs`, repetition with `*`, a stack with slicing as
pop, and bool/int/float lists."""


def main(n, flags):
    zeros = [0.0] * n
    ones = 2 * [1]
    stack = []
    for i in range(n):
        stack.append(i * i)
    popped = 0
    while stack:
        popped += stack[-1]
        stack = stack[:-1]
    count = 0
    for f in flags:
        if f:
            count += 1
    empty = not flags
    return zeros, ones, popped, count, empty, bool(zeros)


CASES = [(0, []), (3, [True, False, True]), (5, [False]), (-2, [True, True])]
