"""return from inside a loop, and after it when nothing was found."""


def find(t, value):
    for i, x in enumerate(t):
        if x == value:
            return i
    return -1


def first_square_above(n):
    i = 0
    while True:
        if i * i > n:
            return i
        i += 1


def main(t, value):
    return find(t, value), first_square_above(value)


CASES = [((3, 1, 4, 1, 5), 1), ((3, 1, 4), 5), ((), 0), ((7, 8, 9), 9)]
