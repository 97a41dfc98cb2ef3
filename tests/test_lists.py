"""Lists: values across the API boundary, errors, the cost of appends, no
observable sharing, and gradients against finite differences (float64).

The list programs of the corpus (``tests/programs/list_*.py``) check the
language on every backend against CPython; these tests check what the corpus
cannot: arrays in lists, gradients, run-time costs and error messages.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import myia
from myia import MyiaSyntaxError, MyiaTypeError

ALL = ["interp-untyped", "interp", "cpu"]
TYPED = ["interp", "cpu"]


# ---------------------------------------------------------------------------
# Values across the boundary


@dataclass(frozen=True)
class P:
    x: float
    n: int


def identity(xs):
    return xs


def first_and_rest(xs):
    return xs[0], xs[1:]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize(
    "value",
    [
        [1.5, -2.0, 3.25],
        [1, 2, 3],
        [True, False],
        [(1, 2.5), (3, 4.5)],
        [P(1.0, 2), P(3.0, 4)],
        [[1.0, 2.0], [], [3.0]],
        [np.arange(3.0), np.ones(3)],
        [np.arange(6, dtype=np.int32).reshape(2, 3)],
        [np.float32(1.5), np.float32(2.5)],
    ],
    ids=[
        "floats",
        "ints",
        "bools",
        "tuples",
        "records",
        "nested",
        "arrays",
        "int32-arrays",
        "float32",
    ],
)
def test_lists_cross_the_boundary(backend, value):
    f = myia.jit(identity, backend=backend)
    out = f(value)
    assert isinstance(out, list) and len(out) == len(value)
    for a, b in zip(out, value, strict=True):
        np.testing.assert_equal(a, b)
    head, rest = myia.jit(first_and_rest, backend=backend)(value)
    np.testing.assert_equal(head, value[0])
    assert len(rest) == len(value) - 1


@pytest.mark.parametrize("backend", ALL)
def test_empty_list_argument_and_result(backend):
    def f(xs):
        ys = xs + [2.5]
        return xs, ys, []

    assert myia.jit(f, backend=backend)([]) == ([], [2.5], [])


@pytest.mark.parametrize("backend", ALL)
def test_list_results_of_arrays_are_copies(backend):
    def f(x, n):
        return [x * i for i in range(n)]

    x = np.arange(4.0)
    out = myia.jit(f, backend=backend)(x, 3)
    for i, a in enumerate(out):
        np.testing.assert_array_equal(a, x * i)
    out[1][0] = 99.0
    assert x[0] == 0.0


# ---------------------------------------------------------------------------
# Semantics: lists are values


def sharing(n):
    a = [1.0]
    b = a + [2.0]  # may extend a's buffer in place...
    c = a + [3.0]  # ...so this one must copy
    d = b + [4.0]
    for i in range(n):
        b = b + [float(i)]
    return a, c, d, b


def argument_not_changed(xs):
    ys = xs + [1.0]
    zs = xs + [2.0]
    return ys, zs, xs


@pytest.mark.parametrize("backend", ALL)
def test_lists_sharing_a_buffer_never_see_each_other(backend):
    assert myia.jit(sharing, backend=backend)(3) == sharing(3)
    xs = [5.0, 6.0]
    assert myia.jit(argument_not_changed, backend=backend)(xs) == argument_not_changed([5.0, 6.0])
    assert xs == [5.0, 6.0]


def appends(n):
    acc = []
    for i in range(n):
        acc.append(i)  # noqa: PERF402 - appends are what is measured
    return len(acc), acc[-1]


def arena_bytes_of(f, *args) -> int:
    """The bytes the native arena holds after ``f(*args)`` from an empty arena:
    what the call allocated, rounded up to chunks (the arena frees nothing
    during a call, so an O(n**2) algorithm shows as O(n**2) bytes)."""
    import ctypes

    from myia.runtime.jit import get_jit

    jit = get_jit()
    free_all = ctypes.CFUNCTYPE(None)(jit.runtime_function("myia_arena_free_all"))
    held = ctypes.CFUNCTYPE(ctypes.c_int64)(jit.runtime_function("myia_arena_bytes"))
    free_all()
    f(*args)
    return held()


def test_appends_are_amortized_constant_time_on_cpu():
    """Doubling buffers: n appends allocate O(n) bytes (copying the list at
    each append would allocate 4 n**2: 160 GB for the larger n)."""
    f = myia.jit(appends, backend="cpu")
    assert f(10) == (10, 9)
    for n in (25_000, 200_000):
        assert f(n) == (n, n - 1)
        assert arena_bytes_of(f, n) <= 64 * n + (1 << 20), n


# ---------------------------------------------------------------------------
# Errors


def index(xs, i):
    return xs[i]


@pytest.mark.parametrize("backend", ALL)
@pytest.mark.parametrize("i", [3, -4, 100])
def test_index_out_of_range(backend, i):
    f = myia.jit(index, backend=backend)
    assert f([1.0, 2.0, 3.0], -3) == 1.0
    with pytest.raises(IndexError) as info:
        f([1.0, 2.0, 3.0], i)
    assert isinstance(info.value, myia.MyiaRuntimeError)
    assert "test_lists.py" in str(info.value)


@pytest.mark.parametrize("backend", ALL)
def test_index_of_an_empty_list(backend):
    def last(n):
        xs = [i * 1.0 for i in range(n)]
        return xs[-1]

    f = myia.jit(last, backend=backend)
    assert f(3) == 2.0
    with pytest.raises(IndexError):
        f(0)


@pytest.mark.parametrize("backend", ALL)
def test_index_of_a_list_that_is_always_empty(backend):
    """[] that met no element type: indexing it always raises IndexError
    (typed backends find out when they compile it, at the call)."""

    def first_plus_one(xs):
        return xs[0] + 1.0

    with pytest.raises(IndexError) as info:
        myia.jit(first_plus_one, backend=backend)([])
    assert "test_lists.py" in str(info.value)


def append_to_parameter(xs, x):
    xs.append(x)
    return xs


def test_append_to_a_parameter_is_rejected():
    with pytest.raises(MyiaSyntaxError) as info:
        myia.jit(append_to_parameter)([1.0], 2.0)
    message = str(info.value)
    assert "xs.append(x)" in message and "test_lists.py" in message
    assert "caller" in message


def mixed(x):
    return [x, (x, x)]


def concat_tuple(xs):
    return xs + (1.0,)


def step_not_constant(xs, k):
    return xs[::k]


@pytest.mark.parametrize(
    ("fn", "args", "fragment"),
    [
        (mixed, (1.0,), "the elements of a list must have one type"),
        (concat_tuple, ([1.0],), "can only concatenate list"),
        (step_not_constant, ([1.0], 1), "step of a list slice must be a constant"),
    ],
)
def test_type_errors(fn, args, fragment):
    with pytest.raises(MyiaTypeError) as info:
        myia.jit(fn, backend="interp")(*args)
    assert fragment in str(info.value)
    assert "test_lists.py" in str(info.value)


def test_heterogeneous_list_argument_is_a_type_error():
    with pytest.raises(MyiaTypeError, match="one type"):
        myia.jit(identity)([1.0, (1.0, 2.0)])


# ---------------------------------------------------------------------------
# Gradients against central finite differences


def _float_leaves(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths to the float scalars of a value (array elements included)."""
    if isinstance(value, float):
        return [path]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return [(*path, ("at", idx)) for idx in np.ndindex(value.shape)]
    if isinstance(value, tuple | list):
        return [p for i, v in enumerate(value) for p in _float_leaves(v, (*path, i))]
    if dataclasses.is_dataclass(value):
        return [
            p
            for f in dataclasses.fields(value)
            for p in _float_leaves(getattr(value, f.name), (*path, f.name))
        ]
    return []


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        if isinstance(step, tuple):
            value = value[step[1]]
        elif isinstance(step, str):
            value = getattr(value, step)
        else:
            value = value[step]
    return value


