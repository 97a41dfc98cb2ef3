"""for over range with a negative step, and with a step given as an argument."""


def main(n, step):
    down = 0
    for i in range(n, 0, -1):
        down = down * 10 + i
    stepped = ()
    for j in range(n, -n, step):
        stepped = stepped + (j,)
    return down, stepped


CASES = [(3, -1), (4, -3), (0, -1), (5, 2), (2, -10)]
