"""Finite differences for the gradient checks, and where not to trust them.

A derivative is estimated by central differences in float64 at two step sizes,
``h`` and ``h/2``, and extrapolated (Richardson). The estimate is *refused*
(the point is skipped) when the function is not smooth around the point:

* a jump (a branch switching between ``x - h`` and ``x + h``): the two central
  differences disagree, or a third one at a much smaller step disagrees (jumps
  closer together than ``h``, as ``floor`` or ``%`` of a small period make);
* a kink (``abs``, ``max``, a branch switching at ``x`` itself): the one-sided
  differences disagree by about the same amount at both step sizes, where at a
  smooth point their gap halves with the step;
* the function raises or is not finite at one of the points;
* the program's *path* (its branches and the decisions of its piecewise
  functions: comparisons, min/max, abs, floor...) differs between the points:
  this catches what the tests above miss (jumps closer together than the
  smallest step, a branch whose sides meet at the point).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from fuzz.oracle import PROGRAM_ERRORS, Invalid

EPS = float(np.finfo(np.float64).eps)
#: Relative step (of max(1, |x|)), at most MAX_STEP: functions such as floor
#: jump every unit, and a step of that size would see a slope of one.
STEP = 1e-4
MAX_STEP = 1e-3
#: A third, smaller step (h / TINY) must agree too.
TINY = 50
#: Points farther from zero are not checked (the step would be too coarse).
MAX_ABS = 1e6
#: Relative tolerance of a gradient against the extrapolated difference.
RTOL = 1e-5


@dataclass(frozen=True)
class Estimate:
    value: float
    #: Absolute tolerance of a comparison with the estimate.
    tolerance: float


def _evaluate(
    f: Callable[..., tuple[Any, Any]], args: tuple, i: int, x: float, index: Any
) -> tuple[float, Any] | None:
    moved = list(args)
    if index is None:
        moved[i] = x
    else:
        array = np.array(args[i], copy=True)
        array[index] = x
        moved[i] = array
    try:
        value, path = f(*moved)
    except (*PROGRAM_ERRORS, Invalid):
        return None
    value = float(value)
    return (value, path) if math.isfinite(value) else None


def derivative(
    f: Callable[..., tuple[Any, Any]], args: tuple, i: int, index: Any = None
) -> Estimate | None:
    """d f(*args) / d args[i] (its element ``index`` for an array), or None where
    finite differences cannot be trusted. ``f`` returns its value and its path
    (:class:`fuzz.oracle.TracedFunction`; None if it has none): where the path
    differs between the points, a branch or a piecewise function switches."""
    x0 = float(args[i] if index is None else args[i][index])
    if not math.isfinite(x0) or abs(x0) > MAX_ABS:
        return None
    h = min(STEP * max(1.0, abs(x0)), MAX_STEP)
    tiny = h / TINY
    points = [x0 - h, x0 - h / 2, x0 - tiny, x0, x0 + tiny, x0 + h / 2, x0 + h]
    evaluations = [_evaluate(f, args, i, x, index) for x in points]
    if any(e is None for e in evaluations):
        return None
    if len({repr(e[1]) for e in evaluations}) > 1:  # type: ignore[index]
        return None  # the path changes: a branch, a kink, a jump
    values = [e[0] for e in evaluations]  # type: ignore[index]
    fm1, fm2, fm3, f0, fp3, fp2, fp1 = values
    noise = 8 * EPS * max(abs(v) for v in values) / h  # type: ignore[arg-type]
    c1 = (fp1 - fm1) / (2 * h)
    c2 = (fp2 - fm2) / h
    c3 = (fp3 - fm3) / (2 * tiny)
    if abs(c1 - c2) > 1e-3 * max(abs(c1), abs(c2)) + 100 * noise:
        return None  # a jump, or curvature too strong for this step
    if abs(c3 - c2) > 1e-3 * max(abs(c3), abs(c2)) + 100 * TINY * noise:
        return None  # jumps closer together than the step (floor, % of a small period)
    gap1 = (fp1 - f0) - (f0 - fm1)
    gap2 = 2 * ((fp2 - f0) - (f0 - fm2))
    floor = 1e-6 * max(1.0, abs(c2)) * h + 100 * noise * h
    if abs(gap1) > floor and abs(gap2) > 0.75 * abs(gap1):
        return None  # a kink
    estimate = (4 * c2 - c1) / 3
    return Estimate(estimate, 1000 * noise + abs(c1 - c2))


def gradient_difference(estimate: Estimate, gradient: Any) -> str | None:
    """How a gradient differs from the estimate (None: it agrees)."""
    try:
        g = float(gradient)
    except (TypeError, ValueError):
        return f"gradient {gradient!r} is not a float"
    if not math.isfinite(g):
        return f"gradient {g!r}, finite differences give {estimate.value!r}"
    tolerance = RTOL * max(abs(g), abs(estimate.value)) + estimate.tolerance
    if abs(g - estimate.value) > tolerance:
        return f"gradient {g!r}, finite differences give {estimate.value!r} (tolerance {tolerance:.3g})"
    return None
