"""Run-time errors agree across backends: the same Python exception type (so
``except ZeroDivisionError`` works), which is also a located ``MyiaRuntimeError``
naming the user's source line, with CPython's message."""

from __future__ import annotations

import inspect
import math
import subprocess
import sys

import numpy as np
import pytest

import myia
import myia.passes.grad
from myia.dialects import PRIMITIVES, raise_rules  # noqa: F401 - the rules
from myia.errors import (
    MyiaMemoryError,
    MyiaOverflowError,
    MyiaRuntimeError,
    MyiaUnboundLocalError,
    MyiaZeroDivisionError,
    runtime_error_class,
)

TYPED = ["interp", "cpu"]
ALL = ["interp-untyped", *TYPED]


def line_of(fn, text: str) -> int:
    """The line number of the first line of ``fn`` containing ``text``."""
    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return start + i
    raise AssertionError(f"{text!r} is not in {fn.__name__}")


# ---------------------------------------------------------------------------
# Division by zero: CPython's messages, located, MyiaZeroDivisionError


def true_div(a, b):
    return a / b


def floor_div(a, b):
    return a // b


def modulo(a, b):
    return a % b


def _python_error(fn, *args) -> str:
    try:
        fn(*args)
    except ZeroDivisionError as exc:
        return str(exc)
    raise AssertionError("no error")


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (true_div, (1.0, 0.0)),
        (floor_div, (1.0, 0.0)),
        (modulo, (1.0, 0.0)),
        (floor_div, (7, 0)),
        (modulo, (7, 0)),
    ],
)
def test_division_by_zero(backend, fn, args):
    compiled = myia.jit(fn, backend=backend)
    with pytest.raises(ZeroDivisionError) as info:
        compiled(*args)
    exc = info.value
    assert isinstance(exc, MyiaZeroDivisionError)
    assert isinstance(exc, MyiaRuntimeError)
    assert _python_error(fn, *args) in str(exc)
    assert exc.location is not None
    assert exc.location.filename == __file__
    assert exc.location.line == line_of(fn, "return")
    assert f"{__file__}:{exc.location.line}:" in str(exc)
    assert "return a" in str(exc)  # the source line is quoted


def test_float_division_message_is_not_the_integer_one():
    with pytest.raises(ZeroDivisionError, match="float division by zero"):
        myia.jit(true_div, backend="cpu")(1.0, 0.0)


def helper(x, y):
    z = x + 1.0
    return z / y


def caller(x, y):
    return helper(x, y) + 1.0


@pytest.mark.parametrize("backend", ALL)
def test_error_in_a_callee_points_at_the_callee(backend):
    with pytest.raises(ZeroDivisionError) as info:
        myia.jit(caller, backend=backend)(1.0, 0.0)
    assert info.value.location.line == line_of(helper, "return z / y")


def test_native_error_sites_are_per_operation():
    def two(a, b, c):
        x = a / b
        return x / c

    f = myia.jit(two, backend="cpu")
    with pytest.raises(ZeroDivisionError) as first:
        f(1.0, 0.0, 1.0)
    with pytest.raises(ZeroDivisionError) as second:
        f(1.0, 1.0, 0.0)
    assert first.value.location.line == line_of(two, "x = a / b")
    assert second.value.location.line == line_of(two, "return x / c")
    assert f(6.0, 2.0, 3.0) == 1.0  # and the function still works after errors


# ---------------------------------------------------------------------------
# Typed integers: both typed backends compute in i64 and raise the same errors.
# Arithmetic on Python ints is exact or raises MyiaOverflowError at the user's
# line; numpy's ints wrap around as numpy's do; the untyped interpreter keeps
# Python's unbounded ints.

I64_MAX = 2**63 - 1
I64_MIN = -(2**63)


def power(a, b):
    return a**b


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def neg(a):
    return -a


def absolute(a):
    return abs(a)


def floordiv(a, b):
    return a // b


def lshift(a, b):
    return a << b


def rshift(a, b):
    return a >> b


def to_int(x):
    return int(x)


def to_round(x):
    return round(x)


def to_floor(x):
    return math.floor(x)


def accumulate(n, k):
    s = 0
    for i in range(n):
        s = s + i * k
    return s


