"""while ... else: the else runs only when the loop ends without break."""


def main(n, limit):
    i = 0
    found = -1
    while i < limit:
        if i * i == n:
            found = i
            break
        i += 1
    else:
        found = -2
    return found, i


CASES = [(16, 10), (15, 10), (0, 5), (49, 5), (4, 0)]
