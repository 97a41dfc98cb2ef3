"""Two functions calling each other."""


def ping(x, n):
    if n == 0:
        return x
    return pong(x * 1.5, n - 1) + x


def pong(x, n):
    if n == 0:
        return x * x
    return ping(x - 0.25, n - 1) * 0.5


def main(x, n):
    return ping(x, n)


CASES = [(1.2, 5), (0.3, 4), (2.0, 0)]
