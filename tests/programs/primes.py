"""Trial-division primes: nested loops with break, continue and for-else."""


def is_prime(n):
    if n < 2:
        return False
    for d in range(2, n):
        if d * d > n:
            break
        if n % d == 0:
            return False
    return True


def primes_below(n):
    found = ()
    for k in range(n):
        if k % 2 == 0 and k != 2:
            continue
        for p in found:
            if k % p == 0:
                break
        else:
            if k >= 2:
                found = found + (k,)
    return found


def main(n):
    ps = primes_below(n)
    count = 0
    for k in range(n):
        if is_prime(k):
            count += 1
    return ps, count, len(ps) == count


CASES = [(0,), (3,), (10,), (30,)]
