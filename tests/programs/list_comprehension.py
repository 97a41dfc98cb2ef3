"""List comprehensions: with conditions, over range, zip, enumerate, nested
generators, and comprehensions inside comprehensions."""


def main(n, xs):
    squares = [i * i for i in range(n)]
    odd = [s for s in squares if s % 2 == 1]
    pairs = [a * b for a, b in zip(squares, xs)]
    indexed = [(i, x) for i, x in enumerate(xs) if x > 0]
    grid = [i * 10 + j for i in range(n) for j in range(i) if (i + j) % 2 == 0]
    table = [[i + j for j in range(3)] for i in range(n)]
    scale = 2.0
    scaled = [x * scale for x in xs]
    return squares, odd, pairs, indexed, grid, table, scaled


CASES = [
    (0, [1.0]),
    (3, [1.0, -2.0, 3.0]),
    (5, [0.5, 1.5, -2.5, 3.5, 4.5, 5.5]),
    (4, [-1.0, -2.0]),
]
