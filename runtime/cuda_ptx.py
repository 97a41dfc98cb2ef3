"""Compiling the cuda backend's kernels to PTX, without a GPU.

numba's CUDA simulator runs kernels as Python and checks no types: a kernel that
numba could not compile for the GPU may run fine in it. :func:`check_ptx` compiles
kernels (:class:`myia.runtime.cuda_launch.KernelCode`) to PTX for a compute
capability (sm_90 by default) through NVVM, as numba would for the GPU. The
simulator replaces numba's compiler in the process that enabled it, so the
compilation runs in a child process without ``NUMBA_ENABLE_CUDASIM``
(``python -m myia.runtime.cuda_ptx``, kernels as JSON on stdin), where numba's
device functions are told the compute capability (they would ask a device for it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from typing import Any

from myia.runtime.cuda_launch import KernelCode

__all__ = ["check_ptx", "compile_ptx"]


def compile_ptx(kernels: Iterable[dict[str, Any]], cc: tuple[int, int]) -> list[dict[str, str]]:
    """Compile each kernel (``source``, ``python_name``, ``signature``, ``symbol``) to
    PTX in this process; the failures, as ``{"symbol", "error"}``."""
    import numba.cuda.dispatcher
    from numba import cuda

    class Target:
        compute_capability = cc

    # Device functions (the kernels' helpers) are compiled for the current device's
    # compute capability: tell them the one asked for, since there is no device.
    numba.cuda.dispatcher.get_current_device = Target  # type: ignore[attr-defined]
    failures = []
    for kernel in kernels:
        namespace: dict[str, Any] = {}
        try:
            exec(compile(kernel["source"], f"<myia kernel {kernel['symbol']}>", "exec"), namespace)
            ptx, _ = cuda.compile_ptx(namespace[kernel["python_name"]], kernel["signature"], cc=cc)
            if ".entry" not in ptx:
                raise RuntimeError("no kernel entry in the PTX")
        except Exception as exc:
            failures.append({"symbol": kernel["symbol"], "error": f"{type(exc).__name__}: {exc}"})
    return failures


def check_ptx(kernels: Iterable[KernelCode], cc: tuple[int, int] = (9, 0)) -> list[dict[str, str]]:
    """Compile ``kernels`` to PTX for ``cc`` in a child process without the simulator;
    the failures (an empty list when every kernel compiles)."""
    payload = [
        {
            "symbol": k.symbol,
            "source": k.source,
            "python_name": k.python_name,
            "signature": k.signature,
        }
        for k in kernels
    ]
    if not payload:
        return []
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    done = subprocess.run(
        [sys.executable, "-m", "myia.runtime.cuda_ptx", f"{cc[0]}.{cc[1]}"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        start_new_session=True,  # (no terminal: a stopped job must not stop it)
    )
    if done.returncode:
        raise RuntimeError(f"the PTX compilation process failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    major, minor = (int(p) for p in sys.argv[1].split("."))
    kernels = json.load(sys.stdin)
    json.dump(compile_ptx(kernels, (major, minor)), sys.stdout)


if __name__ == "__main__":
    main()
