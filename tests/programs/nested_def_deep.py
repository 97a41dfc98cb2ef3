"""Functions nested three levels deep, each reading its parent's parameters."""


def main(x, y):
    def outer(k):
        def middle(v):
            def inner(w):
                return w * k + v
            return inner(y) + x
        return middle(k + 1)

    return outer(2), outer(-1)


CASES = [(3, 4), (0, 0), (-1.5, 2.0), (5, -2)]
