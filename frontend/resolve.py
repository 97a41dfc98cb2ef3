"""What the Python objects a function refers to by name (its globals, its
closure cells, the builtins) mean to myia.

Resolution happens at parse time: ``math.sin`` becomes the ``math_sin`` primitive,
``math.pi`` a constant, a module-level function a call to its parsed version, a
dataclass a record constructor, a :class:`~myia.dialects.primitive.Primitive`
(what ``@primitive`` returns, as a plugin declares one) a call of that
primitive. Anything else is rejected with the name.
"""

from __future__ import annotations

import builtins
import dataclasses
import math
import sys
import types
from typing import Any

import numpy as np

from myia.dialects.primitive import Primitive
from myia.dialects.prims_math import BINARY_MATH, UNARY_MATH
from myia.frontend.numpy_api import is_numpy_name, numpy_constant
from myia.frontend.resolved import (
    Builtin,
    Constant,
    GradOf,
    ModuleRef,
    PythonFunction,
    RecordClass,
    Resolved,
    Unsupported,
)

MYIA_API = ("grad", "value_and_grad", "tree_map")

PRIMITIVE_PREFIX = "prim:"
"""How the :class:`Builtin` of a declared primitive is named (``prim:softplus``)."""


def _is_myia_api(value: Any) -> bool:
    name = getattr(value, "__name__", None)
    if name not in MYIA_API:
        return False
    # The API sits above the frontend, which does not import it: a value is one
    # of its functions only if the module defining it is loaded and holds it.
    module = sys.modules.get(getattr(value, "__module__", None) or "")
    return (
        module is not None
        and module.__name__ in ("myia.api", "myia.tree")
        and (getattr(module, name, None) is value)
    )


BUILTIN_FUNCTIONS = {
    "len", "abs", "min", "max", "int", "float", "bool", "round", "range", "zip",
    "enumerate", "divmod", "pow",
}  # fmt: skip
EFFECTFUL_BUILTINS = {"print", "input", "open", "exec", "eval", "setattr", "delattr"}
MATH_FUNCTIONS = set(UNARY_MATH) | set(BINARY_MATH) | {"pow", "log"}
MATH_CONSTANTS = {"pi", "e", "tau", "inf", "nan"}

CONSTANT_TYPES = (bool, int, float, str, type(None))


def resolve_object(value: Any, name: str) -> Resolved:
    """What the object ``value``, found under ``name``, means in myia code."""
    if isinstance(value, CONSTANT_TYPES):
        return Constant(value)
    if isinstance(value, tuple):
        if all(_is_constant_tree(v) for v in value):
            return Constant(value)
        return Unsupported(f"'{name}' is a tuple of values myia cannot embed as constants")
    if isinstance(value, types.ModuleType):
        return ModuleRef(value)
    if isinstance(value, Primitive):
        return Builtin(PRIMITIVE_PREFIX + value.name)
    if _is_myia_api(value):
        return Builtin(f"myia.{value.__name__}")
    if isinstance(value, np.ufunc | type) or getattr(value, "__module__", None) == "numpy":
        attr = getattr(value, "__name__", "")
        if getattr(np, attr, None) is value:  # a numpy function, or np.float32
            return resolve_numpy(attr)
    if isinstance(value, types.FunctionType):
        return PythonFunction(value)
    grad_of = getattr(value, "__myia_grad__", None)
    if grad_of is not None:
        return GradOf(*grad_of)
    wrapped = getattr(value, "__myia_function__", None)
    if isinstance(wrapped, types.FunctionType):
        return PythonFunction(wrapped)
    if isinstance(value, type) and dataclasses.is_dataclass(value):
        return RecordClass(value)
    if isinstance(value, types.BuiltinFunctionType):
        return resolve_builtin_function(value, name)
    if isinstance(value, type) and value in (int, float, bool):
        return Builtin(value.__name__)
    if value is range or value is zip or value is enumerate:
        return Builtin(value.__name__)
    if isinstance(value, type):
        return Unsupported(
            f"'{name}' is the class {value.__qualname__}; myia supports dataclasses only"
        )
    return Unsupported(f"'{name}' is a {type(value).__name__}, which myia does not support")


def resolve_builtin_function(value: Any, name: str) -> Resolved:
    module = getattr(value, "__module__", None)
    fname = getattr(value, "__name__", name)
    if module == "math":
        return resolve_math(fname)
    if value is getattr(builtins, fname, None):
        if fname in BUILTIN_FUNCTIONS:
            return Builtin(fname)
        if fname in EFFECTFUL_BUILTINS:
            return Unsupported(f"'{fname}' has side effects, which myia does not allow")
        return Unsupported(f"the builtin '{fname}' is not supported by myia")
    return Unsupported(f"'{name}' ({module}.{fname}) is not supported by myia")


def resolve_math(attr: str) -> Resolved:
    if attr in MATH_FUNCTIONS:
        return Builtin(f"math.{attr}")
    if attr in MATH_CONSTANTS:
        return Constant(getattr(math, attr))
    return Unsupported(f"math.{attr} is not supported by myia")


def resolve_numpy(attr: str) -> Resolved:
    if is_numpy_name(attr):
        return Builtin(f"np.{attr}")
    found, value = numpy_constant(attr)
    if found:
        return Constant(value)
    if attr in ("pi", "e", "inf", "nan"):
        return Constant(float(getattr(np, attr)))
    return Unsupported(f"numpy.{attr} is not supported yet")


def resolve_module_attribute(module: types.ModuleType, attr: str) -> Resolved:
    if module is math:
        return resolve_math(attr)
    if module is np:
        return resolve_numpy(attr)
    if not hasattr(module, attr):
        return Unsupported(f"module '{module.__name__}' has no attribute '{attr}'")
    return resolve_object(getattr(module, attr), f"{module.__name__}.{attr}")


def resolve_name(name: str, globals_: dict[str, Any], cells: dict[str, Any]) -> Resolved:
    """Resolve a name that is not a local variable, as Python would at run time."""
    if name in cells:
        return resolve_object(cells[name], name)
    if name in globals_:
        return resolve_object(globals_[name], name)
    if hasattr(builtins, name):
        value = getattr(builtins, name)
        if name in BUILTIN_FUNCTIONS:
            return Builtin(name)
        if name in EFFECTFUL_BUILTINS:
            return Unsupported(f"'{name}' has side effects, which myia does not allow")
        if isinstance(value, CONSTANT_TYPES):
            return Constant(value)
        return Unsupported(f"the builtin '{name}' is not supported by myia")
    return Unsupported(f"name '{name}' is not defined")


def _is_constant_tree(v: Any) -> bool:
    if isinstance(v, tuple):
        return all(_is_constant_tree(e) for e in v)
    return isinstance(v, CONSTANT_TYPES)
