"""The ``cuda`` pipeline: what ``myia.jit(f, backend="cuda")`` runs on a typed module.

It shares the ``cpu`` pipeline's passes up to fused myia (simplification, then
``myia-fuse-arrays``: elementwise chains as ``array_map``/``array_reduce`` kernels of
scalar functions), then maps every array operation to a GPU kernel
(``convert-myia-to-gpu``) and writes each kernel's numba.cuda source
(``myia-gpu-to-numba``). ``myia-opt`` runs the same list as the pass ``myia-cuda``::

    myia-opt prog.py --entry f -p 'myia-infer{entry=f args=tensor<4x3xf64>},myia-cuda'
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass

from myia.lowering.arrays.fuse import FuseArrays
from myia.lowering.cuda.to_gpu import ConvertMyiaToGpu
from myia.lowering.cuda.to_numba import MyiaGpuToNumba
from myia.passes.cse import CSEPass
from myia.passes.dce import DeadCodeElimination
from myia.passes.inline import InlinePass

__all__ = ["CudaPipeline", "cuda_pipeline"]


def cuda_pipeline() -> list[ModulePass]:
    """Typed myia -> host functions launching ``gpu.func`` kernels with their source."""
    return [
        InlinePass(simplify=True),  # (the simplification every target shares)
        CSEPass(),
        DeadCodeElimination(),
        FuseArrays(),  # elementwise chains -> kernels of scalar functions
        ConvertMyiaToGpu(),  # array operations -> gpu.func kernels, myia_gpu launches
        MyiaGpuToNumba(),  # each kernel's numba.cuda source
    ]


@dataclass(frozen=True)
class CudaPipeline(ModulePass):
    """The cuda backend's passes, typed myia to kernels and host code (what myia.jit
    runs for backend="cuda")."""

    name = "myia-cuda"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for pass_ in cuda_pipeline():
            pass_.apply(ctx, op)
