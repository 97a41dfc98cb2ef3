"""if / elif / else chains, with a final else and without one."""


def classify(x):
    if x < 0:
        return -1
    elif x == 0:
        return 0
    elif x < 10:
        return 1
    else:
        return 2


def main(x):
    kind = classify(x)
    parity = 0
    if x % 2 == 0:
        parity = 2
    elif x % 3 == 0:
        parity = 3
    elif x % 5 == 0:
        parity = 5
    return kind, parity


CASES = [(-5,), (0,), (3,), (4,), (9,), (25,), (7,)]
