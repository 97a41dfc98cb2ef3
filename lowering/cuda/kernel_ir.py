"""Building ``gpu.func`` kernels: index arithmetic, loops, memory, threads.

A kernel is a ``gpu.func ... kernel`` whose arrays are flat buffers
(``memref<?xT>``) addressed with index arithmetic (``arith`` on ``index``), whose
loops are ``scf.for`` (a grid-stride loop is ``scf.for %i = %global_id to %n step
%grid_size``), and whose per-element computation is scalar myia ops (their numba
code follows numpy's semantics: :mod:`.numba_ops`). Shared memory is a
``memref.alloca`` in address space 3 (NVVM's shared memory, as MLIR writes it).
:class:`KernelBuilder` appends those ops to the kernel's current block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any

from xdsl.dialects import arith, gpu, memref, scf
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    IndexType,
    IntegerAttr,
    IntegerType,
    MemRefType,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp
from myia.dialects.primitive import PrimOp, prim_op

INDEX = IndexType()
SHARED_MEMORY = IntegerAttr(3, i64)
"""The memory space of shared (workgroup) memory, NVVM's address space 3."""

__all__ = ["INDEX", "SHARED_MEMORY", "ArrayParam", "KernelBuilder", "buffer_type"]


def buffer_type(element: Attribute) -> MemRefType:
    """The type of a flat device buffer of ``element``."""
    return MemRefType(element, [DYNAMIC_INDEX])


class ArrayParam:
    """An array read by a kernel: its buffer, its offset and its strides (in
    elements) along the kernel's iteration axes (0 along a broadcast axis)."""

    def __init__(self, buffer: SSAValue, offset: SSAValue, strides: Sequence[SSAValue]):
        self.buffer = buffer
        self.offset = offset
        self.strides = list(strides)

    @property
    def element_type(self) -> Attribute:
        return self.buffer.type.element_type  # type: ignore[attr-defined]


