"""Strided views as arguments (transposes, steps, negative strides)."""
from _data import randn

_base = randn(6, 8)
_base32 = randn(5, 7, dtype="float32")


def main(x, y):
    return x * 2.0 + y, x.sum(axis=0), x @ y.T, (x + 1.0).T


CASES = [
    (_base[::2, 1::2], _base[1::2, ::2]),
    (_base[:4, :4].T, _base[2:6, 4:8]),
    (_base[::-1, ::-2][:3, :3], _base[:3, :3].T),
    (_base32[::2, 1:4], _base32[1:4:1, 2:5][::-1]),
]
