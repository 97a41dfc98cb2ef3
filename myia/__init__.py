"""myia: a differentiable compiler for a functional subset of Python.

The names below are loaded on first use (PEP 562): ``import myia.errors`` (the
base layer, which every other layer imports) does not import the compiler, and
``import myia`` costs nothing until a name is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from myia.api import available_backends, grad, jit, register_backend, value_and_grad
    from myia.check_grads import check_grads
    from myia.custom import custom_vjp, register_bprop
    from myia.debugger import debug
    from myia.embed import compile_ir
    from myia.errors import (
        MyiaCacheWarning,
        MyiaError,
        MyiaExportError,
        MyiaFloatingPointError,
        MyiaGradientCheckError,
        MyiaIRError,
        MyiaIRShapeError,
        MyiaIRTypeError,
        MyiaRuntimeError,
        MyiaShapeError,
        MyiaSyntaxError,
        MyiaTypeError,
        MyiaWarning,
    )
    from myia.profiling import profile
    from myia.tree import tree_map

_EXPORTS = {
    "MyiaCacheWarning": "myia.errors",
    "MyiaError": "myia.errors",
    "MyiaExportError": "myia.errors",
    "MyiaFloatingPointError": "myia.errors",
    "MyiaGradientCheckError": "myia.errors",
    "MyiaIRError": "myia.errors",
    "MyiaIRShapeError": "myia.errors",
    "MyiaIRTypeError": "myia.errors",
    "MyiaRuntimeError": "myia.errors",
    "MyiaShapeError": "myia.errors",
    "MyiaSyntaxError": "myia.errors",
    "MyiaTypeError": "myia.errors",
    "MyiaWarning": "myia.errors",
    "available_backends": "myia.api",
    "check_grads": "myia.check_grads",
    "compile_ir": "myia.embed",
    "custom_vjp": "myia.custom",
    "debug": "myia.debugger",
    "grad": "myia.api",
    "jit": "myia.api",
    "profile": "myia.profiling",
    "register_backend": "myia.api",
    "register_bprop": "myia.custom",
    "tree_map": "myia.tree",
    "value_and_grad": "myia.api",
}
"""Each public name and the module that defines it."""

_SUBMODULES = frozenset({"ir"})
"""Public submodules, loaded on first use as the names are (``myia.ir``)."""

__all__ = [
    "MyiaCacheWarning",
    "MyiaError",
    "MyiaExportError",
    "MyiaFloatingPointError",
    "MyiaGradientCheckError",
    "MyiaIRError",
    "MyiaIRShapeError",
    "MyiaIRTypeError",
    "MyiaRuntimeError",
    "MyiaShapeError",
    "MyiaSyntaxError",
    "MyiaTypeError",
    "MyiaWarning",
    "available_backends",
    "check_grads",
    "compile_ir",
    "custom_vjp",
    "debug",
    "grad",
    "jit",
    "profile",
    "register_backend",
    "register_bprop",
    "tree_map",
    "value_and_grad",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"myia.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'myia' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES})
