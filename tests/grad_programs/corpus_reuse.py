"""Functions of the program corpus, differentiated: Newton's square root (a
converging while loop) and a Python loop over a tuple."""

from newton_sqrt import sqrt  # tests/programs is on sys.path (see tests/test_grad.py)


def main(a, b):
    t = (a, b, a * b)
    acc = 0.0
    for v in t:
        acc = acc + v * v
    return sqrt(a) + acc


CASES = [(2.0, 0.5), (12345.678, 1.5), (0.25, -2.0)]
