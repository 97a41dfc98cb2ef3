"""pytest's set-up for the whole suite.

The cuda backend's tests run on numba's CUDA simulator when this machine has no GPU:
``NUMBA_ENABLE_CUDASIM`` must be set before ``numba.cuda`` is first imported (numba
reads it once per process), so it is set here, when pytest starts each process,
before any test module is imported (no other test imports ``numba.cuda``). A value
the user set is kept. On a machine with a GPU, the same tests run on it.
"""

from __future__ import annotations

import ctypes
import os


def _has_cuda_gpu() -> bool:
    """Whether the CUDA driver is there and sees a device (without numba)."""
    try:
        driver = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    count = ctypes.c_int(0)
    if driver.cuInit(0) != 0 or driver.cuDeviceGetCount(ctypes.byref(count)) != 0:
        return False
    return count.value > 0


if "NUMBA_ENABLE_CUDASIM" not in os.environ and not _has_cuda_gpu():
    os.environ["NUMBA_ENABLE_CUDASIM"] = "1"
