"""Variables assigned in a loop body and read after the loop (possibly unbound)."""


def last_index(n):
    for i in range(n):
        pass
    return i


def last_big(t, limit):
    for x in t:
        if x > limit:
            big = x
    return big


def main(n, t):
    return last_index(n), last_big(t, 0)


CASES = [(1, (1,)), (5, (3, -1, 2)), (3, (-1, 4, -2))]
RAISES = [((0, (1,)), UnboundLocalError), ((2, (-1, -2)), UnboundLocalError)]
