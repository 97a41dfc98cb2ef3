"""myia: a differentiable compiler for a functional subset of Python."""

from myia.api import available_backends, grad, jit, register_backend, value_and_grad
from myia.custom import custom_vjp, register_bprop
from myia.errors import (
    MyiaCacheWarning,
    MyiaError,
    MyiaIRError,
    MyiaRuntimeError,
    MyiaShapeError,
    MyiaSyntaxError,
    MyiaTypeError,
)
from myia.tree import tree_map

__all__ = [
    "MyiaCacheWarning",
    "MyiaError",
    "MyiaIRError",
    "MyiaRuntimeError",
    "MyiaShapeError",
    "MyiaSyntaxError",
    "MyiaTypeError",
    "available_backends",
    "custom_vjp",
    "grad",
    "jit",
    "register_backend",
    "register_bprop",
    "tree_map",
    "value_and_grad",
]