OVERFLOW_CASES = [
    (fact, (25,), "return 1 if n <= 1 else n * fact(n - 1)"),
    (add, (I64_MAX, 1), "return a + b"),
    (add, (I64_MIN, -1), "return a + b"),
    (sub, (I64_MIN, 1), "return a - b"),
    (sub, (0, I64_MIN), "return a - b"),
    (mul, (I64_MAX, I64_MAX), "return a * b"),
    (mul, (3037000500, 3037000500), "return a * b"),
    (mul, (-(2**62), 3), "return a * b"),
    (neg, (I64_MIN,), "return -a"),
    (absolute, (I64_MIN,), "return abs(a)"),
    (floordiv, (I64_MIN, -1), "return a // b"),
    (power, (3, 100), "return a**b"),
    (power, (-3, 41), "return a**b"),
    (power, (2, 63), "return a**b"),
    (power, (2, 10**12), "return a**b"),  # not computed
    (lshift, (1, 63), "return a << b"),
    (lshift, (3, 62), "return a << b"),
    (lshift, (1, 64), "return a << b"),
    (lshift, (-5, 1000), "return a << b"),
    (accumulate, (10, 2**60), "s = s + i * k"),
]

EXACT_CASES = [
    (fact, (20,)),
    (add, (I64_MAX - 1, 1)),
    (add, (I64_MIN, 0)),
    (sub, (-1, I64_MAX)),
    (mul, (-(2**62), 2)),
    (mul, (3037000499, 3037000499)),
    (neg, (I64_MAX,)),
    (absolute, (I64_MIN + 1,)),
    (floordiv, (I64_MIN, 1)),
    (floordiv, (I64_MIN, 2)),
    (power, (-2, 63)),
    (power, (3, 39)),
    (power, (-1, 10**12)),
    (power, (0, 10**12)),
    (power, (1, I64_MAX)),
    (power, (7, 0)),
    (lshift, (-1, 63)),
    (lshift, (0, 1000)),
    (lshift, (2**40, 22)),
    (rshift, (-5, 100)),
    (rshift, (5, 64)),
    (accumulate, (10, 2**50)),
]


def _id(v):
    return getattr(v, "__name__", repr(v))


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(("fn", "args", "line"), OVERFLOW_CASES, ids=_id)
def test_python_ints_never_wrap(backend, fn, args, line):
    """Python's result does not fit in 64 bits: MyiaOverflowError at the line."""
    with pytest.raises(OverflowError, match="integer overflow") as info:
        myia.jit(fn, backend=backend)(*args)
    exc = info.value
    assert isinstance(exc, MyiaOverflowError)
    assert exc.location is not None and exc.location.filename == __file__
    assert exc.location.line == line_of(fn, line)


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(("fn", "args"), EXACT_CASES, ids=_id)
def test_python_ints_are_exact(backend, fn, args):
    result = myia.jit(fn, backend=backend)(*args)
    assert result == fn(*args) and type(result) is int


def test_untyped_ints_are_unbounded():
    assert myia.jit(fact, backend="interp-untyped")(25) == fact(25)
    assert myia.jit(add, backend="interp-untyped")(I64_MAX, 1) == 2**63


NUMPY_CASES = [
    (fact, (25,)),
    (add, (I64_MAX, 1)),
    (add, (I64_MIN, -1)),
    (mul, (I64_MAX, I64_MAX)),
    (mul, (3037000500, 3037000500)),
    (neg, (I64_MIN,)),
    (absolute, (I64_MIN,)),
    (floordiv, (I64_MIN, -1)),
    (power, (3, 100)),
    (power, (-3, 41)),
    (lshift, (1, 63)),
    (lshift, (3, 62)),
    (lshift, (1, 64)),
    (rshift, (-5, 100)),
]


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(("fn", "args"), NUMPY_CASES, ids=_id)
@pytest.mark.parametrize("dtype", [np.int64, np.int32])
def test_numpy_ints_wrap_around(backend, fn, args, dtype):
    """numpy's fixed-width ints wrap around, as numpy computes them."""
    with np.errstate(all="ignore"):  # (the interpreter computes on numpy's scalars)
        values = tuple(np.array(a).astype(dtype)[()] for a in args)
        expected = fn(*values)
        assert myia.jit(fn, backend=backend)(*values) == expected


