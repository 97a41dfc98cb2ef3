"""myia: a differentiable compiler for a functional subset of Python."""

from myia.api import available_backends, jit, register_backend
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
    "jit",
    "register_backend",
]