def _set(value: Any, path: tuple, new: float) -> Any:
    """A copy of ``value`` with the float at ``path`` replaced."""
    if not path:
        return new
    step, rest = path[0], path[1:]
    if isinstance(step, tuple):
        out = value.copy()
        out[step[1]] = new
        return out
    if isinstance(step, str):
        return dataclasses.replace(value, **{step: _set(getattr(value, step), rest, new)})
    items = list(value)
    items[step] = _set(items[step], rest, new)
    return tuple(items) if isinstance(value, tuple) else items


def finite_differences(f: Any, args: tuple, argnum: int, eps: float = 1e-6) -> Any:
    """The gradient of ``f`` with respect to ``args[argnum]``, with the
    argument's structure (central differences)."""
    x = args[argnum]
    grad = copy.deepcopy(x)
    for path in _float_leaves(x):
        v = _get(x, path)
        plus = list(args)
        minus = list(args)
        plus[argnum] = _set(x, path, v + eps)
        minus[argnum] = _set(x, path, v - eps)
        grad = _set(grad, path, (f(*plus) - f(*minus)) / (2 * eps))
    return grad


def assert_close(actual: Any, expected: Any, path: str = "grad") -> None:
    if isinstance(expected, list | tuple):
        assert type(actual) is type(expected), f"{path}: {type(actual)} instead of {type(expected)}"
        assert len(actual) == len(expected), (
            f"{path}: length {len(actual)} instead of {len(expected)}"
        )
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_close(a, e, f"{path}[{i}]")
    elif dataclasses.is_dataclass(expected):
        for f in dataclasses.fields(expected):
            assert_close(getattr(actual, f.name), getattr(expected, f.name), f"{path}.{f.name}")
    elif expected is None or isinstance(expected, int | bool):
        assert actual is None or actual == 0, f"{path}: {actual!r}"
    else:
        np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-7, err_msg=path)


