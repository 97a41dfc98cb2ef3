"""break and continue in the inner loop of nested loops only leave the inner loop."""


def main(n, limit):
    count = 0
    last = (0, 0)
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            if (i + j) % 2 == 1:
                continue
            if i * j > limit:
                break
            count += 1
            last = (i, j)
    return count, last


CASES = [(0, 5), (3, 100), (6, 4), (8, 10)]
