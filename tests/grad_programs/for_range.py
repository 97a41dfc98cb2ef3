"""A for loop over range (Horner's scheme), with a trip count given as an argument."""


def main(x, n):
    acc = 0.0
    for i in range(n):
        acc = acc * x + (i + 1.0)
    return acc


CASES = [(0.5, 5), (1.5, 3), (-1.2, 7)]