def test_numpy_and_python_ints_mixed():
    """A Python int with a numpy int is numpy's (NEP 50); ``int()`` of a numpy
    int is a Python int again, which never wraps; a numpy uint64 too large for
    a 64-bit Python int is an error, not a negative number."""

    def numpy_sum(a, b):
        return a + b

    def python_sum(a, b):
        return int(a) + b

    def as_int(u):
        return int(u)

    for backend in TYPED:
        with np.errstate(all="ignore"):
            assert myia.jit(numpy_sum, backend=backend)(np.int64(I64_MAX), 1) == I64_MIN
        with pytest.raises(MyiaOverflowError, match="integer overflow"):
            myia.jit(python_sum, backend=backend)(np.int64(I64_MAX), 1)
        assert myia.jit(as_int, backend=backend)(np.uint64(I64_MAX)) == I64_MAX
        with pytest.raises(MyiaOverflowError, match=r"int\(\)"):
            myia.jit(as_int, backend=backend)(np.uint64(2**64 - 1))


def first_of(t):
    return t[0]


def length(xs):
    return len(xs)


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "param"),
    [
        (add, (2**70, 1), "a"),
        (add, (1, I64_MIN - 1), "b"),
        (first_of, ((1, 2**64),), "t"),
        (length, ([1, 2**80],), "xs"),
    ],
    ids=_id,
)
def test_wide_int_arguments_are_rejected(backend, fn, args, param):
    """Python ints that do not fit in 64 bits cannot enter typed code: an error
    naming the function and the parameter, before running (the interpreter
    used to wrap them silently)."""
    with pytest.raises(
        MyiaOverflowError, match=f"{fn.__name__}\\(\\): the argument '{param}'"
    ) as info:
        myia.jit(fn, backend=backend)(*args)
    assert info.value.location is not None
    assert info.value.location.line == fn.__code__.co_firstlineno
    assert myia.jit(fn, backend="interp-untyped")(*args) == fn(*args)


def test_wide_int_arguments_of_gradients_are_rejected():
    def scaled(x, k):
        return x * (k - 2**62)

    for backend in TYPED:
        assert myia.grad(scaled, backend=backend)(1.0, 2**62 + 3) == 3.0
        with pytest.raises(MyiaOverflowError, match="the argument 'k'"):
            myia.grad(scaled, backend=backend)(1.0, 2**64)


TYPED_ERRORS = [
    (power, (2, -1), ValueError, "negative integer powers"),
    (power, (0, -3), ValueError, "negative integer powers"),
    (lshift, (1, -1), ValueError, "negative shift count"),
    (rshift, (1, -1), ValueError, "negative shift count"),
    (to_int, (float("nan"),), ValueError, "cannot convert float NaN to integer"),
    (to_int, (float("inf"),), OverflowError, "cannot convert float infinity to integer"),
    (to_int, (1e300,), OverflowError, "out of range"),
    (to_round, (float("-inf"),), OverflowError, "infinity"),
    (to_round, (1e19,), OverflowError, "out of range"),
    (to_floor, (1e20,), OverflowError, "out of range"),
]


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "exc_type", "message"),
    TYPED_ERRORS,
    ids=lambda v: getattr(v, "__name__", repr(v)),
)
def test_typed_int_errors_agree(backend, fn, args, exc_type, message):
    with pytest.raises(exc_type, match=message) as info:
        myia.jit(fn, backend=backend)(*args)
    exc = info.value
    assert isinstance(exc, MyiaRuntimeError)
    assert isinstance(exc, runtime_error_class(exc_type))  # the same class on both
    assert exc.location is not None and exc.location.filename == __file__
    assert exc.location.line == line_of(fn, "return")


def test_int_power_with_a_constant_negative_exponent_is_a_float():
    def inverse(n):
        return n**-1

    for backend in TYPED:
        assert myia.jit(inverse, backend=backend)(4) == 0.25


def constant_nan_to_int(x):
    if x > 100.0:
        return int(math.nan)
    return 1


def constant_inf_floor(x):
    if x > 100.0:
        return math.floor(-math.inf)
    return 1


def constant_beyond_i64(x):
    if x > 100.0:
        return int(9.5e18)
    return 1


