"""Chained comparisons with two links."""


def main(x, lo, hi):
    inside = lo < x < hi
    closed = lo <= x <= hi
    descending = hi > x >= lo
    same = lo == x == hi
    return inside, closed, descending, same


CASES = [(5, 0, 10), (0, 0, 10), (10, 0, 10), (-1, 0, 10), (3, 3, 3), (2.5, 2.0, 3.0)]
