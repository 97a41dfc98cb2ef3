import numpy as np
from geometry import Point


def f(x: float, y: float):
    return x * 2.0 + y


def partly(x, y: int):
    return x + y


def mixed(a: "tensor<3xf64>", s: np.float32, t: tuple[float, int], p: Point):
    return a * s + t[0] + p.x


def typo(x: "tensor<3xf64"):
    return x


def array(x: np.ndarray):
    return x
