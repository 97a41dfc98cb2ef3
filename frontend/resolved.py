"""What a name in a function means to myia (:mod:`.resolve` decides): a builtin
the frontend expands, a module, a dataclass, a function to parse, a gradient, a
constant, or something unsupported (with the reason)."""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Builtin:
    """A builtin the frontend expands itself (``len``, ``range``, ``math.sin``...)."""

    name: str


@dataclass(frozen=True)
class ModuleRef:
    """A module, usable only as the base of an attribute (``math.pi``)."""

    module: types.ModuleType


@dataclass(frozen=True)
class RecordClass:
    """A dataclass: calling it builds a record."""

    cls: type


@dataclass(frozen=True)
class PythonFunction:
    """A Python function to parse on demand."""

    fn: types.FunctionType


@dataclass(frozen=True)
class GradOf:
    """``myia.grad(f, argnums)`` made outside the compiled code."""

    fn: Any
    argnums: Any
    with_value: bool


@dataclass(frozen=True)
class Constant:
    value: Any


@dataclass(frozen=True)
class Unsupported:
    reason: str


Resolved = Builtin | ModuleRef | RecordClass | PythonFunction | GradOf | Constant | Unsupported
