"""Which primitive ops may raise: the ``raises`` rule of every primitive.

An op that may raise is never dead code: DCE, canonicalization, the gradient
transform's pruning of dead results and the inliner keep it even when nothing
uses its result, and it is not speculated (see
:class:`myia.dialects.primitive.MayRaise`). A rule is ``rule(op) -> bool``: it
sees the op's operand and result types, its constant operands and its
properties, and answers whether *some* run of the op may raise on *some*
backend. It must say True whenever the interpreter's implementation or the
op's lowering may raise; saying True where neither does only costs
optimization. A primitive without a rule is assumed to raise.

The rules follow what the backends do:

* Python scalars (``!myia.any`` operands, and ``checked`` typed ops): division
  and modulo by zero (``ZeroDivisionError``); Python-int arithmetic that does
  not fit 64 bits (``OverflowError``); powers of Python floats (CPython's
  ``ZeroDivisionError``, ``OverflowError``, and ``ValueError`` where CPython's
  result is complex).
* Scalars in general: ints to a negative power and negative shift counts
  (``ValueError``); ``int``/``round`` of NaN or infinity (``ValueError``,
  ``OverflowError``); indexing lists, tuples and ranges at run time
  (``IndexError``). numpy's scalars (typed ops without ``checked``) divide by
  zero as numpy does: 0 for ints, inf or nan for floats.
* Arrays follow numpy: elementwise arithmetic never raises (division by zero
  gives inf or nan); what raises is a size known only at run time that does
  not match (``ValueError``), an index out of range (``IndexError``), and the
  maximum of an empty array.
* Python's ``math`` functions (``math_sqrt``, ``math_log``...) raise CPython's
  ValueError and OverflowError where CPython's do (``MATH_ERRORS``); numpy's
  (``sqrt``, ``log``...) give NaN or infinities and never raise.

Register a rule for a new primitive with :func:`raise_rule`; ``never`` is the
rule of primitives that cannot raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute, SSAValue

from myia.dialects import (  # noqa: F401 - the primitives
    prims_array,
    prims_checks,
    prims_index,
    prims_kernels,
    prims_list,
    prims_math,
    prims_reduce,
    prims_scalar,
    prims_seq,
    prims_shape,
)
from myia.dialects.ops_value import ConstOp
from myia.dialects.primitive import PRIMITIVES, PrimOp
from myia.dialects.prims_math import BINARY_MATH, MATH_ERRORS, PYTHON_MATH, UNARY_MATH
from myia.dialects.types import AnyType

RaiseRule = Callable[[PrimOp], bool]


def raise_rule(*names: str) -> Callable[[RaiseRule], RaiseRule]:
    """Register ``rule(op) -> bool`` (whether ``op`` may raise) for primitives
    ``names``."""

    def register(rule: RaiseRule) -> RaiseRule:
        for name in names:
            PRIMITIVES[name].rules["raises"] = rule
        return rule

    return register


def never(op: PrimOp) -> bool:
    """The rule of primitives that cannot raise."""
    return False


def always(op: PrimOp) -> bool:
    """The rule of primitives that may raise whatever their operands."""
    return True


# ---------------------------------------------------------------------------
# Operand types and constants


def _untyped(t: Attribute) -> bool:
    return isinstance(t, AnyType)


def _is_float(t: Attribute) -> bool:
    return isinstance(t, Float16Type | Float32Type | Float64Type)


def _is_unsigned(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and (
        t.signedness.data == Signedness.UNSIGNED or t.width.data == 1
    )


def _has_dynamic_size(t: Attribute) -> bool:
    """Whether ``t`` is (or holds, in tuples) an array with a size known only at
    run time."""
    if isinstance(t, TensorType):
        return any(d < 0 for d in t.get_shape())
    if isinstance(t, TupleType):
        return any(_has_dynamic_size(e) for e in t.types.data)
    return False


def _holds_int(t: Attribute) -> bool:
    """Whether ``t`` is (or holds, in tuples) an integer scalar."""
    if isinstance(t, IntegerType):
        return t.width.data > 1
    if isinstance(t, TupleType):
        return any(_holds_int(e) for e in t.types.data)
    return False


def constant(value: SSAValue) -> Any:
    """The number a ``myia.const`` operand holds, or None."""
    op = value.owner
    if isinstance(op, ConstOp) and isinstance(op.value, IntegerAttr | FloatAttr):
        return op.value.value.data
    return None


def _arrays(op: PrimOp) -> list[Attribute]:
    return [v.type for v in op.operands if isinstance(v.type, TensorType)]


def sizes_checked_at_run_time(op: PrimOp) -> bool:
    """Whether the op's array operands must be checked against each other at
    run time (two arrays or more, one of them with a size known only then): a
    mismatch is numpy's ValueError."""
    arrays = _arrays(op)
    return len(arrays) > 1 and any(_has_dynamic_size(t) for t in arrays)


