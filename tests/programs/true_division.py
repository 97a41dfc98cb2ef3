"""/ is true division: int / int gives a float."""


def main(a, b):
    return a / b, (a / b) * b, 1 / 2, a / 1, -a / b


CASES = [(7, 2), (6, 3), (-1, 3), (0, 5), (2.5, 0.5), (True, 4)]
RAISES = [((1, 0), ZeroDivisionError), ((0, 0), ZeroDivisionError)]
