"""Short-circuit: the right operand is not evaluated when the left decides."""


def main(a, b):
    ok = b != 0 and a / b > 1
    alt = b == 0 or a // b == 2
    safe = b and a % b
    both = b != 0 and a != 0 and (a // b) * b == a
    return ok, alt, safe, both


CASES = [(4, 2), (1, 0), (5, 2), (0, 3), (0, 0), (-6, 3)]
