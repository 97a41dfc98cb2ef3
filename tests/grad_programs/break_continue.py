"""break and continue in a loop."""


def main(x):
    acc = 1.0
    for i in range(20):
        if i % 3 == 0:
            continue
        acc = acc * x + 1.0
        if acc > 50.0:
            break
    return acc


CASES = [(1.1,), (2.3,), (0.5,)]
