"""Docstrings, pass, ellipsis statements and annotated assignments are accepted."""


def helper(x: int) -> int:
    """A docstring is ignored."""
    pass
    ...
    y: int = x + 1
    z: float
    return y


def main(x: int) -> int:
    "A one-line docstring."
    r: int = helper(x)
    if r > 2:
        pass
    else:
        r: int = 2
    return r


CASES = [(0,), (1,), (5,), (-4,)]
