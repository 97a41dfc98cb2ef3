from geometry import Point


def f(a, b):
    p = Point(a, b)
    return p.dot(p) + p.norm2


def g(t, s):
    return t[0] * s + t[1]
