"""Lists of lists: a matrix as a list of rows, its transpose and product."""


def transpose(m):
    if not m:
        return []
    return [[row[j] for row in m] for j in range(len(m[0]))]


def matmul(a, b):
    bt = transpose(b)
    out = []
    for row in a:
        new_row = []
        for col in bt:
            s = 0.0
            for x, y in zip(row, col):
                s += x * y
            new_row.append(s)
        out.append(new_row)
    return out


def main(a, b):
    return transpose(a), matmul(a, b), len(matmul(b, a))


CASES = [
    ([[1.0, 2.0], [3.0, 4.0]], [[0.5, 0.0], [0.0, 2.0]]),
    ([[1.0, 2.0, 3.0]], [[1.0], [2.0], [3.0]]),
    ([[2.0]], [[3.0]]),
    ([], [[1.0, 2.0]]),
]
