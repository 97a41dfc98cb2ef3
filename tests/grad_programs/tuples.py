"""Tuples as arguments, results of inner functions, and loop state."""


def rotate(p, c, s):
    x, y = p
    return (c * x - s * y, s * x + c * y)


def main(p, angle):
    import_free = (angle, angle * angle)
    c = 1.0 - import_free[1] / 2
    s = import_free[0]
    q = p
    for _ in range(3):
        q = rotate(q, c, s)
    a, b = q
    return a * a + 3.0 * b


CASES = [((1.0, 2.0), 0.3), ((-0.5, 0.25), 0.1)]
