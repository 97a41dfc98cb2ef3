"""Sorting a tuple functionally: insertion sort building new tuples."""


def insert(sorted_t, x):
    for i in range(len(sorted_t)):
        if x < sorted_t[i]:
            return sorted_t[:i] + (x,) + sorted_t[i:]
    return sorted_t + (x,)


def sort(t):
    result = ()
    for x in t:
        result = insert(result, x)
    return result


def main(t):
    return sort(t)


CASES = [((3, 1, 2),), ((),), ((5, 4, 3, 2, 1),), ((1.5, -2, 0, 1.5),)]
