"""A functional counter: closures built over an immutable state."""


def make_counter(start, step):
    def count(n):
        return start + n * step
    return count


def main(start, step, n):
    counter = make_counter(start, step)
    back = make_counter(counter(n), -step)
    return counter(0), counter(n), back(n)


CASES = [(0, 1, 5), (10, -2, 3), (1.5, 0.5, 4), (7, 0, 100)]
