"""``myia-gpu-to-numba``: each kernel of the ``gpu.module`` becomes numba.cuda source.

The pass writes on every ``gpu.func`` its Python source (``myia_gpu.source``) and
the numba signature it is compiled for (``myia_gpu.signature``): the runtime
compiles the source with ``numba.cuda.jit(signature)``; ``myia-opt -t numba-cuda``
prints the sources. The translation is one line per op: index ``arith`` ops are
Python operators on ints, ``scf.for`` a ``range`` loop (carried values are
variables assigned by ``scf.yield``), ``scf.if`` an ``if``, ``memref.load``/``store``
subscripts of the buffers, ``memref.alloca`` in shared memory ``cuda.shared.array``,
``gpu.thread_id x`` ``cuda.threadIdx.x``, ``gpu.barrier`` ``cuda.syncthreads()``,
and scalar myia ops the expressions of :mod:`.numba_ops`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialects import arith, gpu, memref, scf
from xdsl.dialects.builtin import MemRefType, ModuleOp, StringAttr
from xdsl.ir import Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.utils.target import Target

from myia.dialects.ops_value import ConstOp, literal_value
from myia.dialects.primitive import PrimOp
from myia.errors import MyiaError, SourceLocation
from myia.lowering.cuda.numba_ops import (
    HELPERS,
    UnsupportedOp,
    numba_type,
    scalar_expression,
    typed_literal,
)

SOURCE = "myia_gpu.source"
SIGNATURE = "myia_gpu.signature"

PRELUDE = """import math

from numba import cuda
from numba.types import boolean, float16, float32, float64, int8, int16, int32, int64
from numba.types import uint8, uint16, uint32, uint64
"""
"""What every kernel's source starts with."""

__all__ = ["SIGNATURE", "SOURCE", "MyiaGpuToNumba", "NumbaCudaTarget", "kernel_source"]

_INDEX_OPS = {
    arith.AddiOp: "+",
    arith.SubiOp: "-",
    arith.MuliOp: "*",
    arith.DivUIOp: "//",
    arith.RemUIOp: "%",
    arith.FloorDivSIOp: "//",
}
_PREDICATES = {0: "==", 1: "!=", 2: "<", 3: "<=", 4: ">", 5: ">=", 6: "<", 7: "<=", 8: ">", 9: ">="}
_DIMS = {"x": "x", "y": "y", "z": "z"}


