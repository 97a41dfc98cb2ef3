"""The interpreter's handler of primitive ops: each runs the primitive's reference
implementation, with the semantics of typed integers and floats that compiled code
has (wrapping, checked overflow, Python's or numpy's float errors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from xdsl.dialects.builtin import Float16Type, Float32Type, Float64Type, IntegerType, Signedness
from xdsl.ir import Attribute

from myia.dialects import PRIMITIVES, PrimOp
from myia.dialects.abstract import dtype_of_type
from myia.dialects.primitive import FLOAT_CHECKED
from myia.dialects.rules_util import overflow_message
from myia.dialects.types import ListType
from myia.errors import (
    COMPLEX_POWER,
    FLOAT_INF_TO_INT,
    FLOAT_NAN_TO_INT,
    FLOAT_OUT_OF_I64,
    NEGATIVE_POWER_MESSAGE,
    NEGATIVE_SHIFT,
    MyiaIRError,
)
from myia.frontend.numpy_api import NUMPY_UFUNCS
from myia.runtime.interpreter_ops import scalar_converter
from myia.runtime.interpreter_steps import (
    Step,
    StepBuilder,
    check_defined,
    gather_slots,
    register_op,
)
from myia.runtime.myia_values import Undefined
from myia.tree import tree_map

# ---------------------------------------------------------------------------
# Typed integers
#
# In typed code (the ``interp`` and ``cpu`` backends) an ``i64`` is a 64-bit
# machine integer, and the interpreter computes what compiled code computes:
# arithmetic on Python ints (ops marked ``checked``) is exact or raises
# OverflowError; numpy's int64 arithmetic wraps around (two's complement:
# ``np.int64(2**63 - 1) + 1 == -2**63``); an int to a negative int power known only
# at run time is a MyiaValueError (Python's float result has no place in an
# int-typed value); shifts by 64 or more give 0 (or -1) and negative shift counts
# raise ValueError as in Python; a float converted to an int (int(), round(),
# math.floor()...) raises for NaN, infinities and values out of range, with
# Python's messages. Untyped code (``interp-untyped``) keeps Python's unbounded
# ints.

I64_MIN = -(1 << 63)
I64_MAX = (1 << 63) - 1
_I64_MODULUS = 1 << 64


def wrap_i64(v: Any) -> Any:
    """``v`` wrapped to a 64-bit two's complement int (ints only)."""
    if v.__class__ is int and not I64_MIN <= v <= I64_MAX:
        return (v - I64_MIN) % _I64_MODULUS + I64_MIN
    return v


def float_to_i64(x: Any) -> int:
    """A float's integer part as an i64; NaN, infinities and values out of range
    raise (ValueError, OverflowError) as compiled code does."""
    if x != x:
        raise ValueError(FLOAT_NAN_TO_INT)
    if not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        raise OverflowError(FLOAT_INF_TO_INT if x in (_INF, -_INF) else FLOAT_OUT_OF_I64)
    return int(x)


_INF = float("inf")


def to_i64(x: Any) -> int:
    """``myia.cast`` to i64: floats as :func:`float_to_i64`, ints wrapped."""
    if isinstance(x, float | np.floating):
        return float_to_i64(x)
    return wrap_i64(int(x))


