"""The user API: myia.jit and its backends."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import pytest

import myia
from myia import MyiaError, MyiaRuntimeError, MyiaSyntaxError
from myia.api import get_backend, register_backend

# ---------------------------------------------------------------------------
# Decorator forms


@myia.jit
def add(x, y=2):
    """Add two numbers."""
    return x + y


@myia.jit(backend="interp")
def poly(x, *, k=3):
    return x * x + k * add(x)


def plain(x):
    return x - 1


def test_bare_decorator():
    assert add(1) == 3
    assert add(1, 5) == 6
    assert add(1, y=4.5) == 5.5
    assert add(y=1, x=2) == 3


def test_decorator_with_arguments_and_keyword_only():
    assert poly(2) == 2 * 2 + 3 * 4
    assert poly(2, k=1) == 2 * 2 + 4


def test_wrapper_metadata():
    assert add.__name__ == "add"
    assert add.__doc__ == "Add two numbers."
    assert add.__wrapped__.__name__ == "add"
    assert add.__myia_function__ is add.__wrapped__
    assert myia.jit(plain)(5) == 4
    assert myia.jit()(plain)(5) == 4  # jit() with no argument returns a decorator


def test_jit_of_jit_is_jit_of_the_function():
    again = myia.jit(add)
    assert again.__myia_function__ is add.__myia_function__
    assert again(1) == 3


def test_wrong_call_arguments_raise_like_python():
    with pytest.raises(TypeError):
        add()
    with pytest.raises(TypeError):
        add(1, 2, 3)


# ---------------------------------------------------------------------------
# Calls between jitted functions, closures, loops


@myia.jit
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


@myia.jit
def uses_fact(n):
    total = 0
    for i in range(n):
        total += fact(i)
    return total


def test_calls_between_jitted_functions():
    assert fact(10) == 3628800
    assert uses_fact(5) == 1 + 1 + 2 + 6 + 24


@myia.jit
def count(n):
    i = 0
    while i < n:
        i = i + 1
    return i


def test_long_loop():
    assert count(20_000) == 20_000


# ---------------------------------------------------------------------------
# Dataclasses cross the boundary


@dataclass(frozen=True)
class Affine:
    w: float
    b: float

    def apply(self, x):
        return self.w * x + self.b

    @property
    def slope(self):
        return self.w


@myia.jit
def sgd_step(model, x, y):
    err = model.apply(x) - y
    return Affine(model.w - 0.1 * err * x, model.b - 0.1 * err), err * err * model.slope


def test_dataclass_arguments_and_results():
    model, loss = sgd_step(Affine(2.0, 1.0), 1.0, 2.0)
    assert type(model) is Affine
    assert model == Affine(1.9, 0.9)
    assert loss == 2.0


@dataclass
class NoFields:
    pass


@dataclass
class OneField:
    a: float


def field_sum(one, affine, nothing):
    return one.a + affine.w + affine.b


def test_dataclasses_of_zero_one_and_two_fields_specialize_by_field_types():
    from myia.api import type_key

    assert type_key(NoFields()) == (NoFields,)
    assert type_key(OneField(1.5)) == (OneField, float)
    assert type_key(OneField(2)) == (OneField, int)
    assert type_key(Affine(1.0, 2)) == (Affine, float, int)
    f = myia.jit(field_sum)
    assert f(OneField(1.5), Affine(2.0, 1.0), NoFields()) == 4.5
    assert f(OneField(2.5), Affine(2.0, 1.0), NoFields()) == 5.5
    assert f(OneField(1), Affine(2.0, 1.0), NoFields()) == 4.0
    assert f.compilations == 2  # a float field, then an int one


# ---------------------------------------------------------------------------
# Backends


def test_default_backend_is_cpu():
    assert {"interp", "cpu"} <= set(myia.available_backends())
    assert add.__myia_backend__ == "cpu"
    assert myia.grad(lambda x: x * x)._jit.__myia_backend__ == "cpu"


def test_unknown_backend():
    with pytest.raises(MyiaError, match=r"unknown backend 'nope'; available backends: .*'interp'"):
        myia.jit(backend="nope")
    with pytest.raises(MyiaError, match="unknown backend"):
        myia.jit(plain, backend="nope")


def test_registered_backends_plug_in():
    calls = []

    def backend(module, entry, *, frontend=None):
        calls.append(entry)
        interp = get_backend("interp")(module, entry, frontend=frontend)
        return lambda *args: ("traced", interp(*args))

    register_backend("test-traced", backend)
    try:
        with pytest.raises(ValueError):
            register_backend("test-traced", backend)
        f = myia.jit(plain, backend="test-traced")
        assert calls == []  # nothing is parsed before the first call
        assert f(3) == ("traced", 2)
        assert f(4) == ("traced", 3)
        assert calls == ["plain"]  # parsed once
    finally:
        from myia import api

        del api._BACKENDS["test-traced"]


# ---------------------------------------------------------------------------
# Errors


def divide(a, b):
    return a / b


@myia.jit(backend="interp")  # a frame per call (natively, divide is inlined)
def ratio_plus_one(a, b):
    return divide(a, b) + 1


def _traceback_files(exc: BaseException) -> list[str]:
    return [frame.filename for frame in traceback.extract_tb(exc.__traceback__)]


def test_runtime_error_is_python_exception_with_user_traceback():
    with pytest.raises(ZeroDivisionError) as info:
        ratio_plus_one(1.0, 0.0)
    err = info.value
    assert isinstance(err, MyiaRuntimeError)
    text = str(err)
    lines = text.splitlines()
    assert lines[0].startswith(f"{__file__}:")
    assert lines[0].endswith(": in ratio_plus_one")
    assert lines[1].strip() == "return divide(a, b) + 1"
    assert lines[3].endswith(": in divide: float division by zero")
    assert lines[4].strip() == "return a / b"
    assert lines[5].strip() == "^"
    assert "interpreter" not in text and "runtime" not in text
    # No frames of myia's internals below the user's call, besides the wrapper.
    files = _traceback_files(err)
    assert not any("runtime" in f or "frontend" in f for f in files)
    assert err.__cause__ is None and err.__suppress_context__


@myia.jit
def unbound(c):
    if c:
        y = 1
    return y


def test_unbound_local():
    assert unbound(True) == 1
    with pytest.raises(UnboundLocalError, match="local variable 'y' referenced before assignment"):
        unbound(False)


@myia.jit
def unsupported(x):
    try:
        return x
    finally:
        pass


def test_syntax_errors_are_raised_at_the_first_call_without_internal_frames():
    with pytest.raises(MyiaSyntaxError) as info:
        unsupported(1)
    err = info.value
    assert "try statements are not supported" in str(err)
    assert f"{__file__}:" in str(err)
    assert "^" in str(err)
    files = _traceback_files(err)
    assert not any("frontend" in f for f in files)
    assert err.__cause__ is None and err.__suppress_context__


# Lambdas sharing a source line: each compiles its own body.
INC, DOUBLE = (lambda x: x + 1), (lambda x: x * 2)
NESTED = lambda x: (lambda y: y * 10)(x) + 1


def two_grads_on_one_line(x):
    return myia.grad(lambda t: t * t)(x) + myia.grad(lambda t: t * t * t)(x)


@pytest.mark.parametrize("backend", ["interp", "cpu"])
def test_lambdas_on_one_line_are_told_apart(backend):
    assert myia.jit(INC, backend=backend)(5) == 6
    assert myia.jit(DOUBLE, backend=backend)(5) == 10
    assert myia.jit(NESTED, backend=backend)(2) == 21
    # From Python (each grad compiles its lambda) and compiled: 2x + 3x^2 at 2.
    assert two_grads_on_one_line(2.0) == 16.0
    assert myia.jit(two_grads_on_one_line, backend=backend)(2.0) == 16.0


# Lambdas in the middle of an expression spanning lines: each line's source is
# not a statement, and every lambda of it must be found at its own position.
# fmt: off
BINARY_LAMBDAS = {"add": lambda x, y: x + y,
                  "floordiv": lambda x, y: x // y, "mod": lambda x, y: x % y}
# fmt: on


@pytest.mark.parametrize("backend", ["interp", "cpu"])
@pytest.mark.parametrize("name", sorted(BINARY_LAMBDAS))
def test_each_lambda_of_a_line_compiles_as_itself(name: str, backend: str) -> None:
    fn = BINARY_LAMBDAS[name]
    assert myia.jit(fn, backend=backend)(7.0, 2.0) == fn(7.0, 2.0)
