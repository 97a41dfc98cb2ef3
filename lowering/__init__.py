"""Lowering typed myia to native code: myia -> func/cf/arith/math
(``convert-myia-to-cf``) -> llvm (``myia-to-llvm``, :mod:`.llvm`) -> LLVM IR.
:mod:`.pipelines` declares each target's passes in order (``myia-cpu``,
``myia-cuda``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from myia.lowering import cuda, llvm
from myia.registry import lazy_attribute

if TYPE_CHECKING:
    from xdsl.passes import ModulePass

    from myia.registry import Registry


def _lazy(module: str, cls: str) -> Callable[[], Any]:
    return lazy_attribute(f"myia.lowering.{module}", cls)


PASSES: dict[str, Callable[[], type[ModulePass]]] = {
    "myia-export": _lazy("exports", "MyiaExport"),
    "convert-myia-to-cf": _lazy("myia_to_cf", "ConvertMyiaToCf"),
    "myia-fuse-arrays": _lazy("arrays.fuse", "FuseArrays"),
    "myia-mark-contiguous": _lazy("arrays.contiguous", "MarkContiguous"),
    "myia-mark-results": _lazy("arrays.results", "MarkResults"),
    "myia-parallel-loops": _lazy("arrays.parallel", "ParallelLoops"),
    "myia-profile-lines": _lazy("profile_lines", "ProfileLines"),
    "myia-cpu": _lazy("pipelines", "CpuPipeline"),
    "myia-jit": _lazy("pipelines", "JitPipeline"),
    "myia-cuda": _lazy("pipelines", "CudaPipeline"),
}
"""The lowering passes outside :mod:`.llvm`, and the named pipelines, by name."""


def register(registry: Registry) -> None:
    """Add the lowering passes, the pipelines (and the llvm target) to ``registry``."""
    llvm.register(registry)
    cuda.register(registry)
    for name, factory in PASSES.items():
        registry.register_pass(name, factory)
