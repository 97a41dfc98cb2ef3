"""for over a tuple of numbers."""


def main(t):
    total = 0
    largest = t[0]
    for x in t:
        total += x
        if x > largest:
            largest = x
    return total, largest


CASES = [((1, 2, 3),), ((5,),), ((-1, -7, 4, 2),), ((1.5, 2.5, -0.5),)]
