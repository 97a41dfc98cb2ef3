"""Float ``//``, ``%`` and ``divmod`` agree with CPython bit for bit, signed zeros,
infinities and NaN included, on every backend and in constant folding; numpy
arrays and numpy scalars agree with numpy.

The comparison is exact: CPython's ``float_divmod`` is ``fmod`` (exact in every
libm) followed by IEEE additions, a division and ``floor``, and numpy's
``npy_divmod`` is the same algorithm, so no last-bit difference between math
libraries can enter.
"""

from __future__ import annotations

import itertools
import math
import struct
import textwrap
import warnings

import numpy as np
import pytest

import myia
from myia.dialects.primitive import PRIMITIVES
from myia.dialects.rules_util import PY_FLOAT, with_value
from myia.frontend import load_python_file

BACKENDS = ["interp-untyped", "interp", "cpu"]
TYPED_BACKENDS = ["interp", "cpu"]

SPECIAL = [0.0, 1e-300, 5.0, math.inf, 6.0, 3.0, 0.25, 7.5]
VALUES = [v for x in SPECIAL for v in (x, -x)] + [math.nan]
PAIRS = [(a, b) for a, b in itertools.product(VALUES, VALUES) if b != 0.0]
ZERO_DIVISORS = [(a, b) for a in VALUES for b in (0.0, -0.0)]


def same_float(expected: float, actual: float) -> bool:
    """Equal bits (so the sign of zero counts); any NaN equals any NaN."""
    actual = float(actual)
    if math.isnan(expected):
        return math.isnan(actual)
    return struct.pack("<d", expected) == struct.pack("<d", actual)


def python_divmod(a: float, b: float) -> tuple[float, float, tuple[float, float]]:
    return a // b, a % b, divmod(a, b)


def divmod3(a, b):
    return a // b, a % b, divmod(a, b)


def mod_then_atan2(x):
    return math.atan2(x % 1.0, -1.0)


def flat(result) -> list[float]:
    q, r, (dq, dr) = result
    return [q, r, dq, dr]


def mismatches(pairs: list, results: list, expected_of) -> list:
    """The pairs whose results differ (pairs, not a dict: 0.0 and -0.0 are equal keys)."""
    return [
        (a, b, flat(expected_of(a, b)), flat(got))
        for (a, b), got in zip(pairs, results, strict=True)
        if not all(map(same_float, flat(expected_of(a, b)), flat(got)))
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_float_floordiv_mod_agree_with_cpython_bit_for_bit(backend):
    f = myia.jit(divmod3, backend=backend)
    results = [f(a, b) for a, b in PAIRS]
    assert mismatches(PAIRS, results, python_divmod) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_issue_examples(backend):
    f = myia.jit(divmod3, backend=backend)
    assert same_float(0.0, f(-0.0, 1.0)[1])
    assert same_float(0.0, f(-6.0, 3.0)[1])
    assert same_float(-0.0, f(-0.0, 0.25)[0])
    assert f(-5.0, math.inf) == (-1.0, math.inf, (-1.0, math.inf))
    assert myia.jit(mod_then_atan2, backend=backend)(-0.0) == math.pi


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("a", [5.0, -0.0, math.inf, math.nan])
@pytest.mark.parametrize("op", ["//", "%", "divmod"])
def test_float_zero_divisor_raises_as_python(backend, a, op):
    def python(x, y):
        return divmod(x, y) if op == "divmod" else eval(f"x {op} y")

    with pytest.raises(ZeroDivisionError) as expected:
        python(a, 0.0)
    f = myia.jit(divmod3, backend=backend)
    with pytest.raises(ZeroDivisionError, match=str(expected.value).split()[0]):
        f(a, -0.0)


def test_constant_folding_agrees_with_cpython(tmp_path):
    """Both operands known at compile time: the folded constants (inference's fold
    on numpy scalars, checked with Python's operators) are CPython's."""
    for name in ("floordiv", "mod"):
        infer = PRIMITIVES[name].rules["infer"]
        python = {"floordiv": float.__floordiv__, "mod": float.__mod__}[name]
        for a, b in PAIRS:
            folded = infer([with_value(PY_FLOAT, a), with_value(PY_FLOAT, b)], None)
            assert folded.value is not None, (name, a, b)
            assert same_float(python(a, b), folded.value), (name, a, b, folded.value)
    # End to end, with every pair written as literals in one function.
    body = ", ".join(f"divmod3(float('{a!r}'), float('{b!r}'))" for a, b in PAIRS)
    source = textwrap.dedent(f"""
        def divmod3(a, b):
            return a // b, a % b, divmod(a, b)

        def table():
            return ({body},)
    """)
    path = tmp_path / "folded_divmod.py"
    path.write_text(source)
    module = load_python_file(path)
    for backend in BACKENDS:
        got = myia.jit(module.table, backend=backend)()
        assert mismatches(PAIRS, list(got), python_divmod) == [], backend


def numpy_divmod(a, b):
    with np.errstate(all="ignore"):
        q, r = a // b, a % b
        return q, r, (q, r)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's, on NaN operands
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numpy_scalars_agree_with_numpy(backend, dtype):
    """numpy scalars: numpy's npy_divmod (for nonzero divisors, CPython's algorithm
    in the scalar's own precision)."""
    f = myia.jit(divmod3, backend=backend)
    for a, b in PAIRS:
        if dtype(b) == 0:
            continue  # 1e-300 in float32: a zero divisor (see the user guide)
        got = f(dtype(a), dtype(b))
        expected = numpy_divmod(dtype(a), dtype(b))
        if dtype is np.float32:
            assert all(type(x) is dtype for x in flat(got)), (a, b, got)
        assert all(map(same_float, flat(expected), flat(got))), (a, b, expected, got)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numpy_arrays_agree_with_numpy(backend, dtype):
    """Elementwise on arrays: numpy's npy_divmod, zero divisors included (inf or
    nan, no error)."""
    pairs = PAIRS + ZERO_DIVISORS
    a = np.array([p[0] for p in pairs], dtype)
    b = np.array([p[1] for p in pairs], dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = myia.jit(divmod3, backend=backend)(a, b)
    expected = numpy_divmod(a, b)
    for e, g in zip(flat(expected), flat(got), strict=True):
        assert g.dtype == e.dtype
        bad = [
            (pairs[i], e[i], g[i])
            for i in range(len(pairs))
            if not same_float(float(e[i]), float(g[i]))
        ]
        assert bad == []