def constant_far_beyond_i64(x):
    if x > 100.0:
        return int(-5e299)
    return 1


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "exc_type"),
    [
        (constant_nan_to_int, ValueError),
        (constant_inf_floor, OverflowError),
        (constant_beyond_i64, OverflowError),
        (constant_far_beyond_i64, OverflowError),
    ],
    ids=_id,
)
def test_constants_that_cannot_become_ints_raise_where_they_run(backend, fn, exc_type):
    """A float constant converted to an int is folded only when it converts: NaN,
    infinities and values beyond 64 bits are converted at run time, where Python
    raises (they raised bare ValueError, OverflowError or xDSL's VerifyException
    while compiling, or wrapped around silently; found by the fuzzer)."""
    compiled = myia.jit(fn, backend=backend)
    assert compiled(1.0) == 1
    with pytest.raises(exc_type) as info:
        compiled(200.0)
    assert isinstance(info.value, MyiaRuntimeError)
    assert info.value.location.line == line_of(fn, "        return")


# ---------------------------------------------------------------------------
# Variables read before assignment: UnboundLocalError on every backend, at the
# read, naming the variable; no flags (no cost) where inference proves them bound.


def if_without_else(x):
    if x > 0:
        y = x
    return y


def used_after_join(x):
    if x > 0:
        y = x
    return y * 2 + 1


def loop_variable(n):
    for i in range(n):
        pass
    return i


def while_variable(n):
    i = 0
    while i < n:
        k = i
        i = i + 1
    return k + 1


def through_a_tuple(x):
    if x > 0:
        y = x
    t = (y, x)
    return t[0] + 1


def double(a):
    return a * 2


def through_a_call(x):
    if x > 0:
        y = x
    return double(y) + double(y)


def nested_loops(n):
    s = 0
    for i in range(n):
        for j in range(i):
            s = s + j
    return s + j


def chosen_only(x):
    if x > 0:
        y = x
    return y if x > 0 else -1


def float_variable(x):
    if x > 0.5:
        z = x * 2.0
    return z


UNBOUND_CASES = [
    (if_without_else, (3,), (-1,), "y", "return y"),
    (used_after_join, (3,), (-1,), "y", "return y * 2 + 1"),
    (loop_variable, (3,), (0,), "i", "return i"),
    (while_variable, (3,), (0,), "k", "return k + 1"),
    (through_a_tuple, (3,), (-1,), "y", "return t[0] + 1"),
    (through_a_call, (3,), (-1,), "y", "return a * 2"),
    (nested_loops, (3,), (1,), "j", "return s + j"),
    (float_variable, (1.0,), (0.0,), "z", "return z"),
]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    ("fn", "good", "bad", "name", "line"), UNBOUND_CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_unbound_variables(backend, fn, good, bad, name, line):
    compiled = myia.jit(fn, backend=backend)
    assert compiled(*good) == fn(*good)
    with pytest.raises(UnboundLocalError, match=f"local variable '{name}'") as info:
        compiled(*bad)
    exc = info.value
    assert isinstance(exc, MyiaUnboundLocalError)
    where = double if fn is through_a_call else fn
    assert exc.location is not None and exc.location.line == line_of(where, line)


@pytest.mark.parametrize("backend", ALL)
def test_an_unbound_variable_not_chosen_is_not_read(backend):
    compiled = myia.jit(chosen_only, backend=backend)
    assert compiled(2) == 2
    assert compiled(-1) == -1


def test_no_flags_when_inference_proves_variables_bound():
    """Lowered code has no definedness flag (i1 block argument or parameter)
    unless an unbound variable can reach a use."""

    def bound(n):
        s = 0
        for i in range(n):
            s = s + i
        return s

    f = myia.jit(bound, backend="cpu")
    assert f(4) == 6
    (run,) = f.specializations.values()
    text = str(run.lowered)
    assert "referenced before assignment" not in text

    g = myia.jit(loop_variable, backend="cpu")
    assert g(3) == 2
    (run,) = g.specializations.values()
    assert "referenced before assignment" in str(run.lowered)


# ---------------------------------------------------------------------------
# An operation that may raise is never dead code: Python raises there even when
# the result is unused, and so does every backend (dialects/raise_rules.py).


def unused_floordiv(a, b):
    _ = a // b
    return a


def unused_mod(a, b):
    _ = a % b
    return a


def unused_truediv(a, b):
    _ = a / b
    return a


def unused_list_index(xs, i):
    _ = xs[i]
    return i


def unused_int(x):
    _ = int(x)
    return x


def unused_round(x):
    _ = round(x)
    return x


def unused_floor(x):
    _ = math.floor(x)
    return x


def unused_sqrt(x):
    _ = math.sqrt(x)
    return x


def unused_lshift(a, b):
    _ = a << b
    return a


def unused_rshift(a, b):
    _ = a >> b
    return a


