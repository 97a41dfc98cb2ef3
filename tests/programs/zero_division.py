"""Division by zero raises ZeroDivisionError, like in Python."""


def ratio(a, b):
    return a / b


def main(a, b):
    if a < 0:
        return a % b
    return ratio(a, b) + a // b


CASES = [(1, 2), (5, 5), (-3, 2), (0, 4)]
RAISES = [((1, 0), ZeroDivisionError), ((-1, 0), ZeroDivisionError), ((1.0, 0.0), ZeroDivisionError)]
