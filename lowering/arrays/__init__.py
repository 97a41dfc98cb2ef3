"""Arrays in native code: numpy's operations lowered to loops over memory.

* :mod:`.fuse` -- ``myia-fuse-arrays``: elementwise operations grouped into
  kernels (``array_map``, ``array_reduce``) so that a chain makes no
  intermediate array;
* :mod:`.values`, :mod:`.kernels`, :mod:`.scalar`, :mod:`.lower`,
  :mod:`.matmul` -- the ``lower`` rules of the array primitives, used by
  ``convert-myia-to-cf``: views, ``scf.for`` loops over raw pointers, BLAS;
* :mod:`.parallel` -- ``myia-parallel-loops``: loops marked ``myia.parallel``
  outlined and run by the runtime's ``myia_parallel_for``.
"""

from __future__ import annotations

from myia.lowering.arrays.lower import register

_REGISTERED = False


def register_lowering() -> None:
    """Install the lower rules of the array primitives (once)."""
    global _REGISTERED
    if not _REGISTERED:
        register()
        _REGISTERED = True
