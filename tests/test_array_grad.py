"""Gradients of array programs: every array operation, checked against central
finite differences in float64 on the interpreter and the CPU backend; float32
runs; gradients of gradients; an MLP and a tanh RNN written with a Python loop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import myia
from myia.errors import MyiaTypeError

BACKENDS = ["interp", "cpu"]
RNG = np.random.default_rng(1234)


def randn(*shape: int, dtype: str = "float64") -> np.ndarray:
    return RNG.standard_normal(shape).astype(dtype)


def positive(*shape: int) -> np.ndarray:
    return RNG.uniform(0.5, 2.0, shape)


def numeric_grad(f: Callable[..., Any], args: tuple, argnum: int, eps: float = 1e-6) -> Any:
    """Central finite differences of scalar ``f`` with respect to ``args[argnum]``
    (in float64, element by element: float32 arrays are converted)."""
    args = tuple(
        a.astype(np.float64) if isinstance(a, np.ndarray) and a.dtype == np.float32 else a
        for a in args
    )
    x = args[argnum]
    if not isinstance(x, np.ndarray):
        plus = list(args)
        minus = list(args)
        plus[argnum], minus[argnum] = x + eps, x - eps
        return (float(f(*plus)) - float(f(*minus))) / (2 * eps)
    g = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        ap, am = list(args), list(args)
        ap[argnum], am[argnum] = xp, xm
        g[idx] = (float(f(*ap)) - float(f(*am))) / (2 * eps)
    return g


def check_grad(
    f: Callable[..., Any],
    args: tuple,
    argnums: Any,
    backend: str,
    rtol: float = 1e-6,
    atol: float = 1e-7,
    reference: Callable[..., Any] | None = None,
    eps: float = 1e-6,
) -> None:
    """myia's gradient of ``f`` against finite differences of ``reference``
    (``f`` run by numpy unless given)."""
    grads = myia.grad(f, argnums=argnums, backend=backend)(*args)
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    if not isinstance(argnums, tuple):
        grads = (grads,)
    assert len(grads) == len(nums)
    for n, g in zip(nums, grads):
        expected = numeric_grad(reference or f, args, n, eps)
        x = args[n]
        if isinstance(x, np.ndarray):
            assert isinstance(g, np.ndarray), f"gradient of argument {n}: {g!r}"
            assert g.shape == x.shape and g.dtype == x.dtype, (g.shape, g.dtype, x.shape, x.dtype)
        else:
            assert np.ndim(g) == 0, g
        np.testing.assert_allclose(g, expected, rtol=rtol, atol=atol, err_msg=f"argument {n}")


# ---------------------------------------------------------------------------
# The programs (numpy code; each returns a float)

X34 = randn(3, 4)
Y34 = randn(3, 4)


def add_broadcast_row(x, b):
    return np.sum((x + b) * x)


def sub_scalar_array(x, s):
    return np.sum(s - x * s)


def mul_column(x, c):
    return np.sum(x * c * x)


def div_broadcast(x, y):
    return np.sum(x / (y * y + 1.0) + 1.0 / (x * x + 2))


def outer_broadcast(u, v):
    return np.sum(np.tanh(u[:, None] * v[None, :]))


def rank_promotion(x, b):
    return np.sum(np.sin(x * b))


def neg_pos(x):
    return np.sum(-x * +x + np.negative(x))


def pow_const(x):
    return np.sum(x**2) + np.sum(x**3)


def pow_fractional(x):
    return np.sum(np.abs(x) ** 1.5)


def pow_array_exponent(x, y):
    return np.sum((x * x + 1.0) ** y)


def scalar_base_pow(x):
    return np.sum(2.0**x)


def unary_math(x):
    return np.sum(
        np.exp(x) + np.log(x * x + 1.0) + np.tanh(x) + np.sin(x) + np.cos(x) + np.sqrt(x * x + 1.0)
    )


def unary_math_more(x):
    return np.sum(
        np.square(x) + np.abs(x) + np.sign(x) * x + np.arctan(x) + np.log1p(x * x) + np.expm1(x)
    )


def maximum_minimum(x, y):
    return np.sum(np.maximum(x, y) * 2.0 + np.minimum(x, 0.0))


def where_leaky(x):
    return np.sum(np.where(x > 0, x, 0.1 * x) * x)


def where_two_arrays(c, x, y):
    return np.sum(np.where(c > 0, x * x, y))


def clip_both(x):
    return np.sum(np.clip(x, -0.5, 0.5) * x)


def clip_method(x):
    return np.sum(x.clip(-0.3, None) ** 2)


def sum_axes(x):
    return np.sum(np.sum(x, axis=1) ** 2) + np.sum(np.sum(x, axis=(0, 2), keepdims=True) * x)


def mean_axes(x):
    return (
        np.sum(np.mean(x, axis=0) ** 2)
        + np.mean(x * x)
        + np.sum(x.mean(axis=-1, keepdims=True) * x)
    )


def prod_axes(x):
    return np.sum(np.prod(x, axis=1)) + np.prod(x[0]) + np.sum(x.prod(axis=0, keepdims=True) * x)


def max_min(x):
    return (
        np.sum(np.max(x, axis=1) ** 2)
        + np.min(x)
        + np.sum(x.max(axis=0, keepdims=True) * x)
        + np.max(x)
    )


def matmul_2d(a, b):
    return np.sum(np.tanh(a @ b))


def matmul_1d_1d(u, v):
    return np.dot(u, v) * np.sum(u)


def matmul_1d_2d(u, m):
    return np.sum(np.sin(u @ m))


def matmul_2d_1d(m, v):
    return np.sum(np.sin(np.matmul(m, v)))


def matmul_batched(a, b):
    return np.sum(np.tanh(a @ b))


def matmul_batch_broadcast(a, w):
    return np.sum(np.tanh(a @ w))


def matmul_method_T(a, b):
    return np.sum(a.dot(b.T) ** 2)


def reshape_prog(x):
    return np.sum(np.sin(x.reshape(4, -1)) * x.reshape(-1).reshape(4, 3)) + np.sum(
        np.reshape(x, (2, 6)) ** 3
    )


def transpose_prog(x):
    return np.sum(np.sin(x.T) * np.transpose(x, (2, 1, 0)).reshape(4, 3, 2).transpose(2, 1, 0).T)


def transpose_axes(x, w):
    return np.sum(np.transpose(x, (1, 2, 0)) ** 2 * w)


def expand_squeeze_broadcast(x, v):
    y = np.expand_dims(x, 1) * np.broadcast_to(v, (3, 2, 4))
    return np.sum(np.squeeze(np.sum(y, axis=1, keepdims=True), axis=1) ** 2) + np.sum(
        np.squeeze(v) ** 3
    )


def slice_constant(x):
    return np.sum(x[1:3, ::2] ** 2) + np.sum(x[::-1, 1] * x[:, 0])


def slice_dynamic(x, i, j):
    return np.sum(np.sin(x[i:j, ::2])) + np.sum(x[i] * x[-1])


def slice_dynamic_step(x, step):
    return np.sum(np.exp(x[1::step]))


def index_newaxis(x):
    return np.sum(x[None, :, 1][0] * x[:, None, 2][:, 0])


def concatenate_prog(x, y, w):
    return np.sum(np.sin(np.concatenate((x, y), axis=0)) * w) + np.sum(
        np.concatenate([x, x * 2.0], axis=1) ** 2
    )


def stack_prog(x, y, w):
    return np.sum(np.stack((x, y * y)) * w) + np.sum(np.stack([x, y], axis=1) ** 3)


def astype_prog(x, y):
    return np.sum(x.astype(np.float64) ** 2 * y) + np.sum(y.astype(np.float32) * x)


def narrowing(y, w):
    return np.sum(np.sin(y.astype(np.float32)) * w)


def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_loss(x, w):
    return np.sum(softmax(x) * w)


def logsumexp(x):
    m = np.max(x, axis=1, keepdims=True)
    return np.sum(np.log(np.sum(np.exp(x - m), axis=1)) + m[:, 0])


def reused_views(x):
    t = x.T
    return np.sum(t @ x) + np.sum(t * t)


def zeros_like_plus(x):
    z = np.zeros_like(x) + 2.0
    o = np.ones((3, 4))
    return np.sum(z * x + o * x * x) + np.sum(np.full((3, 4), 0.5) * x)


CASES: list[tuple[Callable[..., Any], tuple, Any]] = [
    (add_broadcast_row, (X34, randn(4)), (0, 1)),
    (sub_scalar_array, (X34, 1.5), (0, 1)),
    (mul_column, (X34, randn(3, 1)), (0, 1)),
    (div_broadcast, (X34, randn(1, 4)), (0, 1)),
    (outer_broadcast, (randn(3), randn(5)), (0, 1)),
    (rank_promotion, (randn(2, 3, 4), randn(3, 1)), (0, 1)),
    (neg_pos, (X34,), 0),
    (pow_const, (X34,), 0),
    (pow_fractional, (X34 + 0.01,), 0),
    (pow_array_exponent, (X34, Y34), (0, 1)),
    (scalar_base_pow, (X34,), 0),
    (unary_math, (X34,), 0),
    (unary_math_more, (np.abs(X34) + 0.1,), 0),
    (maximum_minimum, (X34, Y34), (0, 1)),
    (where_leaky, (X34,), 0),
    (where_two_arrays, (Y34, X34, randn(4)), (1, 2)),
    (clip_both, (X34,), 0),
    (clip_method, (X34,), 0),
    (sum_axes, (randn(2, 3, 4),), 0),
    (mean_axes, (randn(2, 3, 4),), 0),
    (prod_axes, (randn(3, 4),), 0),
    (max_min, (randn(3, 4),), 0),
    (matmul_2d, (randn(3, 4), randn(4, 5)), (0, 1)),
    (matmul_1d_1d, (randn(4), randn(4)), (0, 1)),
    (matmul_1d_2d, (randn(4), randn(4, 3)), (0, 1)),
    (matmul_2d_1d, (randn(3, 4), randn(4)), (0, 1)),
    (matmul_batched, (randn(2, 3, 4), randn(2, 4, 5)), (0, 1)),
    (matmul_batch_broadcast, (randn(2, 3, 4), randn(4, 5)), (0, 1)),
    (matmul_method_T, (randn(3, 4), randn(5, 4)), (0, 1)),
    (reshape_prog, (randn(3, 4),), 0),
    (transpose_prog, (randn(2, 3, 4),), 0),
    (transpose_axes, (randn(2, 3, 4), randn(3, 4, 2)), 0),
    (expand_squeeze_broadcast, (randn(3, 4), randn(1, 2, 1)), (0, 1)),
    (slice_constant, (randn(4, 5),), 0),
    (slice_dynamic, (randn(5, 6), 1, 4), 0),
    (slice_dynamic_step, (randn(7, 3), 2), 0),
    (index_newaxis, (randn(3, 4),), 0),
    (concatenate_prog, (randn(2, 4), randn(3, 4), randn(5, 4)), (0, 1)),
    (stack_prog, (randn(3, 4), randn(3, 4), randn(2, 3, 4)), (0, 1)),
    (astype_prog, (randn(3, 4, dtype="float32"), randn(3, 4)), 0),
    (softmax_loss, (randn(3, 5), randn(3, 5)), (0, 1)),
    (logsumexp, (randn(3, 5),), 0),
    (reused_views, (randn(3, 4),), 0),
    (zeros_like_plus, (randn(3, 4),), 0),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=[c[0].__name__ for c in CASES])
def test_gradient(case: tuple, backend: str) -> None:
    f, args, argnums = case
    if f is astype_prog:  # float32 inputs: differences taken in float64
        check_grad(f, args, argnums, backend, rtol=1e-5, atol=1e-5)
        return
    check_grad(f, args, argnums, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_astype_narrowing(backend: str) -> None:
    """float64 -> float32: the gradient is converted back (finite differences
    cannot see through the rounding)."""
    y, w = randn(3, 4), randn(3, 4, dtype="float32")
    g = myia.grad(narrowing, backend=backend)(y, w)
    assert g.dtype == np.float64
    expected = (np.cos(y.astype(np.float32)) * w).astype(np.float64)
    np.testing.assert_allclose(g, expected, rtol=1e-6)


# ---------------------------------------------------------------------------
# float32


FLOAT32_CASES = [
    c
    for c in CASES
    if c[0]
    in (
        add_broadcast_row,
        mul_column,
        unary_math,
        where_leaky,
        clip_both,
        sum_axes,
        mean_axes,
        max_min,
        matmul_2d,
        matmul_batched,
        matmul_1d_2d,
        slice_constant,
        concatenate_prog,
        softmax_loss,
        logsumexp,
    )
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", FLOAT32_CASES, ids=[c[0].__name__ for c in FLOAT32_CASES])
def test_gradient_float32(case: tuple, backend: str) -> None:
    f, args, argnums = case
    args32 = tuple(a.astype(np.float32) if isinstance(a, np.ndarray) else a for a in args)
    check_grad(f, args32, argnums, backend, rtol=2e-3, atol=2e-3)


# ---------------------------------------------------------------------------
# Conventions: ties, zeros, no gradient


@pytest.mark.parametrize("backend", BACKENDS)
def test_ties_go_to_the_first_operand(backend: str) -> None:
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    y = np.array([0.0, 0.0, 0.5, 1.0])
    gx, gy = myia.grad(lambda x, y: np.sum(np.maximum(x, y)), argnums=(0, 1), backend=backend)(x, y)
    np.testing.assert_array_equal(gx, [0.0, 1.0, 1.0, 1.0])
    np.testing.assert_array_equal(gy, [1.0, 0.0, 0.0, 0.0])
    g = myia.grad(lambda x: np.sum(np.clip(x, 0.0, 0.5)), backend=backend)(x)
    np.testing.assert_array_equal(g, [0.0, 1.0, 1.0, 0.0])  # 1 on the bounds


@pytest.mark.parametrize("backend", BACKENDS)
def test_max_reduction_shares_ties(backend: str) -> None:
    x = np.array([[1.0, 3.0, 3.0], [2.0, 0.0, -1.0]])
    g = myia.grad(lambda x: np.sum(np.max(x, axis=1)), backend=backend)(x)
    np.testing.assert_array_equal(g, [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])
    g = myia.grad(lambda x: np.min(x), backend=backend)(x)
    np.testing.assert_array_equal(g, [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


@pytest.mark.parametrize("backend", BACKENDS)
def test_prod_with_zeros(backend: str) -> None:
    x = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 5.0]])
    g = myia.grad(lambda x: np.sum(np.prod(x, axis=1)), backend=backend)(x)
    np.testing.assert_array_equal(g, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [10.0, 5.0, 2.0]])


@pytest.mark.parametrize("backend", BACKENDS)
def test_int_array_has_no_gradient(backend: str) -> None:
    with pytest.raises(MyiaTypeError):
        myia.grad(lambda x: np.sum(x * 2.0), backend=backend)(np.arange(4))


@pytest.mark.parametrize("backend", BACKENDS)
def test_sign_and_comparisons_have_zero_gradient(backend: str) -> None:
    x = randn(3, 4)
    g = myia.grad(lambda x: np.sum(np.sign(x) + np.floor(x) + (x > 0)), backend=backend)(x)
    np.testing.assert_array_equal(g, np.zeros_like(x))


# ---------------------------------------------------------------------------
# Sizes known only at run time


def dynamic_reductions(x, n):
    y = x[:n]
    return (
        np.sum(np.mean(y, axis=0) ** 2)
        + np.sum(y * np.max(y, axis=1, keepdims=True))
        + np.sum(y.T @ y)
    )


def dynamic_tuple(x, n):
    parts = (x[:n], x[n:])
    a, _ = parts
    return np.sum(a**2)


def dynamic_concatenate(x, n):
    y = np.concatenate((x[:n], x[n:] * 2.0), axis=0)
    return np.sum(np.sin(y) * x)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("f", [dynamic_reductions, dynamic_tuple, dynamic_concatenate])
def test_dynamic_sizes(f: Callable[..., Any], backend: str) -> None:
    check_grad(f, (randn(5, 3), 2), 0, backend)


# ---------------------------------------------------------------------------
# Models: an MLP, a tanh RNN through a Python loop, a training step in jit


def mlp_loss(w1, b1, w2, b2, x, y):
    h = np.tanh(x @ w1 + b1)
    out = h @ w2 + b2
    return np.sum((out - y) ** 2) / x.shape[0]


def rnn_loss(wx, wh, b, xs, h0):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ wx + h @ wh + b)
    return np.sum(h**2)


MLP_ARGS = (
    randn(4, 6) * 0.5,
    randn(6) * 0.1,
    randn(6, 3) * 0.5,
    randn(3) * 0.1,
    randn(5, 4),
    randn(5, 3),
)
RNN_ARGS = (randn(3, 4) * 0.5, randn(4, 4) * 0.5, randn(4) * 0.1, randn(6, 2, 3), randn(2, 4) * 0.1)


@pytest.mark.parametrize("backend", BACKENDS)
def test_mlp_gradient(backend: str) -> None:
    check_grad(mlp_loss, MLP_ARGS, (0, 1, 2, 3), backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_mlp_gradient_float32(backend: str) -> None:
    args = tuple(a.astype(np.float32) for a in MLP_ARGS)
    check_grad(mlp_loss, args, (0, 1, 2, 3), backend, rtol=2e-3, atol=2e-3)


@pytest.mark.parametrize("backend", BACKENDS)
def test_rnn_gradient_through_loop(backend: str) -> None:
    check_grad(rnn_loss, RNN_ARGS, (0, 1, 2, 3, 4), backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_training_step_in_jit(backend: str) -> None:
    def step(w1, b1, w2, b2, x, y):
        loss, grads = myia.value_and_grad(mlp_loss, argnums=(0, 1, 2, 3))(w1, b1, w2, b2, x, y)
        g1, gb1, g2, gb2 = grads
        return loss, w1 - 0.1 * g1, b1 - 0.1 * gb1, w2 - 0.1 * g2, b2 - 0.1 * gb2

    result = myia.jit(step, backend=backend)(*MLP_ARGS)
    loss = result[0]
    np.testing.assert_allclose(loss, mlp_loss(*MLP_ARGS), rtol=1e-12)
    for k, w in enumerate(MLP_ARGS[:4]):
        expected = w - 0.1 * numeric_grad(mlp_loss, MLP_ARGS, k)
        np.testing.assert_allclose(result[1 + k], expected, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------
# Second order: gradients of Hessian-vector products


def elementwise_f(x, c):
    return np.sum(np.exp(np.sin(x)) * x * c + np.tanh(x) ** 2 / (x * x + 1.0))


def broadcast_f(x, b):
    return np.sum(np.log(np.exp(x + b) + 1.0) * np.sum(x, axis=0, keepdims=True))


def matmul_f(a, b):
    return np.sum(np.tanh(a @ b) * (a @ b))


def reductions_f(x, c):
    return np.sum(np.mean(x, axis=1) ** 3) + np.max(np.sum(x * x * c, axis=0)) + np.prod(x[0])


def softmax_f(x, w):
    return np.sum(softmax(x) * w)


def views_f(x, c):
    y = np.concatenate((x[1:, ::2], x[:1, 1::2] * c[:1, :2]), axis=0)
    z = np.where(y > 0, y, 0.5 * y)
    return np.sum(z**3) + np.sum(np.stack((x[0], x[-1])).T @ x[:2])


HVP_CASES = [
    (elementwise_f, (randn(3, 4), randn(3, 4))),
    (broadcast_f, (randn(3, 4), randn(4))),
    (matmul_f, (randn(3, 4) * 0.5, randn(4, 2) * 0.5)),
    (reductions_f, (randn(3, 4), randn(4))),
    (softmax_f, (randn(2, 5), randn(2, 5))),
    (views_f, (randn(3, 4), randn(3, 4))),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", HVP_CASES, ids=[c[0].__name__ for c in HVP_CASES])
def test_second_order(case: tuple, backend: str) -> None:
    """grad(x -> <grad f(x), v>) is the Hessian of f times v: compared with
    finite differences of the (compiled, already checked) first-order gradient."""
    f, args = case
    v = randn(*args[0].shape)

    def hvp(x, c, direction):
        return np.sum(myia.grad(f)(x, c) * direction)

    first = myia.jit(hvp, backend=backend)
    hessian_v = myia.grad(hvp, backend=backend)(*args, v)
    expected = numeric_grad(first, (*args, v), 0, eps=1e-5)
    np.testing.assert_allclose(hessian_v, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("backend", BACKENDS)
def test_third_order_elementwise(backend: str) -> None:
    def f(x):
        return np.sum(np.sin(x) * x)

    def g(x):
        return np.sum(myia.grad(f)(x))

    def h(x):
        return np.sum(myia.grad(g)(x))

    x = randn(5)
    # f' = sin x + x cos x, f'' = 2 cos x - x sin x, f''' = -3 sin x - x cos x
    np.testing.assert_allclose(
        myia.grad(h, backend=backend)(x), -3 * np.sin(x) - x * np.cos(x), rtol=1e-10
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_rnn_weights_only(backend: str) -> None:
    """Only the weights: the sequence's gradient is never made (the loop's
    backpropagators return placeholders for it), the weights' are right."""
    check_grad(rnn_loss, RNN_ARGS, (0, 1), backend)
    gb = myia.grad(rnn_loss, argnums=2, backend=backend)(*RNN_ARGS)
    np.testing.assert_allclose(gb, numeric_grad(rnn_loss, RNN_ARGS, 2), rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------------------
# The array corpus, differentiated: a weighted sum of each program's float
# outputs, with respect to its float array arguments


CORPUS_DIR = Path(__file__).parent / "array_programs"
CORPUS = sorted(p.stem for p in CORPUS_DIR.glob("*.py") if not p.name.startswith("_"))


def _leaves(value: Any, path: tuple = ()) -> list[tuple[tuple, Any]] | None:
    """The float leaves of a program's result, by path through its tuples
    (None: a result this test does not handle, such as a dataclass)."""
    if isinstance(value, tuple):
        out: list[tuple[tuple, Any]] = []
        for i, v in enumerate(value):
            sub = _leaves(v, (*path, i))
            if sub is None:
                return None
            out += sub
        return out
    if isinstance(value, np.ndarray | np.floating | float) and not isinstance(value, bool):
        dtype = np.asarray(value).dtype
        return [(path, value)] if dtype.kind == "f" and dtype.itemsize >= 4 else []
    if isinstance(value, np.ndarray | np.generic | int | bool):
        return []
    return None


def corpus_loss_source(program: str, nargs: int, leaves: list[tuple[tuple, Any]]) -> str:
    params = [f"a{i}" for i in range(nargs)]
    weights = [f"w{i}" for i in range(len(leaves))]
    terms = [
        f"np.sum(out{''.join(f'[{k}]' for k in path)} * {w})"
        for (path, _), w in zip(leaves, weights)
    ]
    return (
        "import numpy as np\n"
        f"from {program} import main\n\n\n"
        f"def loss({', '.join(params + weights)}):\n"
        f"    out = main({', '.join(params)})\n"
        f"    return {' + '.join(terms)}\n"
    )


def corpus_cases(program: str) -> list[tuple[Any, tuple, tuple, float]]:
    """(loss function, arguments, argnums, rtol) for each case of ``program``
    that has float array arguments and float results."""
    import importlib.util
    import sys
    import tempfile

    from myia.frontend import load_python_file

    if str(CORPUS_DIR) not in sys.path:
        sys.path.insert(0, str(CORPUS_DIR))
    module = load_python_file(CORPUS_DIR / f"{program}.py")
    cases = []
    rng = np.random.default_rng(7)
    for k, case in enumerate(module.CASES):
        argnums = tuple(
            i for i, a in enumerate(case) if isinstance(a, np.ndarray) and a.dtype.kind == "f"
        )
        leaves = _leaves(module.main(*case))
        if not argnums or not leaves:
            continue
        weights = tuple(
            rng.standard_normal(np.shape(v)).astype(np.asarray(v).dtype)
            if np.ndim(v)
            else float(rng.standard_normal())
            for _, v in leaves
        )
        folder = Path(tempfile.mkdtemp(prefix="myia_corpus_grad_"))
        path = folder / f"grad_{program}_{k}.py"
        path.write_text(corpus_loss_source(program, len(case), leaves))
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = loaded
        spec.loader.exec_module(loaded)
        # Through float32 values, differences need a larger step.
        single = any(np.asarray(v).dtype == np.float32 for _, v in leaves) or any(
            np.asarray(a).dtype == np.float32 for a in case
        )
        cases.append((loaded.loss, (*case, *weights), argnums, single))
    return cases


CORPUS_GRAD_ANALYTIC = {
    "float_floordiv_mod": "steps and jumps: checked against closed forms (test_mod_floordiv)",
    "numpy_scalars": "infinite and NaN results by design (numpy's division by zero)",
}
"""Programs whose finite differences mean nothing (a jump in the step, results
that are not finite)."""

CORPUS_GRAD_UNSUPPORTED: dict[str, str] = {}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("program", CORPUS)
def test_corpus_gradient(program: str, backend: str) -> None:
    if program in CORPUS_GRAD_UNSUPPORTED:
        pytest.xfail(CORPUS_GRAD_UNSUPPORTED[program])
    if program in CORPUS_GRAD_ANALYTIC:
        pytest.skip(CORPUS_GRAD_ANALYTIC[program])
    cases = corpus_cases(program)
    if not cases:
        pytest.skip("no float array argument with a float result")
    for loss, args, argnums, single in cases:
        if single:
            check_grad(loss, args, argnums, backend, rtol=5e-3, atol=5e-3, eps=1e-3)
        else:
            check_grad(loss, args, argnums, backend, rtol=1e-5, atol=1e-6)


def branch_on_dynamic_sizes(x, n, c):
    a = x[:n]
    if c:
        a = a * 2.0
    else:
        x = x * 3.0
    return np.sum(a * a) + np.sum(x)


def concatenated_in_a_loop(x, w, n, c):
    acc = x
    for _ in range(n):
        acc = np.concatenate((acc, acc * 0.5))
    if c:
        r = np.sum(acc * w)
    else:
        r = np.sum(acc[1:] * acc[1:]) + w
    return r


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("c", [True, False])
def test_branches_over_arrays_of_run_time_sizes(backend: str, c: bool) -> None:
    """The branch not taken gets zero sensitivities shaped like its arguments,
    whose sizes are known only at run time (the taken branch's variant receives
    them); forgetting sizes (a cast) passes the sensitivity back."""
    check_grad(branch_on_dynamic_sizes, (randn(5), 2, c), (0,), backend, rtol=1e-6, atol=1e-8)
    check_grad(concatenated_in_a_loop, (randn(3), 0.5, 2, c), (0, 1), backend, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("backend", BACKENDS)
def test_mod_floordiv(backend: str) -> None:
    """x % y has gradient 1 in x and -floor(x / y) in y (numpy's sign of the
    divisor); x // y has none."""
    x, y = randn(3, 4) * 5, randn(4) + 0.1
    gx, gy = myia.grad(lambda x, y: np.sum(x % y + x // y), argnums=(0, 1), backend=backend)(x, y)
    np.testing.assert_allclose(gx, np.ones_like(x))
    np.testing.assert_allclose(gy, -np.sum(np.floor(x / y), axis=0))