def unused_array_index(a, i):
    _ = a[i]
    return i


def divide(a, b):
    return a // b


def unused_call(a, b):
    _ = divide(a, b)
    return a


def unused_in_loop(n):
    s = 0
    for i in range(n):
        _ = n // (i - 2)
        s = s + 1
    return s


def unused_in_branch(a, b):
    if a > 0:
        _ = a // b
        return 1
    return 2


UNUSED_CASES = [
    (unused_floordiv, (3, 0), "_ = a // b"),
    (unused_floordiv, (3.0, 0.0), "_ = a // b"),
    (unused_mod, (3, 0), "_ = a % b"),
    (unused_truediv, (3.0, 0.0), "_ = a / b"),
    (unused_truediv, (3, 0), "_ = a / b"),
    (unused_list_index, ([1.0, 2.0], 5), "_ = xs[i]"),
    (unused_list_index, ([1.0, 2.0], -3), "_ = xs[i]"),
    (unused_list_index, ([None, None], 2), "_ = xs[i]"),
    (unused_int, (float("nan"),), "_ = int(x)"),
    (unused_int, (float("-inf"),), "_ = int(x)"),
    (unused_round, (float("nan"),), "_ = round(x)"),
    (unused_floor, (float("inf"),), "_ = math.floor(x)"),
    (unused_sqrt, (-1.0,), "_ = math.sqrt(x)"),
    (unused_lshift, (1, -1), "_ = a << b"),
    (unused_rshift, (1, -1), "_ = a >> b"),
    (unused_array_index, (np.zeros(3), 3), "_ = a[i]"),
    (unused_array_index, (np.zeros(3), -4), "_ = a[i]"),
    (unused_call, (3, 0), "return a // b"),
    (unused_in_loop, (5,), "_ = n // (i - 2)"),
    (unused_in_branch, (3, 0), "_ = a // b"),
]


def python_exception(fn, args) -> type[BaseException]:
    try:
        fn(*args)
    except Exception as exc:
        return type(exc)
    raise AssertionError(f"{fn.__name__}{args} does not raise in Python")


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    ("fn", "args", "line"), UNUSED_CASES, ids=lambda v: getattr(v, "__name__", repr(v))
)
def test_unused_results_still_raise(backend, fn, args, line):
    expected = python_exception(fn, args)
    with pytest.raises(expected) as info:
        myia.jit(fn, backend=backend)(*args)
    exc = info.value
    assert isinstance(exc, runtime_error_class(expected))
    where = divide if fn is unused_call else fn
    assert exc.location is not None and exc.location.line == line_of(where, line)


def guarded_division(a, b):
    if b != 0:
        _ = a // b
        return 1
    return 0


def short_circuit(a, b):
    return b != 0 and a // b > 1


def conditional_expression(a, b):
    return a // b if b != 0 else -1


def loop_not_run(a, n):
    s = 0
    for i in range(n):
        s = s + a // i
    return s


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (guarded_division, (3, 0)),
        (short_circuit, (3, 0)),
        (conditional_expression, (3, 0)),
        (loop_not_run, (3, 0)),
    ],
    ids=_id,
)
def test_ops_that_may_raise_run_only_where_python_runs_them(backend, fn, args):
    """Nothing moves an op that may raise to where Python would not run it (a
    branch not taken, the right side of an ``and``, a loop run zero times)."""
    assert myia.jit(fn, backend=backend)(*args) == fn(*args)


def grad_with_unused_floordiv(x, k):
    _ = 10 // k
    return x * x


def grad_with_unused_index(x, xs, i):
    _ = xs[i]
    return x * 3.0


def grad_with_unused_int(x, y):
    _ = int(y)
    return x * x


def grad_with_unused_loop(x, n):
    s = x
    for i in range(n):
        _ = n // i
        s = s * x
    return s


def grad_with_unused_closure(x):
    def inner(y):
        _ = y // 0.0
        return y * 3.0

    return inner(x) * x