class KernelSource:
    """The translation of one ``gpu.func``."""

    def __init__(self, func: gpu.FuncOp):
        self.func = func
        self.names: dict[SSAValue, str] = {}
        self.used: set[str] = set()
        self.lines: list[str] = []
        self.helpers: list[str] = []

    # -- names ---------------------------------------------------------------------

    def name(self, value: SSAValue) -> str:
        known = self.names.get(value)
        if known is None:
            hint = value.name_hint
            base = hint if hint and hint.isidentifier() and not hint.startswith("_") else "v"
            known = base
            k = 0
            while known in self.used or (known == base and base == "v"):
                k += 1
                known = f"{base}{k}"
            self.used.add(known)
            self.names[value] = known
        return known

    def use_helper(self, helper: str) -> None:
        if helper not in self.helpers:
            self.helpers.append(helper)

    # -- translation -----------------------------------------------------------------

    #: The name of every kernel's Python function (sources differing only by the
    #: kernel's symbol are one kernel, compiled once).
    python_name = "kernel"

    def translate(self) -> str:
        block = self.func.body.block
        params = [self.name(a) for a in block.args]
        self.lines.append(f"def {self.python_name}({', '.join(params)}):")
        for arg in block.args:  # scalars in the kernel's types (the simulator passes ints)
            if not isinstance(arg.type, MemRefType) and numba_type(arg.type) != "int64":
                self.lines.append(
                    f"    {self.name(arg)} = {numba_type(arg.type)}({self.name(arg)})"
                )
        self.block(block, 1)
        helpers = ["@cuda.jit(device=True)" + HELPERS[h].rstrip() for h in reversed(self.helpers)]
        return "\n\n".join([PRELUDE.rstrip(), *helpers, "\n".join(self.lines)]) + "\n"

    def line(self, depth: int, text: str) -> None:
        self.lines.append("    " * depth + text)

    def block(self, block: Block, depth: int) -> None:
        start = len(self.lines)
        for op in block.ops:
            self.op(op, depth)
        if len(self.lines) == start:
            self.line(depth, "pass")

    def op(self, op: Operation, depth: int) -> None:
        try:
            self._op(op, depth)
        except UnsupportedOp as exc:
            raise MyiaError(
                f"the cuda backend cannot compute {exc} in a kernel yet ({op.name})",
                SourceLocation.from_attr(op.location),
            ) from None

    def _op(self, op: Operation, depth: int) -> None:
        n = self.name
        if isinstance(op, arith.ConstantOp):  # (an index: written where it is used)
            self.names[op.result] = str(op.value.value.data)  # type: ignore[attr-defined]
        elif type(op) in _INDEX_OPS:
            a, b = op.operands
            self.line(depth, f"{n(op.results[0])} = {n(a)} {_INDEX_OPS[type(op)]} {n(b)}")
        elif isinstance(op, arith.CmpiOp):
            a, b = op.operands
            cmp = _PREDICATES[op.predicate.value.data]
            self.line(depth, f"{n(op.result)} = {n(a)} {cmp} {n(b)}")
        elif isinstance(op, arith.AndIOp):
            a, b = op.operands
            self.line(depth, f"{n(op.result)} = {n(a)} and {n(b)}")
        elif isinstance(op, arith.MinUIOp):
            a, b = op.operands
            self.line(depth, f"{n(op.result)} = min({n(a)}, {n(b)})")
        elif isinstance(op, arith.SelectOp):
            c, a, b = op.operands
            self.line(depth, f"{n(op.result)} = {n(a)} if {n(c)} else {n(b)}")
        elif isinstance(op, gpu.ThreadIdOp | gpu.BlockIdOp | gpu.BlockDimOp | gpu.GridDimOp):
            what = {
                gpu.ThreadIdOp: "threadIdx",
                gpu.BlockIdOp: "blockIdx",
                gpu.BlockDimOp: "blockDim",
                gpu.GridDimOp: "gridDim",
            }[type(op)]
            self.line(depth, f"{n(op.result)} = cuda.{what}.{op.dimension.data.value}")
        elif isinstance(op, gpu.BarrierOp):
            self.line(depth, "cuda.syncthreads()")
        elif isinstance(op, gpu.ReturnOp):
            self.line(depth, "return")
        elif isinstance(op, memref.LoadOp):
            (index,) = op.indices
            self.line(depth, f"{n(op.res)} = {n(op.memref)}[{n(index)}]")
        elif isinstance(op, memref.StoreOp):
            (index,) = op.indices
            self.line(depth, f"{n(op.memref)}[{n(index)}] = {n(op.value)}")
        elif isinstance(op, memref.AllocaOp):
            t = op.memref.type
            size = t.get_shape()[0]  # type: ignore[attr-defined]
            element = numba_type(t.element_type)  # type: ignore[attr-defined]
            self.line(depth, f"{n(op.memref)} = cuda.shared.array({size}, {element})")
        elif isinstance(op, scf.ForOp):
            self.for_loop(op, depth)
        elif isinstance(op, scf.IfOp):
            self.if_(op, depth)
        elif isinstance(op, ConstOp):
            value = literal_value(op.value)
            if value is None or isinstance(value, str):  # (astype's dtype: not code)
                self.names[op.result] = repr(value)
            else:
                self.line(depth, f"{n(op.result)} = {typed_literal(value, op.result.type)}")
        elif isinstance(op, PrimOp):
            args = [n(a) for a in op.operands]
            types = [a.type for a in op.operands]
            expr = scalar_expression(
                op.PRIMITIVE.name, args, types, op.results[0].type, self.use_helper
            )
            self.line(depth, f"{n(op.results[0])} = {expr}")
        else:
            raise UnsupportedOp(f"the op {op.name}")

    def for_loop(self, op: scf.ForOp, depth: int) -> None:
        n = self.name
        body = op.body.block
        induction, *carried = body.args
        for arg, init, result in zip(carried, op.iter_args, op.results, strict=True):
            self.names[result] = n(arg)
            self.line(depth, f"{n(arg)} = {n(init)}")
        bounds = f"{n(op.lb)}, {n(op.ub)}, {n(op.step)}"
        self.line(depth, f"for {n(induction)} in range({bounds}):")
        start = len(self.lines)
        for inner in body.ops:
            if isinstance(inner, scf.YieldOp):
                for arg, value in zip(carried, inner.operands, strict=True):
                    if n(arg) != n(value):
                        self.line(depth + 1, f"{n(arg)} = {n(value)}")
            else:
                self.op(inner, depth + 1)
        if len(self.lines) == start:
            self.line(depth + 1, "pass")

    def if_(self, op: scf.IfOp, depth: int) -> None:
        n = self.name
        results = [n(r) for r in op.results]
        self.line(depth, f"if {n(op.cond)}:")
        for region, keyword in ((op.true_region, None), (op.false_region, "else:")):
            if not region.blocks:
                continue
            block = region.block
            ops = [o for o in block.ops if not isinstance(o, scf.YieldOp)]
            yielded = block.last_op
            if keyword is not None:
                if not ops and not results:
                    continue
                self.line(depth, keyword)
            start = len(self.lines)
            for inner in ops:
                self.op(inner, depth + 1)
            if isinstance(yielded, scf.YieldOp):
                for name, value in zip(results, yielded.operands, strict=True):
                    self.line(depth + 1, f"{name} = {n(value)}")
            if len(self.lines) == start:
                self.line(depth + 1, "pass")