class KernelBuilder:
    """Builds one ``gpu.func`` kernel; ops go to the current block (see :meth:`at`)."""

    def __init__(self, name: str, params: Sequence[tuple[str, Attribute]]):
        types = [t for _, t in params]
        self.func = gpu.FuncOp(name, (types, []), kernel=True)
        self.block = self.func.body.block
        for arg, (hint, _) in zip(self.block.args, params, strict=True):
            arg.name_hint = hint
        self.args = {hint: arg for arg, (hint, _) in zip(self.block.args, params, strict=True)}
        self._constants: dict[int, SSAValue] = {}

    # -- emission ----------------------------------------------------------------

    def emit(self, op: Operation) -> SSAValue:
        self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def finish(self) -> gpu.FuncOp:
        self.func.body.block.add_op(gpu.ReturnOp([]))
        return self.func

    @contextmanager
    def at(self, block: Block) -> Any:
        saved, self.block = self.block, block
        try:
            yield block
        finally:
            self.block = saved

    # -- index arithmetic ----------------------------------------------------------

    def index(self, value: int) -> SSAValue:
        """An index constant (made once, at the kernel's entry)."""
        known = self._constants.get(value)
        if known is None:
            entry = self.func.body.block
            op = arith.ConstantOp(IntegerAttr(value, INDEX))
            first = entry.first_op
            if first is None:
                entry.add_op(op)
            else:
                entry.insert_op_before(op, first)
            known = self._constants[value] = op.result
        return known

    def add(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.AddiOp(a, b))

    def mul(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.MuliOp(a, b))

    def div(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.DivUIOp(a, b))

    def rem(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.RemUIOp(a, b))

    def lt(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.CmpiOp(a, b, "ult"))

    def eq(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.CmpiOp(a, b, "eq"))

    def emit_and(self, a: SSAValue, b: SSAValue) -> SSAValue:
        return self.emit(arith.AndIOp(a, b))

    def dot(self, indices: Sequence[SSAValue], strides: Sequence[SSAValue]) -> SSAValue | None:
        """``sum(i * s)``, None for no terms."""
        total = None
        for i, s in zip(indices, strides, strict=True):
            term = self.mul(i, s)
            total = term if total is None else self.add(total, term)
        return total

    def unflatten(self, flat: SSAValue, dims: Sequence[SSAValue | None]) -> list[SSAValue]:
        """The multi-index of ``flat`` in row-major order over ``dims`` (the first
        dimension is not needed: it may be None)."""
        if not dims:
            return []
        indices: list[SSAValue] = []
        rest = flat
        for d in reversed(dims[1:]):
            assert d is not None
            indices.append(self.rem(rest, d))
            rest = self.div(rest, d)
        indices.append(rest)
        return indices[::-1]

    def address(self, array: ArrayParam, indices: Sequence[SSAValue]) -> SSAValue:
        offset = self.dot(indices, array.strides)
        return array.offset if offset is None else self.add(array.offset, offset)

    # -- threads -------------------------------------------------------------------

    def _named(self, op: Operation, name: str) -> SSAValue:
        value = self.emit(op)
        value.name_hint = name
        return value

    def thread_id(self, dim: str = "x") -> SSAValue:
        op = gpu.ThreadIdOp(gpu.DimensionAttr(gpu.DimensionEnum(dim)))
        return self._named(op, f"tid_{dim}")

    def block_id(self, dim: str = "x") -> SSAValue:
        return self._named(gpu.BlockIdOp(gpu.DimensionAttr(gpu.DimensionEnum(dim))), f"bid_{dim}")

    def block_dim(self, dim: str = "x") -> SSAValue:
        op = gpu.BlockDimOp(gpu.DimensionAttr(gpu.DimensionEnum(dim)))
        return self._named(op, f"bdim_{dim}")

    def grid_dim(self, dim: str = "x") -> SSAValue:
        op = gpu.GridDimOp(gpu.DimensionAttr(gpu.DimensionEnum(dim)))
        return self._named(op, f"gdim_{dim}")

    def barrier(self) -> None:
        self.emit(gpu.BarrierOp())

    # -- memory ----------------------------------------------------------------------

    def load(self, buffer: SSAValue, index: SSAValue) -> SSAValue:
        return self.emit(memref.LoadOp.get(buffer, [index]))

    def store(self, value: SSAValue, buffer: SSAValue, index: SSAValue) -> None:
        self.emit(memref.StoreOp.get(value, buffer, [index]))

    def shared(self, element: Attribute, size: int, name: str = "shared") -> SSAValue:
        """A shared-memory array of ``size`` elements (one per block)."""
        op = memref.AllocaOp.get(element, shape=[size], memory_space=SHARED_MEMORY)
        return self._named(op, name)

    # -- control flow ------------------------------------------------------------------

    def loop(
        self,
        lower: SSAValue,
        upper: SSAValue,
        step: SSAValue,
        body: Callable[[SSAValue, list[SSAValue]], list[SSAValue] | None],
        carried: Sequence[SSAValue] = (),
        name: str = "i",
    ) -> list[SSAValue]:
        """``scf.for``: ``body(i, carried values)`` returns the next carried values;
        ``name``: the name of the induction variable in the IR."""
        block = Block(arg_types=[INDEX, *(v.type for v in carried)])
        block.args[0].name_hint = name
        with self.at(block):
            out = body(block.args[0], list(block.args[1:])) or []
            self.emit(scf.YieldOp(*out))
        op = scf.ForOp(lower, upper, step, list(carried), Region(block))
        self.block.add_op(op)
        return list(op.results)

    def when(
        self, cond: SSAValue, body: Callable[[], None], otherwise: Callable[[], None] | None = None
    ) -> None:
        """``scf.if`` without results."""
        regions = []
        for branch in (body, otherwise):
            block = Block()
            with self.at(block):
                if branch is not None:
                    branch()
                self.emit(scf.YieldOp())
            regions.append(Region(block))
        self.block.add_op(scf.IfOp(cond, [], regions[0], regions[1]))

    # -- scalar code -----------------------------------------------------------------

    def prim(self, name: str, *args: SSAValue, result_type: Attribute) -> SSAValue:
        """A scalar myia primitive."""
        return self.emit(prim_op(name, *args, result_type=result_type))

    def constant(self, value: Any, t: Attribute) -> SSAValue:
        """A scalar myia constant."""
        return self.emit(ConstOp.typed(value, t))

    def inline(self, func: FuncOp, args: Sequence[SSAValue]) -> SSAValue:
        """The scalar function ``func`` (a kernel of ``myia-fuse-arrays``) applied to
        ``args``: its ops cloned here."""
        env: dict[SSAValue, SSAValue] = dict(zip(func.entry.args, args, strict=True))
        for op in func.entry.ops:
            if isinstance(op, ReturnOp):
                return env[op.value]
            assert isinstance(op, PrimOp | ConstOp), f"kernel op {op.name}"
            clone = op.clone(value_mapper=env)
            self.block.add_op(clone)
            for old, new in zip(op.results, clone.results, strict=True):
                env[old] = new
        raise AssertionError(f"@{func.sym_name.data} has no myia.return")


def is_int(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.width.data > 1


def if_else(
    kb: KernelBuilder,
    cond: SSAValue,
    then: Callable[[], SSAValue],
    otherwise: Callable[[], SSAValue],
) -> SSAValue:
    """``scf.if`` with one result: ``then()`` or ``otherwise()``."""
    blocks = []
    for branch in (then, otherwise):
        block = Block()
        with kb.at(block):
            kb.emit(scf.YieldOp(branch()))
        blocks.append(block)
    value_type = blocks[0].last_op.operands[0].type  # type: ignore[union-attr]
    op = scf.IfOp(cond, [value_type], Region(blocks[0]), Region(blocks[1]))
    kb.block.add_op(op)
    return op.results[0]
