"""The array corpus: every ``tests/array_programs/*.py`` agrees with numpy on every backend.

Each program defines ``main(...)`` and ``CASES`` (tuples of arguments: numpy
arrays, scalars, dataclasses of arrays). numpy itself is the oracle: ``main``
run by CPython. Results must have numpy's shapes and dtypes and agree within a
tolerance that depends on the dtype (compiled code may sum in another order).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import myia
from myia.frontend import load_python_file

PROGRAM_DIR = Path(__file__).parent / "array_programs"
PROGRAMS = sorted(p.stem for p in PROGRAM_DIR.glob("*.py") if not p.name.startswith("_"))


@dataclass(frozen=True)
class Backend:
    name: str
    #: Relative tolerance by float dtype (others must be equal).
    rtol: dict[str, float] = field(default_factory=dict)
    unsupported: dict[str, str] = field(default_factory=dict)


ULPS: dict[str, float] = {"float16": 0, "float32": 0, "float64": 0}
"""Within 2 ulp: the untyped interpreter calls numpy's own functions on the same
values, but numpy's result may depend on how it gets there (its SIMD loops, AVX-512
among them, serve contiguous arrays; strided ones and scalars may take the C
library's functions), so even numpy against numpy is not compared bit for bit."""
CLOSE = {"float16": 1e-2, "float32": 2e-5, "float64": 1e-11}

BACKENDS = [
    Backend("interp-untyped", ULPS),
    Backend("interp", CLOSE),
    Backend("cpu", CLOSE),
]


def load(name: str) -> Any:
    if str(PROGRAM_DIR) not in sys.path:
        sys.path.insert(0, str(PROGRAM_DIR))
    return load_python_file(PROGRAM_DIR / f"{name}.py")


def assert_agree(expected: Any, actual: Any, rtol: dict[str, float], path: str = "result") -> None:
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple) and len(actual) == len(expected), f"{path}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_agree(e, a, rtol, f"{path}[{i}]")
        return
    if is_dataclass(expected):
        for f in fields(expected):
            assert_agree(
                getattr(expected, f.name), getattr(actual, f.name), rtol, f"{path}.{f.name}"
            )
        return
    if isinstance(expected, bool | int | float | np.generic):
        # numpy's scalars and Python's are told apart (np.float64 is a float).
        assert type(actual) is type(expected), (
            f"{path}: expected a {type(expected).__name__}, got {actual!r}"
        )
    e, a = np.asarray(expected), np.asarray(actual)
    assert isinstance(actual, np.ndarray) == isinstance(expected, np.ndarray), (
        f"{path}: expected {type(expected).__name__}, got {type(actual).__name__}"
    )
    assert a.dtype == e.dtype, f"{path}: dtype {a.dtype}, numpy gives {e.dtype}"
    assert a.shape == e.shape, f"{path}: shape {a.shape}, numpy gives {e.shape}"
    tol = rtol.get(str(e.dtype))
    if tol is None:
        np.testing.assert_array_equal(a, e, err_msg=path)
    elif tol == 0:
        np.testing.assert_array_equal(np.isnan(a), np.isnan(e), err_msg=path)
        np.testing.assert_array_max_ulp(a, e, maxulp=2)
    else:
        scale = np.max(np.abs(e)) if e.size else 0.0
        np.testing.assert_allclose(a, e, rtol=tol, atol=tol * scale * 1e-3, err_msg=path)


def test_corpus_is_well_formed() -> None:
    assert len(PROGRAMS) >= 30
    for name in PROGRAMS:
        module = load(name)
        assert callable(module.main), name
        assert module.CASES, name


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.name)
@pytest.mark.parametrize("program", PROGRAMS)
def test_run(program: str, backend: Backend) -> None:
    if program in backend.unsupported:
        pytest.xfail(backend.unsupported[program])
    module = load(program)
    compiled = myia.jit(module.main, backend=backend.name)
    for case in module.CASES:
        expected = module.main(*case)
        actual = compiled(*case)
        assert_agree(expected, actual, backend.rtol)
