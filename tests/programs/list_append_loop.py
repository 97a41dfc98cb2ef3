"""xs.append(x) on lists the function builds, in loops and branches, and
iteration over the result."""


def collatz(n):
    steps = [n]
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps.append(n)
    return steps


def main(n):
    seq = collatz(n)
    evens = []
    odds = []
    for v in seq:
        if v % 2 == 0:
            evens.append(v)
        else:
            odds.append(v)
    biggest = 0
    for v in seq:
        biggest = max(biggest, v)
    return len(seq), len(evens), len(odds), biggest, seq[-2:]


CASES = [(1,), (6,), (7,), (27,)]
