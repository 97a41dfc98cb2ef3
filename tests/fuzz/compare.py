"""Comparing what a backend did with what CPython did.

Scalars must be equal with CPython's type (``True`` is not ``1``); floats
bit for bit (the sign of zero too; NaN equals NaN), since every float of a
scalar program is computed with CPython's own arithmetic and ``math``
functions. numpy arrays must have numpy's dtype and shape and agree within a
few ulp (:data:`ARRAY_ULPS`), plus an absolute slack proportional to the
largest intermediate value (sums may be taken in another order).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

ARRAY_ULPS = 4
#: Absolute slack, relative to the largest finite value the case computed.
ARRAY_SCALE_SLACK = 16 * np.finfo(np.float64).eps


def difference(
    expected: Any,
    actual: Any,
    scale: float = 0.0,
    path: str = "result",
    float64_as_float: bool = False,
) -> str | None:
    """Where and how ``actual`` differs from ``expected`` (None: it does not).
    ``float64_as_float``: a Python float may stand for an ``np.float64``."""
    if isinstance(expected, tuple):
        if not isinstance(actual, tuple):
            return f"{path}: a {type(actual).__name__} instead of a tuple"
        if len(actual) != len(expected):
            return f"{path}: {len(actual)} items instead of {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff = difference(e, a, scale, f"{path}[{i}]", float64_as_float)
            if diff:
                return diff
        return None
    if isinstance(expected, np.float64) and type(actual) is float and float64_as_float:
        actual = np.float64(actual)
    if isinstance(expected, np.ndarray | np.generic):
        return _array_difference(expected, actual, scale, path)
    if type(actual) is not type(expected):
        return f"{path}: {actual!r} ({type(actual).__name__}) instead of {expected!r}"
    if isinstance(expected, float):
        if math.isnan(expected) and math.isnan(actual):
            return None
        if actual == expected and math.copysign(1, actual) == math.copysign(1, expected):
            return None
        return f"{path}: {actual!r} instead of {expected!r}"
    if actual != expected:
        return f"{path}: {actual!r} instead of {expected!r}"
    return None


def kind_of(value: Any) -> str:
    """A short name of a value's kind, for failure signatures."""
    if isinstance(value, tuple):
        return "tuple"
    if isinstance(value, np.ndarray):
        return f"array[{value.dtype}]"
    if isinstance(value, np.generic):
        return f"np.{type(value).__name__}"
    return type(value).__name__


def _array_difference(expected: Any, actual: Any, scale: float, path: str) -> str | None:
    if type(actual) is not type(expected):
        return f"{path}: a {type(actual).__name__} instead of a {type(expected).__name__}"
    e, a = np.asarray(expected), np.asarray(actual)
    if a.dtype != e.dtype or a.shape != e.shape:
        return f"{path}: {a.dtype}{list(a.shape)} instead of {e.dtype}{list(e.shape)}"
    if e.dtype.kind != "f":
        if not np.array_equal(a, e):
            return f"{path}: {a!r} instead of {e!r}"
        return None
    same_nan = np.isnan(a) & np.isnan(e)
    finfo = np.finfo(e.dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        tolerance = ARRAY_ULPS * finfo.eps * np.maximum(np.abs(e), np.abs(a))
        tolerance += ARRAY_SCALE_SLACK * scale
        close = (a == e) | (np.abs(a - e) <= tolerance) | same_nan
    if not np.all(close):
        where = np.argwhere(~close)[0]
        index = tuple(int(i) for i in where)
        return f"{path}{list(index)}: {a[index]!r} instead of {e[index]!r}"
    return None
