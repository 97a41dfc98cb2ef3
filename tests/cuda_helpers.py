"""What the cuda backend's tests share: the PTX check of every kernel they generate,
and how results are compared with the cpu backend's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from myia.runtime.cuda import GENERATED
from myia.runtime.cuda_device import simulated
from myia.runtime.cuda_ptx import check_ptx

#: Relative tolerances of cuda against cpu: kernels sum in another order (a tree),
#: and the GPU's float32 math functions are not the CPU's.
AGAINST_CPU = {"float16": 1e-2, "float32": 2e-5, "float64": 1e-12}


@pytest.fixture(scope="module")
def kernels_compile_to_ptx() -> Iterator[None]:
    """After a test module: every kernel its tests generated compiles to PTX for sm_90
    (on the simulator, which runs kernels as Python and checks no types)."""
    before = set(GENERATED)
    yield
    if not simulated():
        return  # (numba compiled them for the GPU itself)
    new = [code for key, code in GENERATED.items() if key not in before]
    failures = check_ptx(new)
    assert not failures, "\n\n".join(f"@{f['symbol']}: {f['error']}" for f in failures)
