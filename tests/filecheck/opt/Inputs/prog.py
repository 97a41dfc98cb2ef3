def f(x, y):
    z = x * 2 + y
    if z > 3:
        return z - 1
    return -z


def g(n):
    s = 0
    for i in range(n):
        s = s + i
    return s


def constant():
    a = 2
    b = a * 3
    if b > 4:
        return b + 1
    return b - 1
