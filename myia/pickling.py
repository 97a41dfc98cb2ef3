"""Pickling compiled functions (``jit``, ``grad`` objects): by name when they are
what their name says, else as the Python function and the settings; unpickled
copies of one function with one set of settings are one object per process,
so that a worker compiles it once however many tasks send it."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any


def is_named(obj: Any) -> bool:
    """Whether ``obj`` is what its ``module.qualname`` names."""
    module = sys.modules.get(getattr(obj, "__module__", None) or "")
    target: Any = module
    try:
        for part in obj.__qualname__.split("."):
            target = getattr(target, part)
    except AttributeError:
        return False
    return module is not None and target is obj


class _Named:
    """Pickles as ``module.qualname``, looked up on the other side. For a
    function a pickler might send by value (cloudpickle does for ``__main__``'s,
    and Dask compiles the copy as ``<dynamic-code>``): myia needs the function
    whose source it can read, which a worker that imports the same code has."""

    def __init__(self, obj: Any):
        self.obj = obj

    def __reduce__(self) -> Any:
        return lookup, (self.obj.__module__, self.obj.__qualname__)


def by_name(obj: Any) -> Any:
    """``obj``, to be pickled by name when it is what its name says."""
    return _Named(obj) if is_named(obj) else obj


def lookup(module: str, qualname: str) -> Any:
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


_REBUILT: dict[tuple[Any, ...], Any] = {}
"""Jitted functions and gradients unpickled in this process, by what made them:
a worker given the same pickled function for each task compiles it once."""


def rebuilt(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """The object unpickled before with ``key``, else ``make()`` (remembered)."""
    try:
        hash(key)
    except TypeError:  # unhashable options, argnums or captured values: no sharing
        return make()
    made = _REBUILT.get(key)
    if made is None:
        made = _REBUILT[key] = make()
    return made


def items(options: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(options.items()))


def function_key(fn: Any) -> Any:
    """What identifies a function pickled by value (cloudpickle makes a new
    function object each time): its code, defaults and captured values."""
    inner = getattr(fn, "__myia_function__", fn)
    if hasattr(fn, "__myia_grad__") or not isinstance(inner, types.FunctionType):
        return fn
    try:
        cells = tuple(c.cell_contents for c in inner.__closure__ or ())
    except ValueError:  # an empty cell
        return fn
    return (inner.__module__, inner.__qualname__, inner.__code__, inner.__defaults__, cells)
