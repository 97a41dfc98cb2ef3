"""if/elif/else with different formulas per branch, and a conditional expression."""


def piece(x):
    if x < -1.0:
        return -x * x
    elif x < 1.0:
        return x * x * x
    else:
        return 2.0 * x - 1.0


def main(x, y):
    t = piece(x) + piece(y)
    return t if t > 0 else -t * y


CASES = [(-2.0, 0.5), (0.5, 3.0), (1.5, -1.5), (-0.3, -0.2)]
