"""Binary search in a sorted tuple, iterative and recursive."""


def search(t, x):
    lo = 0
    hi = len(t)
    while lo < hi:
        mid = (lo + hi) // 2
        if t[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(t) and t[lo] == x else -1


def search_rec(t, x, lo, hi):
    if lo >= hi:
        return -1
    mid = (lo + hi) // 2
    if t[mid] == x:
        return mid
    if t[mid] < x:
        return search_rec(t, x, mid + 1, hi)
    return search_rec(t, x, lo, mid)


def main(t, x):
    return search(t, x), search_rec(t, x, 0, len(t))


CASES = [((1, 3, 5, 7, 9), 7), ((1, 3, 5, 7, 9), 4), ((), 1), ((2,), 2), ((1, 2, 3, 4, 5, 6), 1)]
