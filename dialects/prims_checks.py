"""Run-time checks that passes insert (``myia-check-nans``): primitives that
raise unless a condition holds, and compute nothing else."""

from __future__ import annotations

from typing import Any

from myia.dialects.abstract import AbstractNone
from myia.dialects.primitive import infer_rule, primitive


@primitive("check_float", 2)
def check_float(ok: bool, message: str) -> None:
    """check_float(ok, message): raise FloatingPointError(message) unless ok (a
    bool); myia-check-nans inserts it after each op that produces floats."""
    if not ok:
        raise FloatingPointError(message)


@infer_rule("check_float")
def _infer_check_float(args: list, op: Any) -> AbstractNone:
    return AbstractNone()
