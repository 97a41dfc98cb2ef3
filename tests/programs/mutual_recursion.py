"""Mutual recursion between module-level functions."""


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


def hofstadter_f(n):
    return 1 if n == 0 else n - hofstadter_m(hofstadter_f(n - 1))


def hofstadter_m(n):
    return 0 if n == 0 else n - hofstadter_f(hofstadter_m(n - 1))


def main(n):
    return is_even(n), is_odd(n), hofstadter_f(n), hofstadter_m(n)


CASES = [(0,), (1,), (7,), (10,)]