def _any_untyped(op: PrimOp) -> bool:
    return any(_untyped(v.type) for v in op.operands)


# ---------------------------------------------------------------------------
# Scalars (and the same primitives on arrays: numpy's elementwise semantics)


@raise_rule("add", "sub", "mul", "neg", "abs")
def _overflow(op: PrimOp) -> bool:
    """Python ints overflow the 64 bits (``checked``); the rest wraps around
    (numpy's ints) or gives infinities (floats)."""
    if _arrays(op):
        return sizes_checked_at_run_time(op)
    return op.checked is not None


@raise_rule("truediv", "floordiv", "mod")
def _division(op: PrimOp) -> bool:
    """On Python scalars (``checked``), division by zero raises, unless the divisor
    is a constant other than 0 (and other than -1 for floor division of Python
    ints: ``-2**63 // -1``); numpy's scalars give 0, inf or nan."""
    if _arrays(op):
        return sizes_checked_at_run_time(op)
    if len(op.operands) != 2:
        return True
    if op.checked is None and not _any_untyped(op):
        return False
    divisor = constant(op.operands[1])
    if divisor is None or divisor == 0:
        return True
    return op.PRIMITIVE.name == "floordiv" and not _is_float(op.result.type) and divisor == -1


@raise_rule("pow")
def _pow(op: PrimOp) -> bool:
    """An int to a negative power raises (ValueError in typed code, where the
    result cannot become a float), and so does a ``checked`` power that does not
    fit. A power of Python floats (``checked``) raises CPython's errors but for
    the exponents 0 and 1; numpy's float powers give inf or nan. Untyped,
    Python's ``0 ** -1`` and ``0.0 ** -1.0`` raise."""
    if _arrays(op):
        return sizes_checked_at_run_time(op)
    if len(op.operands) != 2:
        return True
    base, exponent = (v.type for v in op.operands)
    if _untyped(base) or _untyped(exponent):
        return True
    k = constant(op.operands[1])
    if _is_float(op.result.type):
        return op.checked is not None and k not in (0, 1)
    if op.checked is not None:
        return k not in (0, 1)
    if k is None:
        return not _is_unsigned(exponent)
    return k < 0


@raise_rule("lshift", "rshift")
def _shift(op: PrimOp) -> bool:
    """A negative shift count raises ValueError (counts of unsigned types are
    never negative); a ``checked`` left shift may not fit."""
    if _arrays(op):
        return sizes_checked_at_run_time(op)
    if len(op.operands) != 2:
        return True
    count_type = op.operands[1].type
    k = constant(op.operands[1])
    if op.checked is not None:
        return k != 0
    if _is_unsigned(count_type):
        return False
    return k is None or k < 0


@raise_rule("int", "round")
def _to_int(op: PrimOp) -> bool:
    """NaN and infinities cannot become ints (and untyped, neither can strings
    that are not numbers)."""
    (x,) = op.operands or (None,)
    return x is None or _untyped(x.type) or _is_float(x.type)


@raise_rule("float")
def _to_float(op: PrimOp) -> bool:
    """Untyped, a Python int too large for a float raises OverflowError."""
    return _any_untyped(op)


