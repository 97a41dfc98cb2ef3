"""A conditional expression evaluates only the branch it takes."""


def main(a, b):
    q = a // b if b != 0 else 0
    r = (a % b) if b else -1
    return q, r, (1 / b if b != 0 else float(a))


CASES = [(7, 2), (7, 0), (-7, 2), (0, 0), (9, -4)]
