"""for over enumerate, with and without a start."""


def main(t):
    weighted = 0
    for i, x in enumerate(t):
        weighted += i * x
    shifted = 0
    for i, x in enumerate(t, start=1):
        shifted += i * x
    pos = 0
    for i, x in enumerate(t, 10):
        pos = i
    return weighted, shifted, pos


CASES = [((5, 6, 7),), ((),), ((2,),), ((1.5, -2.0),)]
