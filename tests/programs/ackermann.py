"""The Ackermann function, on small arguments."""


def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))


def main(m, n):
    return ack(m, n)


CASES = [(0, 0), (1, 2), (2, 3), (3, 3)]
