"""break and continue in a loop's else block leave the enclosing loop."""


def first_pair_sum_to(xs, target):
    found = -1
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[i] + xs[j] == target:
                found = i * 10 + j
                break
        else:
            continue
        break
    return found


def main(n, target):
    total = 0
    k = 0
    while k < n:
        k += 1
        j = 0
        while j < 2:
            if j == k:
                break
            total += j
            j += 1
        else:
            if k == target:
                break
            total += 100
            continue
        total -= 1
    return total, k, first_pair_sum_to((1, 4, 2, 7, 5), target)


CASES = [(0, 1), (1, 1), (3, 2), (5, 9), (4, 6)]