def sum_of_squares(xs):
    s = 0.0
    for x in xs:
        s = s + x * x
    return s


def indexing(xs, i):
    return xs[i] * xs[-1] + xs[0] * 2.0


def building(xs, w):
    ys = [x * w for x in xs if x > 0]
    ys.append(w)
    zs = ys + ys[1:] + ys[::-2]
    s = 0.0
    for k, z in enumerate(zs):
        s += z * z * (k + 1)
    return s + len(zs)


def pairs(ps):
    s = 0.0
    for a, b in ps:
        s += a * b
    return s


@dataclass(frozen=True)
class Layer:
    w: float
    b: float


def layers(model, x):
    for layer in model:
        x = np.tanh(layer.w * x + layer.b)
    return x


def unused(xs, y):
    return y * y


def nested(rows):
    s = 0.0
    for row in rows:
        for v in row[1:]:
            s += v * row[0]
    return s


def rnn(w, u, xs):
    h = np.zeros(3)
    hs = []
    for x in xs:
        h = np.tanh(w @ h + u @ x)
        hs.append(h)
    total = 0.0
    for k in range(len(hs)):
        total = total + np.sum(hs[k] * hs[k]) * (k + 1)
    return total


def outputs_as_list(ws, x):
    outs = [np.tanh(w @ x) for w in ws]
    return np.sum(outs[0]) + np.sum(outs[-1] * outs[-1])


def hidden_states(xs, w):
    hs = []
    h = np.zeros(2)
    for x in xs:
        h = np.tanh(w @ h + x)
        hs.append(h)
    out = hs[1:] + hs[:1]
    s = 0.0
    for i, o in enumerate(out[::2]):
        s = s + np.sum(o) * (i + 1)
    return s


def repeated(xs, k):
    ys = [x for x in xs if x > 0.0]
    if len(ys) > k:
        ys = ys[:k]
    zs = [y * y for y in ys] * 2
    s = 0.0
    for z in zs:
        s += z
    return s


@dataclass(frozen=True)
class Dense:
    W: np.ndarray
    b: np.ndarray


def squared_params(model, x):
    sq = myia.tree_map(lambda p: p * p, model)
    s = 0.0
    for layer in sq:
        s = s + np.sum(layer.W @ x) + np.sum(layer.b)
    return s


rng = np.random.default_rng(0)
W = rng.normal(size=(3, 3)) * 0.5
U = rng.normal(size=(3, 2))
XS = [rng.normal(size=2) for _ in range(5)]