@raise_rule("cast")
def _cast(op: PrimOp) -> bool:
    """A float to an i64 raises for NaN, infinities and values out of range; a
    ``checked`` cast (a numpy ``uint64`` to a Python int) when it does not fit."""
    if op.checked is not None:
        return True
    if len(op.operands) != 1:
        return True
    source, target = op.operands[0].type, op.result.type
    return (
        _is_float(source)
        and isinstance(target, IntegerType)
        and target.width.data == 64
        and not _is_unsigned(target)
    )


@raise_rule(
    "eq", "ne", "lt", "le", "gt", "ge", "bitand", "bitor", "bitxor", "invert", "not", "pos",
    "min", "max", "where", "clip", "astype", "sign", "select", "divide", "power",
)  # fmt: skip
def _elementwise(op: PrimOp) -> bool:
    """Never on scalars; on arrays, sizes that do not match."""
    return sizes_checked_at_run_time(op)


@raise_rule(*UNARY_MATH, *BINARY_MATH)
def _numpy_math(op: PrimOp) -> bool:
    """numpy's functions give NaN or infinities outside their domain; arrays of
    sizes that do not match raise."""
    return sizes_checked_at_run_time(op)


@raise_rule(*(f"math_{name}" for name in PYTHON_MATH))
def _python_math(op: PrimOp) -> bool:
    """``math.f`` on a Python float raises where CPython's does (a domain or a
    range error), except the functions that never do."""
    return op.PRIMITIVE.name.removeprefix("math_") in MATH_ERRORS


raise_rule("is", "is_not", "truth", "len", "slice", "contains", "zip", "enumerate", "iter",
           "hasnext")(never)  # fmt: skip


@raise_rule("next")
def _next(op: PrimOp) -> bool:
    """Typed, ``next`` is expanded where ``hasnext`` held; untyped, an exhausted
    iterator would raise."""
    return _any_untyped(op)


@raise_rule("range")
def _range(op: PrimOp) -> bool:
    """``range(a, b, 0)`` raises ValueError."""
    step = constant(op.operands[2]) if len(op.operands) == 3 else None
    return step is None or step == 0


# Sequences indexed at run time: IndexError.
raise_rule("getitem", "list_getitem", "tuple_index", "range_index")(always)
raise_rule("check_float")(always)  # (what it is for)

# ---------------------------------------------------------------------------
# Arrays


@raise_rule("matmul", "dot", "reshape", "broadcast_to", "squeeze", "concatenate", "stack", "full")
def _sizes(op: PrimOp) -> bool:
    """Sizes known only at run time may not fit (ValueError)."""
    return _any_untyped(op) or any(
        _has_dynamic_size(t) for t in [*(v.type for v in op.operands), op.result.type]
    )


@raise_rule("amax", "amin", "argmax", "argmin")
def _extremum(op: PrimOp) -> bool:
    """The maximum of an empty array raises ValueError."""
    x = op.operands[0].type if op.operands else None
    if not isinstance(x, TensorType):
        return x is None or _untyped(x)
    return any(d <= 0 for d in x.get_shape())


@raise_rule("array_getitem")
def _array_getitem(op: PrimOp) -> bool:
    """An int index may be out of range (IndexError)."""
    return any(_untyped(v.type) or _holds_int(v.type) for v in op.operands[1:])


@raise_rule("array_map")
def _array_map(op: PrimOp) -> bool:
    """A fused kernel: elementwise operations with numpy's semantics."""
    return sizes_checked_at_run_time(op)


@raise_rule("array_reduce")
def _array_reduce(op: PrimOp) -> bool:
    """A fused kernel and its reduction (which may be a maximum, of no elements)."""
    return any(
        _has_dynamic_size(v.type) or (isinstance(v.type, TensorType) and 0 in v.type.get_shape())
        for v in op.operands
    )


raise_rule("sum", "mean", "prod", "sum_to_shape", "transpose", "expand_dims", "array_shape",
           "array_setitem", "shape_args")(never)  # fmt: skip

# ---------------------------------------------------------------------------
# Lists

raise_rule("make_list", "list_append", "list_concat", "list_slice", "list_repeat", "list_set",
           "list_contains")(never)  # fmt: skip

# ``tree_map`` applies a function (inference expands it): it keeps the default.
