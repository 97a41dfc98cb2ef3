"""Reductions of no elements, as numpy: ``sum`` is 0, ``prod`` 1, ``mean`` nan
(no exception), and ``max``/``min``/``argmax``/``argmin`` raise numpy's
ValueError (a ``MyiaError`` naming the line), whether the shape says the array is
empty or a slice turns out empty at run time, over every axis or some."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import myia
from myia.errors import MyiaError

BACKENDS = ["interp", "cpu"]


def sum_(a, n, m):
    return np.sum(a[n:m])


def prod(a, n, m):
    return np.prod(a[n:m])


def mean(a, n, m):
    return np.mean(a[n:m])


def method_sum(a, n, m):
    return a[n:m].sum()


def fused_sum(a, n, m):
    return np.sum(a[n:m] * 2.0 + 1.0)


def fused_mean(a, n, m):
    return np.mean(np.exp(a[n:m]))


def sum_axis0(a, n, m):
    return np.sum(a[n:m], axis=0)


def prod_axis0_keepdims(a, n, m):
    return np.prod(a[n:m], axis=0, keepdims=True)


def mean_axis0(a, n, m):
    return np.mean(a[n:m], axis=0)


def max_axis1(a, n, m):
    return np.max(a[n:m], axis=1)  # the reduced axis is not the empty one


def argmin_axis1(a, n, m):
    return np.argmin(a[n:m], axis=1)


def max_(a, n, m):
    return np.max(a[n:m])


def min_(a, n, m):
    return np.min(a[n:m])


def argmax(a, n, m):
    return np.argmax(a[n:m])


def argmin(a, n, m):
    return np.argmin(a[n:m])


def method_max(a, n, m):
    return a[n:m].max()


def fused_max(a, n, m):
    return np.max(a[n:m] + 1.0)


def max_axis0(a, n, m):
    return np.max(a[n:m], axis=0)


def argmax_axis0(a, n, m):
    return np.argmax(a[n:m], axis=0)


VECTORS = [np.arange(6.0), np.arange(6, dtype=np.int64), np.arange(6.0, dtype=np.float32)]
VECTOR_BIG = np.linspace(0.0, 1.0, 100_000)  # big enough for the parallel path
MATRICES = [np.arange(12.0).reshape(4, 3), np.arange(12, dtype=np.int32).reshape(4, 3)]
EMPTY = [(0, 0), (2, 2), (5, 1)]


def numpy_value(fn, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy's "Mean of empty slice"
        return fn(*args)


def check_same(expected, got):
    assert np.asarray(got).dtype == np.asarray(expected).dtype
    assert np.shape(got) == np.shape(expected)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the interpreter runs numpy's mean
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fn", [sum_, prod, mean, method_sum, fused_sum, fused_mean])
def test_identity_of_empty_slices(backend, fn):
    f = myia.jit(fn, backend=backend)
    for a in [*VECTORS, VECTOR_BIG]:
        for n, m in EMPTY:
            check_same(numpy_value(fn, a, n, m), f(a, n, m))
        check_same(numpy_value(fn, a, 1, 4), f(a, 1, 4))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "fn", [sum_axis0, prod_axis0_keepdims, mean_axis0, max_axis1, argmin_axis1]
)
def test_empty_slices_along_an_axis(backend, fn):
    f = myia.jit(fn, backend=backend)
    for a in MATRICES:
        for n, m in EMPTY:
            check_same(numpy_value(fn, a, n, m), f(a, n, m))
        check_same(numpy_value(fn, a, 1, 3), f(a, 1, 3))


EXTREMA = [max_, min_, argmax, argmin, method_max, fused_max]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fn", [*EXTREMA, max_axis0, argmax_axis0])
def test_extremum_of_nothing_raises_value_error_naming_the_line(backend, fn):
    a = MATRICES[0] if fn in (max_axis0, argmax_axis0) else VECTORS[0]
    with pytest.raises(ValueError) as expected:
        fn(a, 2, 2)
    f = myia.jit(fn, backend=backend)
    for n, m in EMPTY:
        with pytest.raises(ValueError) as info:
            f(a, n, m)
        assert isinstance(info.value, MyiaError)
        text = str(info.value)
        assert str(expected.value) in text
        line = fn.__code__.co_firstlineno + 1
        assert f"{__file__}:{line}" in text, text
    check_same(fn(a, 1, 3), f(a, 1, 3))


def statically_empty(x, y):
    return (
        np.sum(x),
        np.prod(x, axis=0),
        np.mean(x, axis=0),
        np.max(x, axis=1),
        np.argmax(x, axis=1),
        np.sum(y, axis=1, keepdims=True),
        np.mean(y),
        np.min(y, axis=0),  # reduces the axis of 3: an empty result, no error
    )


def max_of_static_empty(x):
    return np.max(x, axis=0)


def argmin_of_static_empty(x):
    return np.argmin(x)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("backend", BACKENDS)
def test_statically_empty_shapes(backend):
    x, y = np.zeros((0, 3)), np.ones((3, 0), np.float32)
    got = myia.jit(statically_empty, backend=backend)(x, y)
    expected = numpy_value(statically_empty, x, y)
    assert len(got) == len(expected)
    for e, g in zip(expected, got, strict=True):
        check_same(e, g)
    for fn in (max_of_static_empty, argmin_of_static_empty):
        with pytest.raises(ValueError) as expected_error:
            fn(x)
        with pytest.raises(ValueError, match=str(expected_error.value)) as info:
            myia.jit(fn, backend=backend)(x)
        assert isinstance(info.value, MyiaError)


def test_mean_of_nothing_does_not_warn_in_compiled_code():
    """numpy warns ("Mean of empty slice"); compiled code gives nan silently, as
    it does for a float division by zero in an array."""
    f = myia.jit(mean, backend="cpu")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(f(VECTORS[0], 3, 3))


def times_one_element(a, b, n, m):
    return a[n:m] * b  # b has one element: broadcast to the slice's size


def one_element_plus(a, b, n, m):
    return b + a[n:m]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fn", [times_one_element, one_element_plus])
def test_empty_slice_broadcast_with_one_element(backend, fn):
    """0 broadcast with 1 is 0, as in numpy (cpu took the larger size, 1, and
    raised that the sizes do not match when the slice came first; found by the
    fuzzer)."""
    f = myia.jit(fn, backend=backend)
    b = np.array([2.0])
    for a in VECTORS:
        for n, m in EMPTY:
            check_same(fn(a, b, n, m), f(a, b, n, m))
        check_same(fn(a, b, 1, 3), f(a, b, 1, 3))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fn", [sum_, prod, mean, fused_sum])
def test_gradients_of_reductions_of_nothing(backend, fn):
    """No element, no gradient: zeros (the gradient of prod broadcast its
    product, of one element, against the empty slice)."""
    a = VECTORS[0]
    for n, m in EMPTY:
        value, grad = myia.value_and_grad(fn, backend=backend)(a, n, m)
        check_same(np.float64(numpy_value(fn, a, n, m)), np.float64(value))
        check_same(np.zeros_like(a), grad)
