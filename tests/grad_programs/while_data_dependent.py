"""A while loop whose trip count depends on the input."""


def main(x, y):
    n = 0
    while x < 100.0:
        x = x * 1.7 + y
        n = n + 1
    return x / n


CASES = [(1.3, 0.5), (7.0, 2.0), (50.0, 0.25)]
