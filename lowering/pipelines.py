"""The native pipelines: what ``myia.jit`` runs on a typed module, pass by pass.

Each target is one function returning its passes in order, as MLIR's Toy
tutorial builds its pipeline with ``addPass``. The ``cpu`` backend runs
:func:`cpu_pipeline` on the typed module of each signature (inferred, gradients
expanded), the ``cuda`` backend :func:`cuda_pipeline`; ``myia-opt`` runs the same
lists as the passes ``myia-cpu{entry=f}`` and ``myia-cuda{entry=f}``::

    myia-opt prog.py --entry f -p 'myia-infer{entry=f args=float},myia-grad,myia-cpu{entry=f}'

prints the llvm dialect module that ``myia.jit(f)(1.0)`` compiles (for array
arguments, add ``myia-mark-contiguous`` before ``myia-cpu``, as ``jit`` does for
C-contiguous arrays).

:func:`typed_to_fused` is the part every target shares, from typed myia to
simplified myia whose elementwise chains are kernels; :func:`typed_to_loops`
takes it on to ``func``/``cf``/``scf.for`` (loops marked ``myia.parallel`` where
their iterations are independent) and :func:`cpu_tail` to the llvm dialect and the
C ABI the runtime calls. A user's passes
(``myia.jit(f, passes=...)``) run on typed myia after simplification, and
``dce`` after them. What the
runtime needs from the compiled module (entry signatures, result slots, error
sites) the passes leave on it as attributes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline

from myia.errors import MyiaError
from myia.lowering.arrays.fuse import FuseArrays
from myia.lowering.arrays.parallel import ParallelLoops
from myia.lowering.arrays.results import MarkResults
from myia.lowering.exports import MyiaExport
from myia.lowering.llvm.capi import CApiWrappers
from myia.lowering.llvm.error_sites import NumberErrorSites
from myia.lowering.llvm.pipeline import MyiaToLLVM
from myia.lowering.myia_to_cf import ConvertMyiaToCf
from myia.lowering.profile_lines import ProfileLines
from myia.passes.check_nans import CheckNans
from myia.passes.conversion import ModuleConversion
from myia.passes.cse import CSEPass
from myia.passes.dce import DeadCodeElimination
from myia.passes.grad import GradPass
from myia.passes.infer import InferPass
from myia.passes.inline import InlinePass
from myia.registry import default_registry


def simplify_passes() -> list[ModulePass]:
    """Inline, fold and clean the typed module (``myia-inline{simplify=true},cse,dce``)."""
    return [InlinePass(simplify=True), CSEPass(), DeadCodeElimination()]


def typed_to_simplified(
    entry: str, passes: Sequence[ModulePass] = (), check_nans: bool = False
) -> list[ModulePass]:
    """Typed myia -> simplified (inlined, folded) myia, with the entry's
    signature exported. ``passes`` (a user's) run after simplification, followed
    by ``dce``; ``check_nans`` checks every float op's result before."""
    return [
        MyiaExport(entries=(entry,)),  # the signature Python calls (myia.exports)
        *([CheckNans()] if check_nans else []),  # (while the gradient's functions are apart)
        *simplify_passes(),
        *passes,
        *([DeadCodeElimination()] if passes else []),
    ]


def typed_to_fused(entry: str, passes: Sequence[ModulePass] = ()) -> list[ModulePass]:
    """Typed myia -> simplified myia whose elementwise chains are kernels of
    scalar functions: the prefix every target shares (``cpu`` and ``cuda``)."""
    return [
        *typed_to_simplified(entry, passes),
        FuseArrays(),  # elementwise chains -> kernels (array_map, array_reduce)
    ]


def fused_to_loops() -> list[ModulePass]:
    """Fused myia -> ``func``/``cf`` with ``scf.for`` loops."""
    return [
        MarkResults(),  # returned arrays made for Python (myia.result_slots)
        ConvertMyiaToCf(),  # values as leaves, loops as branches and scf.for
    ]


def typed_to_loops(entry: str, passes: Sequence[ModulePass] = ()) -> list[ModulePass]:
    """Typed myia -> ``func``/``cf`` with ``scf.for`` loops: what a CPU-like
    target (one address space, loops it runs itself) shares."""
    return [*typed_to_fused(entry, passes), *fused_to_loops()]


def cpu_tail() -> list[ModulePass]:
    """Loops -> the llvm dialect, with the C-ABI entry points the runtime calls."""
    return [
        ParallelLoops(),  # loops marked myia.parallel run on the runtime's threads
        MyiaToLLVM(),  # scf, index, math, arith, cf, func -> llvm; stack checks, polls
        CApiWrappers(),  # i32 @f__capi(ptr, ptr) for each exported function
        NumberErrorSites(),  # located raises -> the module's error-site table
    ]


def cpu_stages(
    entry: str,
    passes: Sequence[ModulePass] = (),
    check_nans: bool = False,
    profile: bool = False,
) -> list[tuple[str, list[ModulePass]]]:
    """The cpu pipeline in named stages, each with the passes that make it from
    the previous one (``myia.jit(f).lower(x).as_text(stage)`` shows each).
    ``check_nans``: see :func:`typed_to_simplified`; ``profile``: the code
    stores the line it is at for the sampling profiler (``myia.profile``)."""
    return [
        ("simplified", typed_to_simplified(entry, passes, check_nans)),
        ("fused", [FuseArrays()]),
        ("loops", [*fused_to_loops(), *([ProfileLines()] if profile else [])]),
        ("llvm-dialect", cpu_tail()),
    ]


def cpu_pipeline(
    entry: str,
    passes: Sequence[ModulePass] = (),
    check_nans: bool = False,
    profile: bool = False,
) -> list[ModulePass]:
    """What the ``cpu`` backend runs on the typed module of ``entry``."""
    return [p for _, stage in cpu_stages(entry, passes, check_nans, profile) for p in stage]


def cuda_stages(
    entry: str, passes: Sequence[ModulePass] = ()
) -> list[tuple[str, list[ModulePass]]]:
    """The cuda pipeline in named stages (see :func:`cpu_stages`): its host
    functions stay myia (the runtime runs them) and launch ``gpu.func`` kernels
    whose numba.cuda source each kernel carries."""
    # Lazy: the cpu backend does not load the cuda lowering (start-up time).
    from myia.lowering.cuda.to_gpu import ConvertMyiaToGpu
    from myia.lowering.cuda.to_numba import MyiaGpuToNumba

    return [
        ("simplified", typed_to_simplified(entry, passes)),
        ("fused", [FuseArrays()]),
        ("gpu", [ConvertMyiaToGpu()]),  # array operations -> gpu.func kernels, launches
        ("kernels", [MyiaGpuToNumba()]),  # each kernel's numba.cuda source
    ]


def cuda_pipeline(entry: str, passes: Sequence[ModulePass] = ()) -> list[ModulePass]:
    """What the ``cuda`` backend runs on the typed module of ``entry``."""
    return [p for _, stage in cuda_stages(entry, passes) for p in stage]


def native_pipeline(
    entries: Sequence[str], *, lower: bool = True, **lowering_options: bool
) -> list[ModulePass]:
    """From ``func``/``cf``/``arith``/``math`` (or, with ``lower=False``, the llvm
    dialect) to the C ABI, for modules written below myia (embedders, tests).
    ``lowering_options`` are ``myia-to-llvm``'s."""
    return [
        MyiaExport(entries=tuple(entries)),
        *([MyiaToLLVM(**lowering_options)] if lower else []),
        CApiWrappers(),
        NumberErrorSites(),
    ]


@functools.cache
def pipeline_context() -> Context:
    """The context pipelines run in: myia's dialects and xDSL's, made once per
    process (building the registry reads xDSL's entry points)."""
    return default_registry(plugins=False).make_context()


def run_passes(passes: Sequence[ModulePass], module: ModuleOp) -> ModuleOp:
    """Apply ``passes`` to ``module`` in order and return the module holding the
    result: a conversion to a new module (:class:`ModuleConversion`, such as
    ``convert-myia-to-cf``) hands that on and leaves its input as it was, so
    that ``module`` stays the typed module of the signature (``myia.jit`` shows
    it in ``typed_modules``)."""
    ctx = pipeline_context()
    for pass_ in passes:
        if isinstance(pass_, ModuleConversion):
            module = pass_.convert(ctx, module)
        else:
            pass_.apply(ctx, module)
    return module


def user_passes(
    spec: str | ModulePass | Sequence[str | ModulePass] | None,
) -> tuple[ModulePass, ...]:
    """The passes ``myia.jit(f, passes=spec)`` adds: a pipeline spec
    (``"strength-reduce,cse"``, with the names of the registry plugins add to), a
    pass, or a list of them."""
    if spec is None:
        return ()
    items = [spec] if isinstance(spec, str | ModulePass) else list(spec)
    out: list[ModulePass] = []
    for item in items:
        if isinstance(item, ModulePass):
            out.append(item)
        elif isinstance(item, str):
            out.extend(_parse_spec(item))
        else:
            raise MyiaError(
                f"passes= takes pass pipeline strings and ModulePass instances, not {item!r}"
            )
    return tuple(out)


def _parse_spec(spec: str) -> tuple[ModulePass, ...]:
    registry = default_registry()
    try:
        return PassPipeline.parse_spec(registry.passes, spec).passes
    except Exception as exc:
        raise MyiaError(f"passes={spec!r}: {exc}{registry.missing_pass_note()}") from None


class PipelinePass(ModulePass):
    """A named pipeline as one pass: it runs :meth:`expand`'s passes in order
    (``myia-opt`` replaces it by them, so that ``--print-ir-after-all`` and
    ``--timing`` show each)."""

    def expand(self) -> list[ModulePass]:
        raise NotImplementedError

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for pass_ in self.expand():
            pass_.apply(ctx, op)


@dataclass(frozen=True)
class CpuPipeline(PipelinePass):
    """The cpu backend's passes, typed myia to the llvm dialect (what myia.jit runs)."""

    name = "myia-cpu"

    entry: str
    """The function Python calls (after myia-infer)."""

    def expand(self) -> list[ModulePass]:
        return cpu_pipeline(self.entry)


@dataclass(frozen=True)
class JitPipeline(PipelinePass):
    """What myia.jit compiles: myia-infer, myia-grad, then the cpu backend's passes."""

    name = "myia-jit"

    entry: str
    """The function Python calls."""

    args: tuple[str, ...] | None = None
    """Its argument types, as myia-infer's ``args`` (from a Python input's
    annotations when not given)."""

    def expand(self) -> list[ModulePass]:
        return [InferPass(self.entry, self.args), GradPass(), *cpu_pipeline(self.entry)]


@dataclass(frozen=True)
class CudaPipeline(PipelinePass):
    """The cuda backend's passes, typed myia to host functions and kernels (what
    myia.jit(f, backend="cuda") runs)."""

    name = "myia-cuda"

    entry: str
    """The function Python calls (after myia-infer)."""

    def expand(self) -> list[ModulePass]:
        return cuda_pipeline(self.entry)


__all__ = [
    "CpuPipeline",
    "CudaPipeline",
    "JitPipeline",
    "PipelinePass",
    "cpu_pipeline",
    "cpu_tail",
    "cuda_pipeline",
    "native_pipeline",
    "pipeline_context",
    "run_passes",
    "simplify_passes",
    "typed_to_fused",
    "typed_to_loops",
    "user_passes",
]
