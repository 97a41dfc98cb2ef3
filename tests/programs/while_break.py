"""break inside nested ifs in a while loop."""


def main(x):
    total = 0
    i = 0
    while True:
        i += 1
        if i % 3 == 0:
            if total > x:
                break
            total += i
        elif i > 100:
            break
        else:
            total += 1
    return total, i


CASES = [(0,), (5,), (20,), (1000,), (100000,)]