GRAD_CASES = [
    (grad_with_unused_floordiv, (1.5, 0), (1.5, 3)),
    (grad_with_unused_index, (1.5, [1.0], 5), (1.5, [1.0], 0)),
    (grad_with_unused_int, (1.5, float("nan")), (1.5, 2.5)),
    (grad_with_unused_loop, (1.5, 3), None),
    (grad_with_unused_closure, (1.5,), None),
]


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize("kind", [myia.grad, myia.value_and_grad])
@pytest.mark.parametrize(
    ("fn", "bad", "good"), GRAD_CASES, ids=lambda v: getattr(v, "__name__", None)
)
@pytest.mark.parametrize("forward", ["auto", "never"])
def test_gradients_keep_the_forward_ops_that_raise(
    backend, kind, fn, bad, good, forward, monkeypatch
):
    """The gradient needs neither the value nor the ops that raise, but Python
    runs them: the forward pass keeps them, in forward and reverse mode."""
    monkeypatch.setattr(myia.passes.grad, "FORWARD_MODE", forward)
    expected = python_exception(fn, bad)
    compiled = kind(fn, backend=backend)
    with pytest.raises(expected) as info:
        compiled(*bad)
    assert isinstance(info.value, runtime_error_class(expected))
    if good is not None:
        value = compiled(*good)
        gradient = value[1] if kind is myia.value_and_grad else value
        h = 1e-6
        shifted = [(good[0] + h, *good[1:]), (good[0] - h, *good[1:])]
        assert gradient == pytest.approx((fn(*shifted[0]) - fn(*shifted[1])) / (2 * h), rel=1e-6)


def test_every_primitive_says_whether_it_may_raise():
    """A primitive without a rule is assumed to raise (never dead code): every
    primitive but the macro ``tree_map`` has a rule, so that what cannot raise
    is still removed when unused."""
    assert [n for n, p in PRIMITIVES.items() if "raises" not in p.rules] == ["tree_map"]


# ---------------------------------------------------------------------------
# Tuples and ranges indexed at run time: negative indices from the end, and
# IndexError with CPython's message out of range.


def tuple_at(i):
    return (10, 20, 30)[i]


def tuple_arg_at(t, i):
    return t[i]


def range_at(n, i):
    return range(1, n, 3)[i]


def unused_tuple_at(i):
    _ = (10, 20, 30)[i]
    return i


INDEX_CASES = [
    *[(tuple_at, (i,)) for i in (0, 2, -1, -3, 3, 10, -4, -100)],
    *[(tuple_arg_at, ((1.5, 2.5), i)) for i in (1, -2, 2, -3)],
    *[(tuple_arg_at, ((None, None), i)) for i in (1, -2, 2, -3)],  # None: known, yet checked
    *[(range_at, (11, i)) for i in (0, 3, -1, -4, 4, -5)],
    *[(range_at, (-5, i)) for i in (0, -1)],
    *[(unused_tuple_at, (i,)) for i in (-3, 3)],
]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(("fn", "args"), INDEX_CASES, ids=lambda v: getattr(v, "__name__", repr(v)))
def test_run_time_indices_as_python(backend, fn, args):
    compiled = myia.jit(fn, backend=backend)
    try:
        expected = fn(*args)
    except IndexError as exc:
        with pytest.raises(
            IndexError, match=f"^{__file__}:{line_of(fn, '[i]')}:.*: (in {fn.__name__}: )?{exc}"
        ) as info:
            compiled(*args)
        assert isinstance(info.value, runtime_error_class(IndexError))
    else:
        assert compiled(*args) == expected


def count_range(a, b, s):
    n = 0
    for _ in range(a, b, s):
        n = n + 1
    return n


def count_by_five(a, b):
    n = 0
    for _ in range(a, b, 5):
        n = n + 1
    return n


def count_down_by_three(a, b):
    n = 0
    for _ in range(a, b, -3):
        n = n + 1
    return n


RANGE_ENDS = [
    (count_range, (I64_MAX - 3, I64_MAX, 5)),
    (count_range, (I64_MAX - 20, I64_MAX - 1, 7)),
    (count_range, (I64_MIN + 3, I64_MIN, -5)),
    (count_range, (I64_MIN, I64_MAX, I64_MAX)),
    (count_range, (I64_MAX, I64_MIN, -I64_MAX)),
    (count_range, (I64_MAX - 3, I64_MAX, 1)),
    (count_by_five, (I64_MAX - 12, I64_MAX)),
    (count_down_by_three, (I64_MIN + 5, I64_MIN)),
]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(("fn", "args"), RANGE_ENDS, ids=_id)
def test_range_counters_never_wrap(backend, fn, args):
    """A range ending within a step of the 64-bit limits: its counter does not
    wrap around (which would go on looping) past the last element."""
    assert myia.jit(fn, backend=backend)(*args) == fn(*args)


