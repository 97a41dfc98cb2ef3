"""Merge sort: recursion on slices of a list, merging with appends."""


def merge(a, b):
    out = []
    i = 0
    j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out + a[i:] + b[j:]


def sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    return merge(sort(xs[:mid]), sort(xs[mid:]))


def main(xs):
    s = sort(xs)
    return s, len(s)


CASES = [([3, 1, 2],), ([],), ([5, 4, 3, 2, 1, 0],), ([2, 7, 1, 8, 2, 8, 1, 8, 2, 8],)]
