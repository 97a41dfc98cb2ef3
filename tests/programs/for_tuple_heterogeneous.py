"""for over a tuple whose elements have different types."""


def main(a, b):
    acc = 0
    for x in (a, 2.5, True, b, (a, b)):
        if x == (a, b):
            acc = acc * 2
        else:
            acc = acc + x
    return acc


CASES = [(1, 2), (0, 0.5), (-3, True), (10, -4.25)]
