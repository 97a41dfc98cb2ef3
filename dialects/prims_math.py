"""The functions of Python's ``math`` module, as primitives.

Each keeps ``math``'s semantics, including its return types: ``math.floor`` and
``math.ceil`` of a float are ints, ``math.sqrt`` of an int is a float.
"""

from __future__ import annotations

import math

from myia.dialects.primitive import primitive

UNARY_MATH = [
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
    "asinh", "acosh", "atanh", "exp", "expm1", "log", "log1p", "log2", "log10",
    "sqrt", "floor", "ceil", "trunc", "fabs", "erf", "erfc", "gamma", "lgamma",
    "isnan", "isinf", "isfinite", "degrees", "radians",
]  # fmt: skip
BINARY_MATH = ["atan2", "hypot", "copysign", "fmod"]


def _declare(name: str, arity: int) -> None:
    fn = getattr(math, name)

    def impl(*args: float) -> float:
        return fn(*args)

    impl.__doc__ = f"math.{name}"
    impl.__name__ = name
    primitive(name, arity)(impl)


for _name in UNARY_MATH:
    _declare(_name, 1)
for _name in BINARY_MATH:
    _declare(_name, 2)