# ---------------------------------------------------------------------------
# Arrays too large: numpy's ValueError past 2**63 bytes, MemoryError when the
# memory is not there (on cpu, checked by the compiled code itself). The sizes
# are 2**47 bytes, the whole address space of a process on x86-64: no machine
# has them, even one that overcommits memory.


def zeros(n):
    a = np.zeros((n,))
    return a[0]


def ones_square(n):
    a = np.ones((n, n))
    return np.sum(a)


def zeros_static():
    return np.zeros((1 << 44,))


def negative(n):
    return np.zeros((n, 2))


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "text"),
    [(zeros, (1 << 44,), "np.zeros"), (ones_square, (1 << 22,), "np.ones")],
)
def test_allocations_too_large_raise_memory_error_at_the_line(backend, fn, args, text):
    with pytest.raises(MyiaMemoryError) as info:
        myia.jit(fn, backend=backend)(*args)
    assert isinstance(info.value, MemoryError)  # (except MemoryError catches it)
    assert str(info.value).startswith(f"{__file__}:{line_of(fn, text)}:")


ZEROS_2_40 = """
import numpy as np
import myia
from myia.errors import MyiaMemoryError


def zeros_2_40():
    return np.zeros((1 << 40,))


for backend in ("interp", "cpu"):
    try:
        myia.jit(zeros_2_40, backend=backend)()
    except MyiaMemoryError as err:
        print(backend, str(err).splitlines()[0])
"""


def test_the_issue_allocation_raises_a_located_memory_error(tmp_path):
    """``np.zeros((1 << 40,))`` (8 TiB) raised numpy's bare MemoryError. In a
    process whose address space is limited to 16 GiB, so that it fails on every
    machine (one that overcommits memory would give 8 TiB and then fill it)."""
    script = tmp_path / "zeros_2_40.py"
    script.write_text(ZEROS_2_40)
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 34, 1 << 34))"
    run_it = f"import runpy; runpy.run_path({str(script)!r})"
    run = subprocess.run(
        [sys.executable, "-c", f"{limit}; {run_it}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    interp, cpu = run.stdout.splitlines()
    assert interp.startswith(f"interp {script}:8:12: in zeros_2_40: Unable to allocate 8.00 TiB")
    assert cpu == f"cpu {script}:8:12: out of memory: unable to allocate this array"


def test_the_arena_survives_an_allocation_that_fails():
    """The failing request replaced an unused chunk of the arena too small for
    it, and left the freed chunk in the arena's list: the next calls crashed."""
    f = myia.jit(ones_square, backend="cpu")
    assert f(100) == 10_000.0  # the arena has a chunk now
    with pytest.raises(MemoryError):
        f(1 << 22)
    for n in (100, 300, 600):  # 80 KB, 720 KB, 2.9 MB
        assert f(n) == n * n


def test_a_static_shape_too_large_raises_memory_error_at_the_line():
    """(cpu: numpy allocates the arrays of static shape a call returns before
    the call; it leaves this one to the compiled code.)"""
    line = line_of(zeros_static, "np.zeros")
    with pytest.raises(MyiaMemoryError, match="out of memory") as info:
        myia.jit(zeros_static, backend="cpu")()
    assert str(info.value).startswith(f"{__file__}:{line}:")
    with pytest.raises(MyiaMemoryError, match="Unable to allocate") as info:
        myia.jit(zeros_static, backend="interp")()
    assert str(info.value).startswith(f"{__file__}:{line}:")


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "message"),
    [
        (zeros, (1 << 62,), "array is too big"),
        (ones_square, (1 << 31,), "array is too big"),
        (negative, (-1,), "negative dimensions are not allowed"),
    ],
)
def test_impossible_shapes_raise_numpy_value_error(backend, fn, args, message):
    """Sizes whose product wraps around 64 bits used to allocate nothing and
    write anywhere (a crash, or a wrong result) on cpu."""
    with pytest.raises(ValueError, match=message) as info:
        fn(*args)  # numpy's own
    with pytest.raises(ValueError, match=message) as info:
        myia.jit(fn, backend=backend)(*args)
    assert isinstance(info.value, MyiaRuntimeError)
    text = "np.ones" if fn is ones_square else "np.zeros"
    assert str(info.value).startswith(f"{__file__}:{line_of(fn, text)}:")
