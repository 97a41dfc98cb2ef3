"""The cuda target: fused myia -> GPU kernels (xDSL's ``gpu`` dialect) -> numba.cuda.

Passes (each a module here, with lit tests in ``tests/filecheck/cuda``):

========================  ============================================================
``convert-myia-to-gpu``   array operations -> ``gpu.func`` kernels + ``myia_gpu`` launches
``myia-gpu-to-numba``     each kernel's numba.cuda source, on the kernel
``myia-cuda``             the whole cuda pipeline from typed myia (declared in
                          :mod:`myia.lowering.pipelines` with the cpu one)
========================  ============================================================

Kernels: :mod:`.map_kernels` (elementwise), :mod:`.reduce_kernels`,
:mod:`.matmul_kernels`, built with :mod:`.kernel_ir`; their scalar code in numba is
:mod:`.numba_ops`. ``myia-opt -t numba-cuda`` prints the kernels' sources. The
runtime is :mod:`myia.runtime.cuda`; the design is in ``docs/cuda.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from myia.registry import lazy_attribute

if TYPE_CHECKING:
    from myia.registry import Registry


def _lazy(module: str, cls: str) -> Callable[[], Any]:
    return lazy_attribute(f"myia.lowering.cuda.{module}", cls)


PASSES = {
    "convert-myia-to-gpu": _lazy("to_gpu", "ConvertMyiaToGpu"),
    "myia-gpu-to-numba": _lazy("to_numba", "MyiaGpuToNumba"),
}
TARGETS = {"numba-cuda": _lazy("to_numba", "NumbaCudaTarget")}


def _dialect() -> Any:
    from myia.dialects.myia_gpu import MyiaGpu

    return MyiaGpu


def register(registry: Registry) -> None:
    """Add the cuda passes, the ``myia_gpu`` dialect and the ``numba-cuda`` target."""
    registry.register_dialect("myia_gpu", _dialect)
    for name, factory in PASSES.items():
        registry.register_pass(name, factory)
    for name, factory in TARGETS.items():
        registry.register_target(name, factory)
