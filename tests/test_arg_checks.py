"""The callables the typed backends return check their arguments against the
entry's types before compiled code runs (runtime/arg_checks.py): count, Python
types, dtypes, ranks, static dimensions, C-contiguity, tuples and records."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from cuda_helpers import kernels_compile_to_ptx  # noqa: F401

import myia
from myia.api import get_backend
from myia.compiler import abstract_signature, parse, specialize
from myia.errors import MyiaError, MyiaOverflowError, MyiaTypeError
from myia.lowering.myia_to_cf import native_symbol
from myia.runtime.cpu import load_entry

BACKENDS = ["cpu", "interp", "cuda"]


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def dot(a, b):
    return np.sum(a * b)


def scaled(p, k):
    return p.x * k + p.y


def pair(t, n):
    return t[0] * t[1] + n


def compiled(backend, fn, *example):
    """The backend's callable of ``fn`` specialized for the example arguments,
    as ``jit`` makes it (through the public get_backend)."""
    frontend, entry = parse(fn)
    signature = tuple(map(abstract_signature, example))
    typed, symbol = specialize(frontend.module, entry, signature, frontend)
    return get_backend(backend)(typed, symbol)


@pytest.fixture(params=BACKENDS)
def backend(request):
    if request.param == "cuda":
        request.getfixturevalue("kernels_compile_to_ptx")
    return request.param


def test_a_shorter_array_is_rejected_before_native_code_runs(backend):
    run = compiled(backend, dot, np.ones(3), np.ones(3))
    assert run(np.arange(3.0), np.ones(3)) == 3.0
    with pytest.raises(MyiaTypeError) as info:
        run(np.ones(2), np.ones(3))
    message = str(info.value)
    assert "dot(): argument 'a'" in message
    assert "expected a float64 array of shape (3,)" in message
    assert "got a float64 array of shape (2,)" in message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((np.ones(3, dtype=np.int64), np.ones(3)), "got an int64 array of shape (3,)"),
        ((np.ones((3, 1)), np.ones(3)), "got a float64 array of shape (3, 1)"),
        ((1.0, np.ones(3)), "got a float"),
        ((np.ones(3), [1.0, 2.0, 3.0]), "argument 'b': expected a float64 array"),
    ],
)
def test_dtypes_ranks_and_python_types_are_checked(backend, args, expected):
    run = compiled(backend, dot, np.ones(3), np.ones(3))
    with pytest.raises(MyiaTypeError, match="dot[(][)]: argument") as info:
        run(*args)
    assert expected in str(info.value)


def test_the_count_of_arguments_is_checked(backend):
    run = compiled(backend, dot, np.ones(3), np.ones(3))
    with pytest.raises(MyiaTypeError, match=r"dot\(\) takes 2 arguments \(a, b\), got 1"):
        run(np.ones(3))


def test_scalars_records_and_tuples_are_checked(backend):
    run = compiled(backend, scaled, Point(1.0, 2.0), 3.0)
    assert run(Point(2.0, 1.0), 2.0) == 5.0
    with pytest.raises(
        MyiaTypeError, match="argument 'k': expected a float [(]f64[)], got an? int"
    ):
        run(Point(2.0, 1.0), 2)
    with pytest.raises(MyiaTypeError, match=r"argument 'p'\.y: expected a float \(f64\)"):
        run(Point(2.0, "1"), 2.0)
    with pytest.raises(MyiaTypeError, match=r"argument 'p': expected a .*Point, got a tuple"):
        run((2.0, 1.0), 2.0)
    run = compiled(backend, pair, (1.0, 2), 3)
    assert run((1.5, 2), 1) == 4.0
    with pytest.raises(
        MyiaTypeError, match=r"argument 't': expected a tuple of 2, got a tuple of 3"
    ):
        run((1.5, 2, 3), 1)
    with pytest.raises(
        MyiaTypeError, match=r"argument 't'\[1\]: expected an int \(i64\), got a float"
    ):
        run((1.5, 2.0), 1)


def test_numpy_scalars_of_other_widths_are_checked(backend):
    run = compiled(backend, pair, (np.float32(1.0), 2), 3)
    assert run((np.float32(1.5), 2), 1) == np.float32(4.0)
    with pytest.raises(MyiaTypeError, match=r"\[0\]: expected a numpy float32 scalar"):
        run((1.5, 2), 1)


def test_an_int_too_wide_for_64_bits_is_an_overflow(backend):
    run = compiled(backend, pair, (1.0, 2), 3)
    with pytest.raises(MyiaOverflowError, match="'n' is or holds an int that does not fit"):
        run((1.0, 2), 1 << 70)


def test_code_compiled_for_contiguous_arrays_rejects_strided_ones():
    # (jit compiles another specialization for them: only the backend's callable
    # given them directly meets the check)
    run = compiled("cpu", dot, np.ones(3), np.ones(3))
    with pytest.raises(MyiaTypeError, match=r"C-contiguous, got .* \(not C-contiguous\)"):
        run(np.ones(6)[::2], np.ones(3))
    strided = compiled("cpu", dot, np.ones(6)[::2], np.ones(3))
    assert strided(np.arange(6.0)[::2], np.ones(3)) == 6.0
    assert strided(np.arange(3.0), np.ones(3)) == 3.0


def test_jit_compiles_a_new_signature_rather_than_failing_the_check():
    f = myia.jit(dot)
    assert f(np.ones(3), np.ones(3)) == 3.0
    assert f(np.ones(2), np.ones(2)) == 2.0
    assert f(np.ones(3, dtype=np.int64), np.ones(3)) == 3.0
    assert f(np.ones(6)[::2], np.ones(3)) == 3.0
    assert f.compilations == 4


def test_jit_calls_the_unchecked_code_for_a_type_key_seen_before():
    f = myia.jit(dot)
    f(np.ones(3), np.ones(3))
    (run,) = f.specializations.values()
    assert list(f._by_key.values()) == [run.unchecked]


def test_a_module_the_cpu_pipeline_lowered_loads_with_its_checks():
    # (load_entry reads the entry's types and layout from the module's
    # myia.exports and myia.contiguous)
    f = myia.jit(dot)
    f(np.ones(3), np.ones(3))
    ((_, entry),) = f.typed_modules.values()
    (run,) = f.specializations.values()
    loaded = load_entry(run.lowered, native_symbol(entry))
    assert loaded(np.arange(3.0), np.ones(3)) == 3.0
    with pytest.raises(MyiaTypeError, match="argument 'arg1': expected a float64 array"):
        loaded(np.ones(3), np.ones(4))
    with pytest.raises(MyiaTypeError, match=r"C-contiguous, got .* \(not C-contiguous\)"):
        loaded(np.ones(6)[::2], np.ones(3))
    with pytest.raises(MyiaError, match=r"exports no function @nothere \(its exports: @dot\)"):
        load_entry(run.lowered, "nothere")
