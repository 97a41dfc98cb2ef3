"""What the cuda backend's tests share: the PTX check of every kernel they generate,
and how results are compared with the cpu backend's."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from myia.runtime.cuda import GENERATED
from myia.runtime.cuda_device import simulated
from myia.runtime.cuda_launch import KernelCode
from myia.runtime.cuda_ptx import check_ptx

#: Relative tolerances of cuda against cpu: kernels sum in another order (a tree),
#: and the GPU's float32 math functions are not the CPU's.
AGAINST_CPU = {"float16": 1e-2, "float32": 2e-5, "float64": 1e-12}

_CHECKED: set[tuple[str, str]] = set()
"""The kernels this process has compiled to PTX."""


def _claimed_by_this_worker(code: KernelCode) -> bool:
    """Whether this process compiles ``code`` to PTX: pytest-xdist's workers
    generate many of the same kernels, and each compiles to PTX in about a second,
    so the first worker of the run to claim a kernel checks it (a file created
    atomically in the run's directory, which tests/conftest.py makes)."""
    claims = os.environ.get("MYIA_TEST_PTX_CLAIMS")  # (see tests/conftest.py)
    if claims is None:
        return True
    directory = Path(claims)
    digest = hashlib.sha256(f"{code.signature}\n{code.source}".encode()).hexdigest()
    try:
        os.close(os.open(directory / digest, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


@pytest.fixture(scope="module")
def kernels_compile_to_ptx() -> Iterator[None]:
    """After a test module: every kernel its tests generated compiles to PTX for sm_90
    (on the simulator, which runs kernels as Python and checks no types)."""
    yield
    if not simulated():
        return  # (numba compiled them for the GPU itself)
    new = [code for key, code in GENERATED.items() if key not in _CHECKED]
    _CHECKED.update(GENERATED)
    failures = check_ptx([code for code in new if _claimed_by_this_worker(code)])
    assert not failures, "\n\n".join(f"@{f['symbol']}: {f['error']}" for f in failures)
