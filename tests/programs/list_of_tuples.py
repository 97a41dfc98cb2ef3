"""Lists of tuples: an insertion sort that builds new lists, and lookups in a
list of (key, value) pairs."""


def insert(sorted_pairs, pair):
    out = []
    placed = False
    for p in sorted_pairs:
        if not placed and pair[0] < p[0]:
            out.append(pair)
            placed = True
        out.append(p)
    if not placed:
        out.append(pair)
    return out


def lookup(pairs, key, default):
    for k, v in pairs:
        if k == key:
            return v
    return default


def main(keys, values):
    pairs = [(k, v) for k, v in zip(keys, values)]
    ordered = []
    for p in pairs:
        ordered = insert(ordered, p)
    return ordered, lookup(ordered, 3, -1.0), lookup(ordered, 100, -1.0)


CASES = [
    ([3, 1, 2], [0.5, 1.5, 2.5]),
    ([5, 4, 3, 2, 1], [1.0, 2.0, 3.0, 4.0, 5.0]),
    ([], []),
    ([7, 3, 9, 3], [1.0, 2.0, 3.0, 4.0]),
]
