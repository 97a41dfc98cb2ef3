"""`in` and `not in` on lists of numbers, tuples and dataclasses, and
de-duplication with a list of what was seen."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Pt:
    x: int
    y: int


def unique(xs):
    seen = []
    for x in xs:
        if x not in seen:
            seen.append(x)
    return seen


def main(xs, p):
    pts = [Pt(1, 2), Pt(3, 4)]
    pairs = [(1, 2.5), (2, 3.5)]
    return (
        unique(xs),
        2 in xs,
        2.5 in xs,
        Pt(p, p + 1) in pts,
        (p, 2.5) in pairs,
        None in xs,
    )


CASES = [([1, 2, 2, 3, 1], 1), ([], 3), ([5, 5, 5], 2), ([4, 3, 2, 1], 0)]