GRAD_CASES = [
    ("sum_of_squares", sum_of_squares, ([1.0, -2.0, 3.5],), 0),
    ("sum_of_squares-empty", sum_of_squares, ([],), 0),
    ("indexing", indexing, ([1.5, 2.5, -0.5, 4.0], 2), 0),
    ("indexing-same", indexing, ([1.5, 2.5, -0.5], -1), 0),
    ("building-xs", building, ([1.0, -2.0, 3.0, 0.5], 0.75), 0),
    ("building-w", building, ([1.0, -2.0, 3.0, 0.5], 0.75), 1),
    ("pairs", pairs, ([(1.0, 2.0), (3.0, -1.0)],), 0),
    ("records", layers, ([Layer(0.5, 0.1), Layer(-1.5, 0.2), Layer(2.0, -0.3)], 0.7), 0),
    ("unused", unused, ([1.0, 2.0], 3.0), 0),
    ("nested", nested, ([[1.0, 2.0, 3.0], [4.0], [-1.0, 0.5]],), 0),
    ("rnn-xs", rnn, (W, U, XS), 2),
    ("rnn-w", rnn, (W, U, XS), 0),
    ("list-of-weights", outputs_as_list, ([W, W * 2, -W], rng.normal(size=3)), 0),
    ("slices-of-states", hidden_states, ([rng.normal(size=2) for _ in range(5)], W[:2, :2]), 0),
    ("slices-of-states-w", hidden_states, ([rng.normal(size=2) for _ in range(5)], W[:2, :2]), 1),
    ("repeat", repeated, ([1.0, -2.0, 3.0, 4.0], 2), 0),
    (
        "tree-map-in-loss",
        squared_params,
        (
            [Dense(rng.normal(size=(2, 3)), rng.normal(size=2)) for _ in range(3)],
            rng.normal(size=3),
        ),
        0,
    ),
]


@pytest.mark.parametrize("backend", TYPED)
@pytest.mark.parametrize(
    ("fn", "args", "argnum"), [c[1:] for c in GRAD_CASES], ids=[c[0] for c in GRAD_CASES]
)
def test_gradient_matches_finite_differences(backend, fn, args, argnum):
    grad = myia.grad(fn, argnums=argnum, backend=backend)(*args)
    assert_close(grad, finite_differences(fn, args, argnum))


@pytest.mark.parametrize("backend", TYPED)
def test_value_and_grad_of_a_list_in_compiled_code(backend):
    def step(xs, lr):
        value, dxs = myia.value_and_grad(sum_of_squares)(xs)
        return value, [x - lr * d for x, d in zip(xs, dxs)]

    value, new = myia.jit(step, backend=backend)([1.0, 2.0], 0.25)
    assert value == 5.0
    assert new == [0.5, 1.0]


@pytest.mark.parametrize("backend", TYPED)
def test_second_order_through_lists(backend):
    def f(x):
        xs = [x, x * x]
        xs.append(xs[-1] * x)
        s = 0.0
        for v in xs:
            s += v
        return s  # x + x**2 + x**3

    d2 = myia.grad(myia.grad(f), backend=backend)
    assert d2(2.0) == pytest.approx(2.0 + 6.0 * 2.0)


def cubes(xs):
    s = 0.0
    for x in xs:
        s = s + x * x * x
    return s


def sum_of_gradient(w):
    dxs = myia.grad(cubes)([w, 2.0 * w])  # [3 w**2, 12 w**2]
    s = 0.0
    for d in dxs:
        s = s + d
    return s


@pytest.mark.parametrize("backend", TYPED)
def test_gradient_of_a_gradient_with_respect_to_a_list(backend):
    """Differentiating the backward pass of a list (its in-place sums, one-hot
    and dense helpers) again."""
    assert myia.grad(sum_of_gradient, backend=backend)(1.5) == pytest.approx(30 * 1.5)


def test_gradient_of_a_long_loop_is_linear():
    """The sensitivity of xs[i] is added in place into the list's: a loop over
    n elements allocates O(n) bytes (a copy per element would be 8 n**2: 5 GB
    here), on the cpu backend (the interpreter runs the same IR)."""
    g = myia.grad(sum_of_squares, backend="cpu")
    xs = [float(i) for i in range(25_000)]
    assert g(xs[:10]) == [2 * x for x in xs[:10]]
    assert g(xs) == [2 * x for x in xs]
    assert arena_bytes_of(g, xs) <= 256 * len(xs) + (1 << 20)
