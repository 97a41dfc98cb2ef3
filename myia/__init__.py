"""myia: a differentiable compiler for a functional subset of Python."""

from myia.api import available_backends, grad, jit, register_backend, value_and_grad
from myia.errors import (
    MyiaError,
    MyiaIRError,
    MyiaRuntimeError,
    MyiaShapeError,
    MyiaSyntaxError,
    MyiaTypeError,
)

__all__ = [
    "MyiaError",
    "MyiaIRError",
    "MyiaRuntimeError",
    "MyiaShapeError",
    "MyiaSyntaxError",
    "MyiaTypeError",
    "available_backends",
    "grad",
    "jit",
    "register_backend",
    "value_and_grad",
]
