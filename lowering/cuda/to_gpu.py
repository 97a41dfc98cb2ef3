"""``convert-myia-to-gpu``: the array operations of fused myia become GPU kernels.

Run on typed myia after ``myia-fuse-arrays``. Each array operation of a host function
becomes

* a ``myia_gpu.launch`` of kernels added to the module's ``gpu.module @kernels``:
  a fused ``array_map`` chain, an elementwise primitive, ``full`` (kind ``map``,
  :mod:`.map_kernels`); a reduction or a fused ``array_reduce`` (``reduce``,
  :mod:`.reduce_kernels`); ``matmul`` (``matmul``, :mod:`.matmul_kernels`); a copy
  (``contiguous``, before a ``reshape`` of an array that may be a strided view);
* or a ``myia_gpu.host`` op: views and shapes, computed on the host;

and a scalar computed on the device (a reduction to a scalar) is a 0-d device array,
copied to the host by ``myia_gpu.to_host`` only where host code reads it: kernels read
the device array itself. The scalar functions ``myia-fuse-arrays`` made (``myia.kernel``)
are inlined into the kernels and removed. An array operation the backend does not
support is a :class:`MyiaError` naming the operation, at the user's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.context import Context
from xdsl.dialects import gpu
from xdsl.dialects.builtin import (
    ArrayAttr,
    BoolAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    SymbolRefAttr,
    TensorType,
    UnitAttr,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.transforms.dead_code_elimination import region_dce

from myia.dialects.myia_gpu import HostOp, LaunchOp, ToHostOp
from myia.dialects.ops_call import ClosureOp
from myia.dialects.ops_function import FuncOp
from myia.dialects.primitive import PRIMITIVES, PrimOp
from myia.dialects.prims_array import REDUCTIONS
from myia.dialects.symbols import fresh_symbol
from myia.dialects.types import NoneType
from myia.errors import MyiaError, SourceLocation
from myia.lowering.arrays.fuse import KERNEL, is_elementwise
from myia.lowering.arrays.lower import NotStaticOperand, static_operand
from myia.lowering.cuda.kernel_ir import KernelBuilder
from myia.lowering.cuda.map_kernels import MapInput, build_map
from myia.lowering.cuda.matmul_kernels import build_matmul, matmul_tile
from myia.lowering.cuda.reduce_kernels import build_argreduce, build_reduce, reduce_block

KERNELS = "kernels"
"""The symbol of the module's ``gpu.module``."""

MAP_BLOCK = 256
"""Threads per block of a map (fewer, a multiple of 32, for small arrays)."""
MAP_ITEMS = 4
"""Elements per thread a map's grid is sized for (its grid-stride loop does the rest)."""

VIEWS = frozenset(
    {"transpose", "reshape", "broadcast_to", "array_getitem", "getitem", "squeeze",
     "expand_dims", "array_shape", "len"}
)  # fmt: skip
"""Array primitives computed on the host from the arrays' descriptors."""

HOST_SAFE = frozenset({"cast", "select"})
"""Primitives that take arrays as opaque values (no kernel needed)."""

__all__ = ["KERNELS", "ConvertMyiaToGpu", "convert_to_gpu"]


def _element(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, TensorType) else t  # type: ignore[attr-defined]


def _rank(t: Attribute) -> int:
    return len(t.get_shape()) if isinstance(t, TensorType) else 0  # type: ignore[attr-defined]


def _static(v: SSAValue) -> bool:
    try:
        static_operand(v)
    except NotStaticOperand:
        return False
    return not isinstance(v.type, TensorType)


def _config(**values: Any) -> dict[str, Attribute]:
    out: dict[str, Attribute] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            out[key] = BoolAttr.from_bool(value)
        elif isinstance(value, int):
            out[key] = IntegerAttr(value, i64)
        elif isinstance(value, str):
            out[key] = StringAttr(value)
        else:
            out[key] = ArrayAttr([IntegerAttr(v, i64) for v in value])
    return out


def _on_containers(op: PrimOp) -> bool:
    """A primitive of lists and tuples, which holds arrays as it holds any value."""
    module = PRIMITIVES[op.PRIMITIVE.name].impl.__module__
    return module.endswith(("prims_list", "prims_seq"))


