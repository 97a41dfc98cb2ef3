"""continue inside a while loop, in nested ifs."""


def main(n):
    i = 0
    odd = 0
    fizz = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        odd += i
        if i % 3 == 0:
            if i % 5 == 0:
                continue
            fizz += 1
    return odd, fizz


CASES = [(0,), (1,), (10,), (31,)]
