"""Scalar primitives with Python's semantics: arithmetic, comparisons, logic,
bitwise operations and conversions.

The reference implementations are Python's own operators, so the interpreter
agrees with CPython by construction (``//`` and ``%`` keep Python's signs).
"""

from __future__ import annotations

import operator
from typing import Any

from myia.dialects.primitive import primitive


def _binary(name: str, fn: Any, doc: str) -> None:
    def impl(a: Any, b: Any) -> Any:
        return fn(a, b)

    impl.__doc__ = doc
    impl.__name__ = name
    primitive(name, 2)(impl)


def _unary(name: str, fn: Any, doc: str) -> None:
    def impl(a: Any) -> Any:
        return fn(a)

    impl.__doc__ = doc
    impl.__name__ = name
    primitive(name, 1)(impl)


for _name, _fn, _doc in [
    ("add", operator.add, "a + b"),
    ("sub", operator.sub, "a - b"),
    ("mul", operator.mul, "a * b"),
    ("truediv", operator.truediv, "a / b (always a float for Python numbers)"),
    ("floordiv", operator.floordiv, "a // b, rounding toward negative infinity"),
    ("mod", operator.mod, "a % b, with the sign of b"),
    ("pow", operator.pow, "a ** b"),
    ("matmul", operator.matmul, "a @ b"),
    ("eq", operator.eq, "a == b"),
    ("ne", operator.ne, "a != b"),
    ("lt", operator.lt, "a < b"),
    ("le", operator.le, "a <= b"),
    ("gt", operator.gt, "a > b"),
    ("ge", operator.ge, "a >= b"),
    ("bitand", operator.and_, "a & b"),
    ("bitor", operator.or_, "a | b"),
    ("bitxor", operator.xor, "a ^ b"),
    ("lshift", operator.lshift, "a << b"),
    ("rshift", operator.rshift, "a >> b"),
    ("is", operator.is_, "a is b (only meaningful for None)"),
    ("is_not", operator.is_not, "a is not b (only meaningful for None)"),
]:
    _binary(_name, _fn, _doc)

for _name, _fn, _doc in [
    ("neg", operator.neg, "-a"),
    ("pos", operator.pos, "+a"),
    ("invert", operator.invert, "~a"),
    ("not", operator.not_, "not a"),
    ("truth", bool, "bool(a): Python's truth value, as tested by if and while"),
    ("abs", abs, "abs(a)"),
    ("int", int, "int(a), truncating floats toward zero"),
    ("float", float, "float(a)"),
]:
    _unary(_name, _fn, _doc)


@primitive("min", 2)
def _min(a: Any, b: Any) -> Any:
    """min(a, b): the first of the smallest, as Python's builtin."""
    return min(a, b)


@primitive("max", 2)
def _max(a: Any, b: Any) -> Any:
    """max(a, b): the first of the largest, as Python's builtin."""
    return max(a, b)


@primitive("round", 1)
def _round(a: Any) -> Any:
    """round(a): to the nearest integer, ties to even; an int for Python floats."""
    return round(a)


@primitive("select", 3)
def _select(cond: Any, a: Any, b: Any) -> Any:
    """a if cond else b, with both already evaluated (cond is a Bool)"""
    return a if cond else b


@primitive("cast", 1)
def _cast(a: Any) -> Any:
    """Convert a value to the op's result type (inserted by specialization where
    types meet: weak constants, promoted operands, joined branches)"""
    return a