def _has_tensor(op: Operation) -> bool:
    return any(isinstance(v.type, TensorType) for v in (*op.operands, *op.results))


class GpuConverter:
    def __init__(self, module: ModuleOp):
        self.module = module
        self.funcs = {op.sym_name.data: op for op in module.ops if isinstance(op, FuncOp)}
        self.kernels = gpu.ModuleOp(StringAttr(KERNELS), Region(Block()))  # type: ignore[arg-type]
        self.names: set[str] = set()
        #: A host scalar read from the device -> the 0-d device array it was read from.
        self.on_device: dict[SSAValue, SSAValue] = {}
        #: An array filled with one scalar (``np.full``) -> that scalar.
        self.filled: dict[SSAValue, SSAValue] = {}
        #: The kernels reducing partial results, by kind and type (shared).
        self.partials: dict[tuple[str, Attribute], SymbolRefAttr] = {}

    def run(self) -> None:
        for func in list(self.funcs.values()):
            if KERNEL in func.attributes:
                continue
            for op in list(func.entry.ops):
                if isinstance(op, PrimOp):
                    self.convert(op)
        region_dce(self.module.body)
        for func in self.funcs.values():
            if KERNEL in func.attributes and func.parent is not None:
                func.detach()
                func.erase()
        self.module.body.block.add_op(self.kernels)
        self.module.attributes["gpu.container_module"] = UnitAttr()

    # -- helpers -------------------------------------------------------------------

    def add_kernel(self, func: gpu.FuncOp) -> SymbolRefAttr:
        self.kernels.body.block.add_op(func)
        return SymbolRefAttr(KERNELS, [func.sym_name.data])

    def fresh(self, host: Operation, what: str) -> str:
        func = host.parent_op()
        base = f"{func.sym_name.data}.{what}" if isinstance(func, FuncOp) else what
        name = fresh_symbol(base, self.names)
        self.names.add(name)
        return name

    def error(self, op: Operation, what: str) -> MyiaError:
        return MyiaError(
            f"the cuda backend does not lower {what} yet", SourceLocation.from_attr(op.location)
        )

    def replace(self, op: Operation, new: Operation, scalar_result: bool = False) -> None:
        """Insert ``new`` before ``op`` and use it instead; ``scalar_result``: ``new``
        makes a 0-d array where ``op`` made a scalar (copied to the host by a
        ``myia_gpu.to_host`` for the host code that reads it)."""
        block = op.parent_block()
        assert block is not None
        new.location = op.location
        block.insert_op_before(new, op)
        result = new.results[0]
        if scalar_result:
            fetch = ToHostOp(result, op.results[0].type)
            fetch.location = op.location
            block.insert_op_before(fetch, op)
            self.on_device[fetch.result] = result
            result = fetch.result
        op.results[0].replace_all_uses_with(result)
        op.detach()
        op.erase()

    def device_value(self, v: SSAValue) -> SSAValue:
        """The value a kernel reads for ``v``: the device array a scalar was read from."""
        return self.on_device.get(v, v)

    def map_input(self, v: SSAValue, result: Attribute) -> SSAValue:
        """What a map or a reduction reads for its input ``v``: the scalar an array
        filled with one value was made of (``np.full``, maybe broadcast or reshaped:
        the gradient of a sum), when the result's shape is known without it."""
        static = isinstance(result, TensorType) and all(d >= 0 for d in result.get_shape())
        seen = v
        while static and isinstance(seen.owner, HostOp):
            if seen.owner.primitive.data not in ("broadcast_to", "reshape", "expand_dims"):
                break
            seen = seen.owner.args[0]
        if static and seen in self.filled:
            return self.filled[seen]
        return self.device_value(v)

    # -- conversion ------------------------------------------------------------------

    def convert(self, op: PrimOp) -> None:
        name = op.PRIMITIVE.name
        if name == "array_map":
            self.map(op, op.operands[1:], self.fused_element(op))
        elif name == "array_reduce":
            kind = static_operand(op.operands[1])
            self.reduce(
                op, kind, op.operands[2], op.operands[3], op.operands[4:], self.fused_element(op)
            )
        elif name in REDUCTIONS and _has_tensor(op):
            self.reduce(op, name, op.operands[1], op.operands[2], op.operands[:1], None)
        elif name == "full" and _has_tensor(op):
            self.full(op)
        elif is_elementwise(op):
            self.elementwise(op)
        elif name == "matmul":
            self.matmul(op)
        elif name in ("concatenate", "stack"):
            self.join(op)
        elif name == "array_setitem":
            self.setitem(op)
        elif name in ("argmax", "argmin"):
            self.argreduce(op)
        elif name in VIEWS and isinstance(op.operands[0].type, TensorType):
            self.view(op)
        elif name in HOST_SAFE or not _has_tensor(op) or _on_containers(op):
            return
        else:
            raise self.error(op, f"{op.name} on arrays")

    def fused_element(self, op: PrimOp) -> Any:
        closure = op.operands[0].owner
        assert isinstance(closure, ClosureOp)
        func = self.funcs[closure.callee.root_reference.data]
        return lambda kb, values: kb.inline(func, values)

    def map(
        self,
        op: PrimOp,
        operands: Sequence[SSAValue],
        element: Any,
        shape: SSAValue | None = None,
    ) -> SSAValue:
        """A map launch; ``shape``: the result's shape when the inputs do not give it."""
        result_type = op.results[0].type
        assert isinstance(result_type, TensorType)
        inputs = [self.map_input(v, result_type) for v in operands]
        rank = _rank(result_type)
        specs = [MapInput(_element(v.type), isinstance(v.type, TensorType)) for v in inputs]
        base = self.fresh(op, "map")
        kernels = [self.add_kernel(build_map(base, specs, _element(result_type), rank, element))]
        config = _config(block=MAP_BLOCK, items=MAP_ITEMS, shaped=shape is not None)
        operands = inputs if shape is None else [*inputs, shape]
        launch = LaunchOp("map", kernels, operands, config, result_type)
        self.replace(op, launch)
        return launch.result

    def elementwise(self, op: PrimOp) -> None:
        name = op.PRIMITIVE.name
        dynamic = [v for v in op.operands if not _static(v)]
        constants = {v: v.owner for v in op.operands if _static(v)}
        positions = [v for v in op.operands]
        result_element = _element(op.results[0].type)

        def element(kb: KernelBuilder, values: list[SSAValue]) -> SSAValue:
            given = dict(zip(dynamic, values, strict=True))
            args = []
            for v in positions:
                if v in given:
                    args.append(given[v])
                else:
                    const = constants[v].clone()
                    kb.block.add_op(const)
                    args.append(const.results[0])
            return kb.prim(name, *args, result_type=result_element)

        self.map(op, dynamic, element)

    def full(self, op: PrimOp) -> None:
        shape, value, _ = op.operands
        result_type = op.results[0].type
        assert isinstance(result_type, TensorType)
        element_type = _element(result_type)

        def element(kb: KernelBuilder, values: list[SSAValue]) -> SSAValue:
            (v,) = values
            return v if v.type == element_type else kb.prim("cast", v, result_type=element_type)

        # (a size known only at run time: the shape is the launch's last operand)
        dynamic = any(d < 0 for d in result_type.get_shape())
        array = self.map(op, [value], element, shape if dynamic else None)
        if value.type == element_type and not dynamic:
            self.filled[array] = value

    def copy_kernel(
        self, op: Operation, source: Attribute, target: Attribute, rank: int
    ) -> SymbolRefAttr:
        """A map kernel copying (and converting) an array of ``rank`` axes."""

        def element(kb: KernelBuilder, values: list[SSAValue]) -> SSAValue:
            (v,) = values
            return v if v.type == target else kb.prim("cast", v, result_type=target)

        spec = [MapInput(source, True)]
        kernel = build_map(self.fresh(op, "copy"), spec, target, rank, element)
        return self.add_kernel(kernel)

    def join(self, op: PrimOp) -> None:
        """``concatenate``/``stack``: each input copied into its part of the result."""
        arrays, axis = op.operands
        result = op.results[0].type
        assert isinstance(result, TensorType)
        rank = _rank(result)
        kernels: dict[Attribute, SymbolRefAttr] = {}
        refs = []
        for t in arrays.type.types.data:  # type: ignore[attr-defined]
            e = _element(t)
            if e not in kernels:
                kernels[e] = self.copy_kernel(op, e, result.element_type, rank)
            refs.append(kernels[e])
        config = _config(block=MAP_BLOCK, items=MAP_ITEMS, axis=static_operand(axis))
        kind = op.PRIMITIVE.name
        self.replace(op, LaunchOp(kind, refs, [arrays], config, result))

    def setitem(self, op: PrimOp) -> None:
        """``array_setitem(x, items, value)``: a copy of ``x``, then ``value`` written
        into its view ``[items]``."""
        x, items, value = (self.device_value(v) for v in op.operands)
        result = op.results[0].type
        assert isinstance(result, TensorType)
        kinds = [t for t in items.type.types.data]  # type: ignore[attr-defined]
        ints = sum(1 for t in kinds if isinstance(t, IntegerType))
        new_axes = sum(1 for t in kinds if isinstance(t, NoneType))
        view_rank = _rank(result) - ints + new_axes
        e = result.element_type
        copy = self.copy_kernel(op, e, e, _rank(result))
        spec = [MapInput(_element(value.type), isinstance(value.type, TensorType))]

        def element(kb: KernelBuilder, values: list[SSAValue]) -> SSAValue:
            (v,) = values
            return v if v.type == e else kb.prim("cast", v, result_type=e)

        write = build_map(self.fresh(op, "write"), spec, e, view_rank, element)
        config = _config(block=MAP_BLOCK, items=MAP_ITEMS)
        launch = LaunchOp(
            "setitem", [copy, self.add_kernel(write)], [x, items, value], config, result
        )
        self.replace(op, launch)

    def argreduce(self, op: PrimOp) -> None:
        x, axis, keepdims = op.operands
        t = x.type
        assert isinstance(t, TensorType)
        rank = _rank(t)
        a = static_operand(axis)
        axes = tuple(range(rank)) if a is None else (a,)
        sizes = [t.get_shape()[i] for i in axes]
        k = None if any(d < 0 for d in sizes) else _product(sizes)
        block = reduce_block(k)
        kind = op.PRIMITIVE.name
        kernel = build_argreduce(
            self.fresh(op, kind), t.element_type, kind, rank - len(axes), len(axes), block
        )
        keep = bool(static_operand(keepdims))
        config = _config(**_per_output(block), axes=axes, keepdims=keep, reduce=kind)
        result = op.results[0].type
        scalar = not isinstance(result, TensorType)
        result_type = TensorType(result, []) if scalar else result
        self.replace(
            op, LaunchOp("argreduce", [self.add_kernel(kernel)], [x], config, result_type), scalar
        )

    def reduce(
        self,
        op: PrimOp,
        kind: str,
        axes_value: SSAValue,
        keepdims_value: SSAValue,
        operands: Sequence[SSAValue],
        element: Any,
    ) -> None:
        inputs = [self.device_value(v) for v in operands]
        shapes = [v.type.get_shape() for v in inputs if isinstance(v.type, TensorType)]
        rank = max((len(s) for s in shapes), default=0)
        axes = tuple(sorted(static_operand(axes_value)))
        keepdims = bool(static_operand(keepdims_value))
        result = op.results[0].type
        acc = _element(result)
        full = [-1] * rank
        for s in shapes:
            for j, d in enumerate(s):
                k = j + rank - len(s)
                if d != 1:
                    full[k] = max(full[k], d)
        sizes = [full[a] for a in axes]
        k = None if any(d < 0 for d in sizes) else _product(sizes)
        block = reduce_block(k)
        specs = [MapInput(_element(v.type), isinstance(v.type, TensorType)) for v in inputs]
        if element is None:
            element = lambda kb, values: values[0]
        base = self.fresh(op, kind)
        kept = rank - len(axes)
        main = build_reduce(base, specs, acc, kind, kept, len(axes), block, element)
        kernels = [self.add_kernel(main), self.partials_kernel(kind, acc)]
        config = _config(**_per_output(block), axes=axes, keepdims=keepdims, reduce=kind)
        scalar = not isinstance(result, TensorType)
        result_type = TensorType(acc, []) if scalar else result
        self.replace(op, LaunchOp("reduce", kernels, inputs, config, result_type), scalar)

    def partials_kernel(self, kind: str, acc: Attribute) -> SymbolRefAttr:
        """The kernel reducing the ``m x parts`` partial results of a reduction."""
        known = self.partials.get((kind, acc))
        if known is None:
            name = fresh_symbol(f"{kind}_partials_{acc}", self.names)
            self.names.add(name)
            kernel = build_reduce(
                name, [MapInput(acc, True)], acc, kind, 1, 1, 256, lambda kb, values: values[0]
            )
            known = self.partials[(kind, acc)] = self.add_kernel(kernel)
        return known

    def matmul(self, op: PrimOp) -> None:
        a, b = (self.device_value(v) for v in op.operands)
        result = op.results[0].type
        at, bt = a.type, b.type
        if not isinstance(at, TensorType) or not isinstance(bt, TensorType):
            raise self.error(op, "matmul of a scalar")
        a2 = list(at.get_shape()) if len(at.get_shape()) >= 2 else [1, *at.get_shape()]
        b2 = list(bt.get_shape()) if len(bt.get_shape()) >= 2 else [*bt.get_shape(), 1]
        batch = max(len(a2), len(b2)) - 2
        n, m = a2[-2], b2[-1]
        tile = matmul_tile(None if n < 0 else n, None if m < 0 else m)
        acc = _element(result)
        kernel = build_matmul(
            self.fresh(op, "matmul"), _element(at), _element(bt), acc, batch, tile
        )
        config = _config(tile=tile)
        scalar = not isinstance(result, TensorType)
        result_type = TensorType(acc, []) if scalar else result
        self.replace(
            op, LaunchOp("matmul", [self.add_kernel(kernel)], [a, b], config, result_type), scalar
        )

    def view(self, op: PrimOp) -> None:
        name = op.PRIMITIVE.name
        operands = list(op.operands)
        if name == "reshape" and isinstance(operands[0].type, TensorType):
            operands[0] = self.contiguous(op, operands[0])
        result = op.results[0].type
        scalar = name in ("array_getitem", "getitem") and not isinstance(result, TensorType)
        result_type = TensorType(result, []) if scalar else result
        self.replace(op, HostOp(name, operands, result_type), scalar)

    def contiguous(self, op: Operation, x: SSAValue) -> SSAValue:
        """``x``, or a contiguous copy of it if it is a strided view when it runs."""
        t = x.type
        assert isinstance(t, TensorType)
        owner = x.owner
        if isinstance(owner, LaunchOp):
            return x  # a new array
        rank = _rank(t)
        identity = lambda kb, values: values[0]
        spec = [MapInput(t.element_type, True)]
        base = self.fresh(op, "copy")
        kernels = [self.add_kernel(build_map(base, spec, t.element_type, rank, identity))]
        copy = LaunchOp("contiguous", kernels, [x], _config(block=MAP_BLOCK, items=MAP_ITEMS), t)
        copy.location = op.location
        block = op.parent_block()
        assert block is not None
        block.insert_op_before(copy, op)
        return copy.result


def _per_output(block: int | None) -> dict[str, Any]:
    """A reduction's launch configuration: a thread per output, or a block of ``block``."""
    return {"per_output": "thread"} if block is None else {"per_output": "block", "block": block}


def _product(values: Sequence[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out


def convert_to_gpu(module: ModuleOp) -> ModuleOp:
    """Map the array operations of a fused typed module to GPU kernels, in place."""
    GpuConverter(module).run()
    return module


@dataclass(frozen=True)
class ConvertMyiaToGpu(ModulePass):
    """Map the array operations of fused myia to GPU kernels (gpu.module) and their
    launches (myia_gpu)."""

    name = "convert-myia-to-gpu"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        convert_to_gpu(op)
