"""return from the inner loop of nested loops."""


def find_pair(n, target):
    for i in range(n):
        for j in range(i, n):
            if i * j == target:
                return (i, j)
            if i * j > target:
                break
    return (-1, -1)


def main(n, target):
    i, j = find_pair(n, target)
    return i + j, (i, j)


CASES = [(10, 12), (10, 13), (5, 0), (3, 100), (0, 0)]
