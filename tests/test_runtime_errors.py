"""Run-time errors agree across backends: the same Python exception type (so
``except ZeroDivisionError`` works), which is also a located ``MyiaRuntimeError``
naming the user's source line, with CPython's message."""

from __future__ import annotations

import inspect

import pytest

import myia
from myia.errors import (
    MyiaRuntimeError,
    MyiaZeroDivisionError,
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
