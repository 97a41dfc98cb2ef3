"""Gradients: the differentiable corpus against finite differences, higher
orders against closed forms, and the API's errors, in both modes: ``auto``
(forward mode for a gradient with respect to one float scalar of scalar code,
reverse mode otherwise) and ``never`` (reverse mode always).

``tests/grad_programs/*.py`` each define ``main(...)`` returning a float and
``CASES``; every float in the arguments (inside tuples and dataclasses too) is
differentiated, and the gradient must match central finite differences
(Richardson-extrapolated, float64) to ``rtol=1e-6`` on every backend that
supports gradients.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import pytest

import myia
from myia.errors import MyiaTypeError

HERE = Path(__file__).parent
GRAD_DIR = HERE / "grad_programs"
PROGRAMS = sorted(p.stem for p in GRAD_DIR.glob("*.py") if not p.name.startswith("_"))
BACKENDS = ["interp", "cpu"]
MODES = ["auto", "never"]

# The grad corpus may reuse functions of the program corpus.
sys.path.insert(0, str(HERE / "programs"))


def load(name: str):
    path = GRAD_DIR / f"{name}.py"
    module_name = f"_myia_grad_program_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=MODES)
def mode(request, monkeypatch):
    """When myia.grad uses forward mode (myia-grad's ``forward`` option)."""
    import myia.passes.grad

    monkeypatch.setattr(myia.passes.grad, "FORWARD_MODE", request.param)
    return request.param


def lowered_names(gradient) -> set[str]:
    """The functions compiled for a cpu-backend ``myia.grad`` (called once)."""
    (run,) = gradient._jit.specializations.values()
    return {op.sym_name.data for op in run.lowered.ops if hasattr(op, "sym_name")}


# ---------------------------------------------------------------------------
# Finite differences over the float leaves of arguments


def float_paths(value: Any, path: tuple = ()) -> list[tuple]:
    """The paths to the float leaves of a value (tuple indices, field names)."""
    if isinstance(value, float):
        return [path]
    if isinstance(value, tuple):
        return [p for i, v in enumerate(value) for p in float_paths(v, (*path, i))]
    if dataclasses.is_dataclass(value):
        return [
            p
            for f in dataclasses.fields(value)
            for p in float_paths(getattr(value, f.name), (*path, f.name))
        ]
    return []


def get_path(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


def set_path(value: Any, path: tuple, leaf: float) -> Any:
    if not path:
        return leaf
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(value)
        items[step] = set_path(items[step], rest, leaf)
        return tuple(items)
    return dataclasses.replace(value, **{step: set_path(getattr(value, step), rest, leaf)})


def finite_difference(f, args: tuple, argnum: int, path: tuple) -> float:
    """df/d(leaf) by central differences with one Richardson step (error O(h^4))."""
    x0 = get_path(args[argnum], path)

    def at(x: float) -> float:
        moved = list(args)
        moved[argnum] = set_path(args[argnum], path, x)
        return f(*moved)

    def central(h: float) -> float:
        return (at(x0 + h) - at(x0 - h)) / (2 * h)

    h = 1e-3 * max(1.0, abs(x0))
    return (4 * central(h / 2) - central(h)) / 3


def assert_gradient_matches(f, args: tuple, grads: tuple, argnums: tuple[int, ...]) -> None:
    for argnum, grad in zip(argnums, grads, strict=True):
        for path in float_paths(args[argnum]):
            expected = finite_difference(f, args, argnum, path)
            got = get_path(grad, path)
            assert isinstance(got, float), (argnum, path, got)
            assert got == pytest.approx(expected, rel=1e-6, abs=1e-9), (argnum, path)


def differentiable_argnums(args: tuple) -> tuple[int, ...]:
    return tuple(i for i, a in enumerate(args) if float_paths(a))


# ---------------------------------------------------------------------------
# The corpus


def test_corpus_covers_constructs():
    sources = "\n".join((GRAD_DIR / f"{p}.py").read_text() for p in PROGRAMS)
    for construct in ("while ", "for ", "break", "continue", "elif", " and ", " or ", "lambda",
                      "@dataclass", "math.sin", "math.tan", "**", "max(", "min(", "abs("):  # fmt: skip
        assert construct in sources, construct
    assert len(PROGRAMS) >= 15


CORPUS = [(name, i) for name in PROGRAMS for i in range(len(load(name).CASES))]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name,case", CORPUS, ids=[f"{n}-{i}" for n, i in CORPUS])
def test_gradient_against_finite_differences(name, case, backend, mode):
    module = load(name)
    args = module.CASES[case]
    argnums = differentiable_argnums(args)
    grads = myia.grad(module.main, argnums=argnums, backend=backend)(*args)
    assert isinstance(grads, tuple) and len(grads) == len(argnums)
    assert_gradient_matches(module.main, args, grads, argnums)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name,case", CORPUS, ids=[f"{n}-{i}" for n, i in CORPUS])
def test_gradient_per_float_argument(name, case, backend, mode):
    """With respect to each float argument alone: forward mode where the
    program is scalar code (``auto``), reverse mode otherwise."""
    module = load(name)
    args = module.CASES[case]
    for argnum, arg in enumerate(args):
        if isinstance(arg, float):
            grad = myia.grad(module.main, argnums=argnum, backend=backend)(*args)
            assert_gradient_matches(module.main, args, (grad,), (argnum,))


@pytest.mark.parametrize("backend", BACKENDS)
def test_value_and_grad_on_corpus(backend):
    module = load("branches")
    args = module.CASES[1]
    value, grad = myia.value_and_grad(module.main, argnums=(0, 1), backend=backend)(*args)
    assert value == pytest.approx(module.main(*args), rel=1e-12)
    assert_gradient_matches(module.main, args, grad, (0, 1))


def test_gradient_structure_of_dataclass():
    module = load("dataclasses_model")
    net, x = module.CASES[0]
    dnet = myia.grad(module.main)(net, x)
    assert type(dnet) is module.Net and type(dnet.first) is module.Affine
    assert dnet.steps is None  # ints get no gradient


# ---------------------------------------------------------------------------
# Higher order against closed forms


def poly5(x):
    return x**5 + 2 * x


def fact(x):
    if x <= 1:
        return 1.0
    return x * fact(x - 1)


def branchy(x):
    if x > 0:
        return x * x * x
    return -x * x


def loop_pow(x):
    acc = 1.0
    i = 0
    while i < 4:
        acc = acc * x
        i = i + 1
    return acc


def nth(f, n):
    for _ in range(n):
        f = myia.grad(f)
    return f


@pytest.mark.parametrize("backend", BACKENDS)
def test_fourth_derivative_of_polynomial(backend, mode):
    d4 = nth(poly5, 4)
    assert myia.jit(d4, backend=backend)(-3.0) == pytest.approx(-360.0, rel=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("x", [4.1, 3.5])
def test_higher_orders_through_recursion(backend, x, mode):
    # fact(x) multiplies x, x-1, ... down to the first factor <= 1 (then 1.0):
    # a polynomial prod_{j<k} (x - j) near x, differentiated here in closed form.
    terms = []
    t = x
    while t > 1:
        terms.append(t)
        t -= 1
    k = len(terms)  # fact(x) = prod_{j<k} (x - j)
    poly = [1.0]  # coefficients of prod (x - j), lowest degree first
    for j in range(k):
        poly = [(poly[i - 1] if i > 0 else 0.0) - j * (poly[i] if i < len(poly) else 0.0)
                for i in range(len(poly) + 1)]  # fmt: skip

    def derivative(coeffs, order):
        for _ in range(order):
            coeffs = [i * c for i, c in enumerate(coeffs)][1:]
        return sum(c * x**i for i, c in enumerate(coeffs))

    for order in (1, 2, 3):
        got = myia.jit(nth(fact, order), backend=backend)(x)
        assert got == pytest.approx(derivative(poly, order), rel=1e-10), order
    if x == 4.1:
        assert myia.jit(nth(fact, 2), backend=backend)(x) == pytest.approx(12 * x * x - 36 * x + 22)


@pytest.mark.parametrize("backend", BACKENDS)
def test_higher_orders_through_if_and_loop(backend, mode):
    for x, expected in ((2.0, (12.0, 12.0, 6.0)), (-2.0, (4.0, -2.0, 0.0))):
        got = tuple(myia.jit(nth(branchy, n), backend=backend)(x) for n in (1, 2, 3))
        assert got == pytest.approx(expected)
    got = tuple(myia.jit(nth(loop_pow, n), backend=backend)(1.5) for n in (1, 2, 3, 4))
    assert got == pytest.approx((4 * 1.5**3, 12 * 1.5**2, 24 * 1.5, 24.0))


def mixed(x, y):
    return x * x * y + math.sin(x * y)


@pytest.mark.parametrize("backend", BACKENDS)
def test_mixed_partials(backend, mode):
    x, y = 0.7, 1.3

    def dfdx_at(y):
        return myia.grad(mixed, 0)(x, y)

    got = myia.grad(dfdx_at, backend=backend)(y)
    # d/dy (2xy + y cos(xy)) = 2x + cos(xy) - xy sin(xy)
    expected = 2 * x + math.cos(x * y) - x * y * math.sin(x * y)
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
def test_grad_of_value_and_grad(backend, mode):
    def second(x):
        value, slope = myia.value_and_grad(poly5)(x)
        return value + slope

    # d/dx (x^5 + 2x + 5x^4 + 2) = 5x^4 + 2 + 20x^3
    got = myia.grad(second, backend=backend)(1.5)
    assert got == pytest.approx(5 * 1.5**4 + 2 + 20 * 1.5**3, rel=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
def test_grad_inside_jit(backend, mode):
    def step(w, x):
        return w - 0.1 * myia.grad(lambda v: (v * x - 1.0) ** 2)(w)

    w = myia.jit(step, backend=backend)(0.5, 2.0)
    assert w == pytest.approx(0.5 - 0.1 * 2 * (0.5 * 2.0 - 1.0) * 2.0)


def grad_of_closure(y):
    f = lambda x: x * x * y + math.sin(y * x)
    return myia.grad(f)(2.0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_values_a_closure_captures_are_differentiable_outside(backend, mode):
    # JAX's semantics: grad(f) is with respect to f's own argument; what f
    # captures (y) is differentiable from the enclosing function.
    y = 0.7
    assert myia.jit(grad_of_closure, backend=backend)(y) == pytest.approx(
        4 * y + y * math.cos(2 * y)
    )
    expected = 4 + math.cos(2 * y) - 2 * y * math.sin(2 * y)
    assert myia.grad(grad_of_closure, backend=backend)(y) == pytest.approx(expected)


def returns_nothing(x):
    pass


def unread_none_in_a_tuple(x):
    t = (returns_nothing(x), x)
    return t[1] * 2.0


def unread_none_in_a_nested_tuple(x):
    t = ((returns_nothing(x), True, x), x)
    return t[0][2] * t[1]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("fn", "expected"),
    [(unread_none_in_a_tuple, (3.0, 2.0)), (unread_none_in_a_nested_tuple, (2.25, 3.0))],
)
def test_unread_result_of_a_call_whose_result_is_pruned(backend, mode, fn, expected):
    """A call's result that sits unread in a tuple (the None of a function that
    returns nothing) goes with the callee's pruned result: the interpreter took
    apart the J transform's result, pruned to none ('NoneType' object is not
    subscriptable; found by the fuzzer)."""
    assert myia.value_and_grad(fn, backend=backend)(1.5) == expected


def test_argnums_by_name():
    def f(a, b, c):
        return a * b * c

    assert myia.grad(f, argnums=("c", "a"))(2.0, 3.0, 5.0) == pytest.approx((6.0, 15.0))


# ---------------------------------------------------------------------------
# Which mode


def long_loop(x, n):
    i = 0
    while i < n:
        x = math.tanh(x) * 1.0001 + 0.1
        i = i + 1
    return x


def forward_loop_derivative(x, n):
    dx = 1.0
    for _ in range(n):
        t = math.tanh(x)
        dx = dx * (1.0 - t * t) * 1.0001
        x = t * 1.0001 + 0.1
    return dx


def drift(x, n):
    for _ in range(n):
        x = x + 1e-6 * math.sin(x)
    return x


def drift_derivative(x, n):
    dx = 1.0
    for _ in range(n):
        dx = dx * (1.0 + 1e-6 * math.cos(x))
        x = x + 1e-6 * math.sin(x)
    return dx


def test_forward_mode_for_one_float_of_scalar_code():
    g = myia.grad(long_loop, backend="cpu")
    assert g(0.5, 10) == pytest.approx(forward_loop_derivative(0.5, 10), rel=1e-12)
    names = lowered_names(g)
    assert any(n.endswith(".jvp") for n in names), names
    assert not any(".bprop" in n or n.endswith(".J") for n in names), names
    # A loop's derivative stays a loop: a million iterations need no stack
    # (reverse mode's backward chain is as deep as the loop is long).
    n = 1_000_000
    expected = drift_derivative(0.3, n)
    assert expected > 1.5
    assert myia.grad(drift, backend="cpu")(0.3, n) == pytest.approx(expected, rel=1e-9)


def shift_step(a, b, c, d, e, f, g, h, k, n):
    if n == 0:
        return a + b + c + d + e + f + g + h + k
    return shift_step(
        math.sin(a), a * 2.0, b + 1.0, c * c, d - e, e * 0.5 + f, f + g, g * h, h - k, n - 1
    )


def shift_register(x, y, n):
    return shift_step(x, y, y, y, y, y, y, y, y, n)


@pytest.mark.parametrize("backend", BACKENDS)
def test_forward_mode_when_the_recursion_activates_its_arguments_step_by_step(backend):
    # The tangent reaches one more argument at each call: a jvp per pattern of
    # active arguments, up to MAX_VARIANTS per function, then one with all of
    # them active.
    g = myia.grad(shift_register, backend=backend)
    for n in (1, 3, 7, 12):
        expected = finite_difference(shift_register, (0.3, 0.2, n), 0, ())
        assert g(0.3, 0.2, n) == pytest.approx(expected, rel=1e-7), n


def scaled_loop(x, y, n):
    i = 0
    while i < n:
        x = math.tanh(x) * y
        i = i + 1
    return x


def modes_used(gradient, *args) -> set[str]:
    """Which modes a cpu-backend gradient of a loop was compiled with (its
    loop's functions are not inlined away)."""
    gradient(*args)
    names = lowered_names(gradient)
    modes = set()
    if any(n.endswith(".jvp") for n in names):
        modes.add("forward")
    if any(".bprop" in n for n in names):
        modes.add("reverse")
    return modes


def test_reverse_mode_when_asked_or_needed(monkeypatch):
    import myia.passes.grad

    assert modes_used(myia.grad(scaled_loop, argnums=(0,), backend="cpu"), 0.5, 1.5, 10) == {
        "forward"
    }
    assert modes_used(myia.grad(scaled_loop, argnums=(0, 1), backend="cpu"), 0.5, 1.5, 10) == {
        "reverse"
    }
    monkeypatch.setattr(myia.passes.grad, "FORWARD_MODE", "never")
    g = myia.grad(long_loop, backend="cpu")
    assert modes_used(g, 0.5, 10) == {"reverse"}
    assert g(0.5, 10) == pytest.approx(forward_loop_derivative(0.5, 10), rel=1e-12)


# ---------------------------------------------------------------------------
# Errors


def returns_tuple(x):
    return (x, x)


def int_argument(n, x):
    return n * x


@pytest.mark.parametrize("backend", BACKENDS)
def test_non_scalar_output_is_a_type_error(backend):
    with pytest.raises(MyiaTypeError, match="scalar"):
        myia.grad(returns_tuple, backend=backend)(1.0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_int_argument_is_a_type_error(backend):
    with pytest.raises(MyiaTypeError, match="int"):
        myia.grad(int_argument, argnums=0, backend=backend)(3, 1.5)
