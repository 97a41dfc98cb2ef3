"""pytest's set-up for the whole suite.

The cuda backend's tests run on numba's CUDA simulator when this machine has no GPU:
``NUMBA_ENABLE_CUDASIM`` must be set before ``numba.cuda`` is first imported (numba
reads it once per process), so it is set here, when pytest starts each process,
before any test module is imported (no other test imports ``numba.cuda``). A value
the user set is kept. On a machine with a GPU, the same tests run on it.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from myia.runtime.cuda_device import has_cuda_gpu

if "NUMBA_ENABLE_CUDASIM" not in os.environ and not has_cuda_gpu():
    os.environ["NUMBA_ENABLE_CUDASIM"] = "1"


PTX_CLAIMS = "MYIA_TEST_PTX_CLAIMS"
"""The environment variable naming the directory where the workers of a test run
claim the kernels they compile to PTX (tests/cuda_helpers.py)."""


def pytest_configure(config):
    """The controller of a run makes the directory where its xdist workers (started
    after this, with its environment) claim the kernels they compile to PTX."""
    if not hasattr(config, "workerinput") and PTX_CLAIMS not in os.environ:
        os.environ[PTX_CLAIMS] = config.myia_ptx_claims = tempfile.mkdtemp(prefix="myia-ptx-")


def pytest_unconfigure(config):
    """The controller removes the claims it made when the run ends."""
    made = getattr(config, "myia_ptx_claims", None)
    if made is not None:
        os.environ.pop(PTX_CLAIMS, None)
        shutil.rmtree(made, ignore_errors=True)
