"""while loops whose condition uses and/or/not, calls and chained comparisons."""


def ok(i):
    return i % 7 != 6


def main(a, b):
    i = 0
    while i < a and (ok(i) or i < b) and not i > 50:
        i += 1
    j = 0
    while 0 <= j < b or j == a:
        j += 2
    return i, j


CASES = [(0, 0), (10, 0), (10, 20), (100, 100), (3, 5)]