def _is_int_type(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.width.data > 1


def _is_i64(t: Attribute) -> bool:
    return (
        isinstance(t, IntegerType)
        and t.width.data == 64
        and t.signedness.data != Signedness.UNSIGNED
    )


_WRAPPING = frozenset({"add", "sub", "mul", "floordiv", "neg", "abs", "pos"})
_INLINE_WRAPPING = frozenset({"add", "sub", "mul"})


def typed_int_impl(
    name: str, impl: Callable[..., Any], result: Attribute, checked: bool = False
) -> Callable[..., Any]:
    """The implementation of primitive ``name`` giving a value of type ``result``:
    ``impl`` itself, or a version with the semantics of typed integers (above)
    and floats (below)."""
    if isinstance(result, Float64Type) and name in FLOAT_CHECKED:
        return (PYTHON_FLOAT_IMPLS if checked else NUMPY_FLOAT_IMPLS)[name]
    if not _is_int_type(result):
        return impl
    if checked:
        return checked_int_impl(name, impl)
    i64 = _is_i64(result)
    if name in ("floordiv", "mod"):
        # numpy's ints, computed by numpy: 0 for a zero divisor, INT_MIN // -1
        # wraps around (and numpy warns).
        np_type = np.dtype(dtype_of_type(result)).type

        def int_divmod(x: Any, y: Any) -> Any:
            return impl(np_type(x), np_type(y))

        return int_divmod
    if name == "pow":

        def int_pow(x: Any, y: Any) -> Any:
            if y < 0:
                raise ValueError(NEGATIVE_POWER_MESSAGE)
            if i64 and x.__class__ is int and y.__class__ is int:
                return wrap_i64(pow(x, y, _I64_MODULUS))
            return impl(x, y)

        return int_pow
    if not i64:
        return impl  # numpy's fixed-width ints wrap by themselves
    if name in _WRAPPING:
        if impl.__code__.co_argcount == 1:
            return lambda x: wrap_i64(impl(x))
        return lambda x, y: wrap_i64(impl(x, y))
    if name == "lshift":

        def lshift(x: Any, y: Any) -> Any:
            if y < 0:
                raise ValueError(NEGATIVE_SHIFT)
            return 0 if y >= 64 else wrap_i64(impl(x, y))

        return lshift
    if name == "round":
        return _round_to_i64
    return impl


# ---------------------------------------------------------------------------
# Typed floats
#
# An f64 is a Python float (or a numpy float64: the interpreter does not convert
# values whose type does not change), and the semantics of ``/``, ``//``, ``%``
# and ``**`` come from the op, as in compiled code: ``checked`` ops compute as
# CPython does on Python floats (ZeroDivisionError, OverflowError, and a
# ValueError where CPython's power is complex), the others as numpy does on its
# float64, with numpy (inf and nan, and numpy's warnings).


def _python_float_pow(x: Any, y: Any) -> float:
    r = float(x) ** float(y)
    if r.__class__ is complex:
        raise ValueError(COMPLEX_POWER)
    return r


PYTHON_FLOAT_IMPLS: dict[str, Callable[[Any, Any], Any]] = {
    "truediv": lambda x, y: float(x) / float(y),
    "floordiv": lambda x, y: float(x) // float(y),
    "mod": lambda x, y: float(x) % float(y),
    "pow": _python_float_pow,
}

_F64 = np.float64
NUMPY_FLOAT_IMPLS: dict[str, Callable[[Any, Any], Any]] = {
    "truediv": lambda x, y: _F64(x) / _F64(y),
    "floordiv": lambda x, y: _F64(x) // _F64(y),
    "mod": lambda x, y: _F64(x) % _F64(y),
    "pow": lambda x, y: _F64(x) ** _F64(y),
}


def checked_int_impl(name: str, impl: Callable[..., Any]) -> Callable[..., Any]:
    """``impl`` on Python ints, exact, raising OverflowError when the result
    does not fit in an i64 (without computing ``2 ** 10**12`` to find out).
    Operands may be numpy ints (``int()`` of an ``np.int64`` is no op): they
    compute as Python ints."""
    message = overflow_message(name)

    def fit(v: int) -> int:
        if not I64_MIN <= v <= I64_MAX:
            raise OverflowError(message)
        return v

    if name == "pow":

        def int_pow(x: Any, y: Any) -> Any:
            x, y = int(x), int(y)
            if y < 0:
                raise ValueError(NEGATIVE_POWER_MESSAGE)
            if y > 63 and x not in (-1, 0, 1):
                raise OverflowError(message)
            return fit(x**y)

        return int_pow
    if name == "lshift":

        def lshift(x: Any, y: Any) -> Any:
            x, y = int(x), int(y)
            if y < 0:
                raise ValueError(NEGATIVE_SHIFT)
            if y > 63 and x != 0:
                raise OverflowError(message)
            return fit(x << y)

        return lshift
    if name == "cast":
        return lambda x: fit(int(x))
    if impl.__code__.co_argcount == 1:
        return lambda x: fit(impl(int(x)))
    return lambda x, y: fit(impl(int(x), int(y)))


def _round_to_i64(x: Any) -> int:
    if x != x or x in (_INF, -_INF):
        return float_to_i64(x)  # raises
    v = round(x)
    if not I64_MIN <= v <= I64_MAX:
        raise OverflowError(FLOAT_OUT_OF_I64)
    return v


@register_op(PrimOp)
def _primitive(b: StepBuilder, op: PrimOp) -> Step:
    prim = op.PRIMITIVE
    slots = b.slots(op.args)
    if not prim.accepts(len(slots)):
        raise MyiaIRError(f"{op.name} takes {prim.arity_text()}, got {len(slots)}")
    checked = op.checked is not None
    if op.numpy is not None and prim.name in NUMPY_UFUNCS:  # numpy's own (untyped code)
        impl = NUMPY_UFUNCS[prim.name]
    else:
        impl = typed_int_impl(prim.name, prim.impl, op.results[0].type, checked)
    out = b.out
    if checked and len(slots) == 2 and prim.name in _WRAPPING and _is_i64(op.results[0].type):
        # Python-int arithmetic: the overflow check inline (the common typed case).
        raw = prim.impl
        a, c = slots
        message = overflow_message(prim.name)

        def step2_checked(env: list[Any]) -> None:
            x = env[a]
            y = env[c]
            if x.__class__ is not int:  # (int() of a numpy int is no op: it is one)
                if x.__class__ is Undefined:
                    raise x.error()
                x = int(x)
            if y.__class__ is not int:
                if y.__class__ is Undefined:
                    raise y.error()
                y = int(y)
            v = raw(x, y)
            if not I64_MIN <= v <= I64_MAX:
                raise OverflowError(message)
            env[out] = v

        return step2_checked
    if len(slots) == 2 and prim.name in _INLINE_WRAPPING and _is_i64(op.results[0].type):
        # i64 arithmetic: the wrap-around check inline (numpy's int64).
        raw = prim.impl
        a, c = slots

        def step2_i64(env: list[Any]) -> None:
            x = env[a]
            y = env[c]
            if x.__class__ is Undefined:
                raise x.error()
            if y.__class__ is Undefined:
                raise y.error()
            v = raw(x, y)
            if v.__class__ is int and not I64_MIN <= v <= I64_MAX:
                v = (v - I64_MIN) % _I64_MODULUS + I64_MIN
            env[out] = v

        return step2_i64
    if len(slots) == 1:
        (a,) = slots

        def step1(env: list[Any]) -> None:
            x = env[a]
            if x.__class__ is Undefined:
                raise x.error()
            env[out] = impl(x)

        return step1
    if len(slots) == 2:
        a, c = slots

        def step2(env: list[Any]) -> None:
            x = env[a]
            y = env[c]
            if x.__class__ is Undefined:
                raise x.error()
            if y.__class__ is Undefined:
                raise y.error()
            env[out] = impl(x, y)

        return step2
    gather = gather_slots(slots)

    def step(env: list[Any]) -> None:
        args = gather(env)
        check_defined(args)
        env[out] = impl(*args)

    return step


if "cast" in PRIMITIVES:

    @register_op(PRIMITIVES["cast"].op)
    def _cast(b: StepBuilder, op: PrimOp) -> Step:
        """``myia.cast`` converts to its result type, which its reference
        implementation cannot see."""
        (src,) = b.slots(op.args)
        convert = _converter(op.results[0].type)
        if convert is to_i64 and isinstance(
            op.args[0].type, Float16Type | Float32Type | Float64Type
        ):
            # (math.floor's implementation gives an int, typed f64, to cast.)
            convert = float_to_i64
        elif op.checked is not None:  # a numpy uint64 to a Python int
            convert = checked_int_impl("cast", int)
        out = b.out

        def step(env: list[Any]) -> None:
            x = env[src]
            check_defined([x])
            env[out] = convert(x)

        return step


@register_op(PRIMITIVES["select"].op)
def _select(b: StepBuilder, op: PrimOp) -> Step:
    """``a if cond else b`` with both evaluated: only the chosen one must be
    defined (as in Python, where the other is not evaluated)."""
    if len(op.args) != 3:
        raise MyiaIRError(f"myia.select takes 3 operands, got {len(op.args)}")
    cond, a, c = b.slots(op.args)
    impl = op.PRIMITIVE.impl
    out = b.out

    def step(env: list[Any]) -> None:
        x = env[cond]
        if x.__class__ is Undefined:
            raise x.error()
        value = impl(x, env[a], env[c])
        if value.__class__ is Undefined:
            raise value.error()
        env[out] = value

    return step


def _converter(t: Attribute) -> Callable[[Any], Any]:
    from xdsl.dialects.builtin import TupleType

    if _is_i64(t):
        return to_i64
    scalar = scalar_converter(t)
    if scalar is not None:
        return scalar
    if isinstance(t, TupleType):
        parts = [_converter(e) for e in t.types.data]
        return lambda x: tuple(f(v) for f, v in zip(parts, x, strict=True))
    if isinstance(t, ListType):
        element = _converter(t.element)
        return lambda x: [element(v) for v in x]
    return lambda x: x


@register_op(PRIMITIVES["tree_map"].op)
def _tree_map(b: StepBuilder, op: PrimOp) -> Step:
    """``myia.tree_map`` on Python values (untyped code: inference expands it
    otherwise), calling the function value on each leaf."""
    interpreter = b.interpreter
    gather = gather_slots(b.slots(op.args))
    out = b.out

    def step(env: list[Any]) -> None:
        args = gather(env)
        check_defined(args)
        fn, *trees = args
        env[out] = tree_map(lambda *leaves: interpreter.apply(fn, *leaves), *trees)

    return step
