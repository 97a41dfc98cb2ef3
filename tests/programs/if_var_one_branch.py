"""A variable defined in only one branch, used only when it is defined."""


def main(x):
    if x > 0:
        inv = 1.0 / x
        tag = 1
    else:
        tag = 0
    if tag == 1:
        return inv * 2
    return -1.0


CASES = [(1,), (4,), (0,), (-3,), (0.5,)]