def kernel_source(func: gpu.FuncOp) -> tuple[str, str, str]:
    """The numba source of a kernel, the name of its Python function, and its
    numba signature (``"void(float64[::1], int64, ...)"``)."""
    translation = KernelSource(func)
    source = translation.translate()
    params = []
    for t in func.function_type.inputs.data:
        if isinstance(t, MemRefType):
            params.append(f"{numba_type(t.element_type)}[::1]")
        else:
            params.append(numba_type(t))
    return source, translation.python_name, f"void({', '.join(params)})"


def gpu_modules(module: ModuleOp) -> list[gpu.ModuleOp]:
    return [op for op in module.ops if isinstance(op, gpu.ModuleOp)]


@dataclass(frozen=True)
class MyiaGpuToNumba(ModulePass):
    """Write the numba.cuda source of every kernel on it (``myia_gpu.source``)."""

    name = "myia-gpu-to-numba"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for kernels in gpu_modules(op):
            for func in kernels.body.block.ops:
                if isinstance(func, gpu.FuncOp):
                    source, _, signature = kernel_source(func)
                    func.attributes[SOURCE] = StringAttr(source)
                    func.attributes[SIGNATURE] = StringAttr(signature)


@dataclass(frozen=True)
class NumbaCudaTarget(Target):
    """``myia-opt -t numba-cuda``: the numba.cuda source of every kernel (after the
    ``cuda`` pipeline, or ``convert-myia-to-gpu``)."""

    name = "numba-cuda"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        for kernels in gpu_modules(module):
            for func in kernels.body.block.ops:
                if isinstance(func, gpu.FuncOp):
                    source, _, signature = kernel_source(func)
                    output.write(f"# kernel @{func.sym_name.data}: {signature}\n{source}\n")
