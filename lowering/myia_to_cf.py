"""``convert-myia-to-cf``: typed myia to ``func``/``cf``/``arith``/``math``.

Every value becomes its leaves (:mod:`.layout`); every function that keeps a
frame becomes a ``func.func`` whose body is a control-flow graph, and the
functions contified into it (:mod:`.contify`) become its blocks: loops are
branches back to their header, ``if`` is ``cf.cond_br``. Primitives are lowered
by their ``lower`` rule (in the rules table), calls of function values dispatch
on the closure's tag. Errors that Python raises at run time (division by zero)
call the runtime's ``myia_raise``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.context import Context
from xdsl.dialects import arith, cf, func, llvm
from xdsl.dialects.builtin import (
    DenseIntElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    TupleType,
    i32,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass

from myia.dialects.ops import (
    ApplyOp,
    CallOp,
    ClosureOp,
    ConstOp,
    FuncOp,
    GetAttrOp,
    IfOp,
    RecordOp,
    ReturnOp,
    TupleGetOp,
    TupleOp,
    UndefinedOp,
)
from myia.dialects import lower_rules  # noqa: F401 - the primitives' lower rules
from myia.lowering.arrays import register_lowering as _register_array_lowering
from myia.lowering.lists import register_lowering as _register_list_lowering
from myia.dialects.grad_ops import EnvIsZeroOp, EnvPackOp, EnvUnpackOp, EnvZeroOp, JOp
from myia.dialects.primitive import PrimOp
from myia.dialects.types import AnyType, FunctionValueType, RecordType
from myia.errors import MyiaError, SourceLocation
from myia.lowering.contify import Target, contify, is_tail
from myia.lowering.layout import Layout, LayoutError, machine_scalar
from myia.lowering.llvm.runtime_decls import ERROR_MESSAGE_ATTR

Leaves = list[SSAValue]


_register_array_lowering()  # the array primitives' lower rules (after the scalar ones)
_register_list_lowering()  # the list primitives' lower rules


class LoweringFailure(MyiaError):
    """The native backend cannot compile this program (a construct it lacks)."""


@dataclass
class Local:
    """A contified function: its block in the host, and where it returns."""

    block: Block
    target: Target


class HostLowering:
    """Lowers one frame-keeping function and the functions contified into it.

    Also the builder that primitives' ``lower`` rules receive: ``emit``,
    ``constant``, ``convert``, ``raise_if``, ``call_runtime``, ``call_libm``.
    """

    def __init__(self, lowering: ModuleLowering, host: FuncOp):
        self.m = lowering
        self.layout = lowering.layout
        self.host = host
        name = host.sym_name.data
        arg_types = [leaf for a in host.args for leaf in self.layout.leaves(a.type)]
        self.result_types = self.layout.leaves(host.result_type)
        self.func = func.FuncOp(
            name,
            (arg_types, self.result_types),
            visibility="private" if host.is_private else None,
        )
        self.func.location = host.location
        self.region: Region = self.func.body
        self.block: Block = self.region.block
        self.vals: dict[SSAValue, Leaves] = {}
        self.continuations: dict[Operation, Block] = {}
        self.locals: dict[str, Local] = {}
        self.pending: list[tuple[FuncOp, Block]] = []
        self.current: Operation | None = None
        self.bind_args(host, list(self.block.args))

    # -- building ---------------------------------------------------------------

    def emit(self, op: Operation) -> SSAValue:
        if self.current is not None:
            op.location = self.current.location
        self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def constant(self, value: Any, t: Attribute) -> SSAValue:
        t = machine_scalar(t)
        if isinstance(t, IntegerType):
            width = t.width.data
            v = int(bool(value)) if width == 1 else int(value)
            if width > 1:
                v = (v + (1 << (width - 1))) % (1 << width) - (1 << (width - 1))
            return self.emit(arith.ConstantOp(IntegerAttr(v, t)))
        if isinstance(t, Float16Type | Float32Type | Float64Type):
            return self.emit(arith.ConstantOp(FloatAttr(float(value), t)))
        if isinstance(t, llvm.LLVMPointerType):
            return self.emit(llvm.ZeroOp.create(result_types=[t]))
        raise LoweringFailure(f"no constant of type {t}")

    def zeros(self, types: Sequence[Attribute]) -> Leaves:
        return [self.constant(0, t) for t in types]

    def new_block(self, arg_types: Sequence[Attribute] = ()) -> Block:
        block = Block(arg_types=arg_types)
        self.region.add_block(block)
        return block

    def raise_if(self, condition: SSAValue, code: int, message: str | None = None) -> None:
        """Leave with runtime error ``code`` when ``condition`` holds, located at
        the op being lowered; ``message`` replaces the code's default message
        (Python's: ``float division by zero``)."""
        fail = self.new_block()
        ok = self.new_block()
        self.emit(cf.ConditionalBranchOp(condition, fail, [], ok, []))
        self.block = fail
        self.raise_error(code, message)
        self.block = ok

    def raise_error(self, code: int, message: str | None = None) -> None:
        """End the current block with ``myia_raise(code)`` (see ``raise_if``)."""
        args = [self.constant(code, i32)]
        self.m.declare("myia_raise", [a.type for a in args], [])
        call = func.CallOp("myia_raise", args, [])
        if message:
            call.attributes[ERROR_MESSAGE_ATTR] = StringAttr(message)
        self.emit(call)
        self.emit(llvm.UnreachableOp())

    def call_runtime(self, name: str, args: Sequence[SSAValue], results: Sequence[Attribute]) -> list[SSAValue]:
        self.m.declare(name, [a.type for a in args], list(results))
        op = func.CallOp(name, list(args), list(results))
        self.emit(op)
        return list(op.results)

    def call_libm(self, name: str, args: Sequence[SSAValue]) -> SSAValue:
        """A call to a libm function of the arguments' float type (``erfc``...)."""
        t = args[0].type
        suffix = "f" if isinstance(t, Float32Type) else ""
        return self.call_runtime(name + suffix, args, [t])[0]

    # -- values ------------------------------------------------------------------

    def bind_args(self, f: FuncOp, leaves: Leaves) -> None:
        pos = 0
        for arg in f.args:
            n = self.layout.count(arg.type)
            self.vals[arg] = leaves[pos : pos + n]
            pos += n

    def get(self, v: SSAValue) -> Leaves:
        return self.vals[v]

    def flat(self, values: Sequence[SSAValue]) -> Leaves:
        return [leaf for v in values for leaf in self.get(v)]

    # -- control ---------------------------------------------------------------

    def local(self, symbol: str) -> Local | None:
        if symbol not in self.m.targets or self.m.hosts[symbol] != self.host.sym_name.data:
            return None
        loc = self.locals.get(symbol)
        if loc is None:
            f = self.layout.func(symbol)
            arg_types = [leaf for a in f.args for leaf in self.layout.leaves(a.type)]
            block = self.new_block(arg_types)
            loc = self.locals[symbol] = Local(block, self.m.targets[symbol])
            self.pending.append((f, block))
        return loc

    def leave(self, target: Target, leaves: Leaves) -> None:
        """Return ``leaves`` to ``target``: the host's return or a continuation."""
        if target[0] == "return":
            self.emit(func.ReturnOp(*leaves))
        else:
            self.emit(cf.BranchOp(self.continuations[target[1]], *leaves))  # type: ignore[index]

    def resume(self, op: Operation) -> Block:
        """The block after the call ``op`` (its result as block arguments)."""
        block = self.continuations.get(op)
        if block is None:
            block = self.continuations[op] = self.new_block(self.layout.leaves(op.results[0].type))
        return block

    def run(self) -> func.FuncOp:
        self.lower_body(self.host, ("return", self.host.sym_name.data))
        while self.pending:
            f, block = self.pending.pop(0)
            self.block = block
            self.bind_args(f, list(block.args))
            self.lower_body(f, self.locals[f.sym_name.data].target)
        return self.func

    def lower_body(self, f: FuncOp, target: Target) -> None:
        for op in f.entry.ops:
            self.current = op
            if isinstance(op, ReturnOp):
                self.leave(target, self.get(op.value))
                return
            if self.lower_op(op, target):
                return  # a tail call or branch ended the function

    def lower_op(self, op: Operation, target: Target) -> bool:
        """Lower one op; True when it ended the current function (tail position)."""
        if isinstance(op, CallOp):
            return self.lower_call(op, target)
        if isinstance(op, IfOp):
            return self.lower_if(op, target)
        handler = SIMPLE.get(type(op))
        if handler is not None:
            self.vals[op.results[0]] = handler(self, op)
            return False
        if isinstance(op, PrimOp):
            rule = op.PRIMITIVE.rules.get("lower")
            if rule is None:
                raise LoweringFailure(
                    f"the native backend cannot compile {op.PRIMITIVE.name} yet",
                    SourceLocation.from_attr(op.location),
                )
            types = [a.type for a in op.operands]
            self.vals[op.results[0]] = rule(self, op, [self.get(a) for a in op.operands], types)
            return False
        raise LoweringFailure(f"the native backend cannot compile {op.name}")

    def jump(self, symbol: str, args: Leaves, op: Operation, target: Target) -> bool:
        """Transfer to ``symbol`` called at ``op``; True if that ended the function."""
        tail = is_tail(op)
        loc = self.local(symbol)
        if loc is not None:
            self.emit(cf.BranchOp(loc.block, *args))
            if tail:
                return True
            self.block = self.resume(op)
            self.vals[op.results[0]] = list(self.block.args)
            return False
        callee = self.layout.func(symbol)
        call = func.CallOp(symbol, args, self.layout.leaves(callee.result_type))
        self.emit(call)
        results = list(call.results)
        if tail:
            self.leave(target, results)
            return True
        self.vals[op.results[0]] = results
        return False

    def lower_call(self, op: CallOp, target: Target) -> bool:
        return self.jump(op.callee.root_reference.data, self.flat(op.arguments), op, target)

    def lower_if(self, op: IfOp, target: Target) -> bool:
        tail = is_tail(op)
        (cond,) = self.get(op.cond)
        start = self.block
        blocks = []
        for ref, args in ((op.then_fn, op.then_args), (op.else_fn, op.else_args)):
            symbol = ref.root_reference.data
            leaves = self.flat(args)
            loc = self.local(symbol)
            if loc is not None:
                blocks.append((loc.block, leaves))
                continue
            # A function with a frame of its own: call it from a block.
            block = self.new_block()
            self.block = block
            callee = self.layout.func(symbol)
            call = func.CallOp(symbol, leaves, self.layout.leaves(callee.result_type))
            self.emit(call)
            if tail:
                self.leave(target, list(call.results))
            else:
                self.emit(cf.BranchOp(self.resume(op), *call.results))
            blocks.append((block, []))
        self.block = start
        (then_block, then_args), (else_block, else_args) = blocks
        self.emit(cf.ConditionalBranchOp(cond, then_block, then_args, else_block, else_args))
        if tail:
            return True
        self.block = self.resume(op)
        self.vals[op.results[0]] = list(self.block.args)
        return False

    # -- structural values ----------------------------------------------------------

    def lower_const(self, op: ConstOp) -> Leaves:
        t = op.result.type
        leaves = self.layout.leaves(t)
        if not leaves:
            return []
        value = op.value
        if isinstance(value, IntegerAttr | FloatAttr):
            return [self.constant(value.value.data, leaves[0])]
        raise LoweringFailure(f"no machine value for the constant {value}")

    def lower_undefined(self, op: UndefinedOp) -> Leaves:
        return self.zeros(self.layout.leaves(op.result.type))

    def lower_tuple(self, op: TupleOp) -> Leaves:
        return self.flat(op.elements)

    def lower_tuple_get(self, op: TupleGetOp) -> Leaves:
        t = op.tuple.type
        assert isinstance(t, TupleType)
        return self.get(op.tuple)[self.layout.element_slice(t, op.index.data)]

    def lower_record(self, op: RecordOp) -> Leaves:
        return self.flat(op.fields)

    def lower_getattr(self, op: GetAttrOp) -> Leaves:
        t = op.object.type
        if not isinstance(t, RecordType):
            raise LoweringFailure(f"getattr on {t}")
        names = [n for n, _ in t.fields]
        return self.get(op.object)[self.layout.element_slice(t, names.index(op.attr.data))]

    def lower_closure(self, op: ClosureOp) -> Leaves:
        captures = self.flat(op.captures)
        symbol = op.callee.root_reference.data
        if symbol not in self.layout.boxed:
            return captures
        # A closure that may contain itself: its captures go in a box.
        struct = llvm.LLVMStructType.from_type_list([c.type for c in captures])
        size = self.constant(8 * max(len(captures), 1), IntegerType(64))
        (box,) = self.call_runtime("myia_alloc", [size], [llvm.LLVMPointerType()])
        for i, value in enumerate(captures):
            field = self.emit(llvm.GEPOp.from_mixed_indices(box, [0, i], struct))
            self.emit(llvm.StoreOp(value, field))
        return [box]

    def box(self, leaves: Leaves) -> SSAValue:
        """A pointer to a copy of ``leaves`` in the call's arena."""
        struct = llvm.LLVMStructType.from_type_list([v.type for v in leaves])
        size = self.constant(8 * max(len(leaves), 1), IntegerType(64))
        (box,) = self.call_runtime("myia_alloc", [size], [llvm.LLVMPointerType()])
        for i, value in enumerate(leaves):
            field = self.emit(llvm.GEPOp.from_mixed_indices(box, [0, i], struct))
            self.emit(llvm.StoreOp(value, field))
        return box

    def load_box(self, box: SSAValue, types: Sequence[Attribute]) -> Leaves:
        struct = llvm.LLVMStructType.from_type_list(list(types))
        values = []
        for i, t in enumerate(types):
            field = self.emit(llvm.GEPOp.from_mixed_indices(box, [0, i], struct))
            values.append(self.emit(llvm.LoadOp(field, t)))
        return values

    def lower_env_pack(self, op: EnvPackOp) -> Leaves:
        return [self.box(self.get(op.value))]

    def is_null(self, pointer: SSAValue) -> SSAValue:
        null = self.constant(0, llvm.LLVMPointerType())
        return self.emit(llvm.ICmpOp(pointer, null, IntegerAttr(0, IntegerType(64))))

    def lower_env_is_zero(self, op: EnvIsZeroOp) -> Leaves:
        return [self.is_null(self.get(op.value)[0])]

    def lower_env_unpack(self, op: EnvUnpackOp) -> Leaves:
        """The box's leaves, or zeros for the null (zero) sensitivity."""
        (box,) = self.get(op.value)
        types = self.layout.leaves(op.result.type)
        if not types:
            return []
        zero_block, load_block = self.new_block(), self.new_block()
        join = self.new_block(types)
        self.emit(cf.ConditionalBranchOp(self.is_null(box), zero_block, [], load_block, []))
        self.block = zero_block
        self.emit(cf.BranchOp(join, *self.zeros(types)))
        self.block = load_block
        self.emit(cf.BranchOp(join, *self.load_box(box, types)))
        self.block = join
        return list(join.args)

    def unbox(self, symbol: str, leaves: Leaves) -> Leaves:
        """The captures of a closure of class ``symbol`` (loaded from its box)."""
        if symbol not in self.layout.boxed:
            return leaves
        types = self.layout.capture_leaves(symbol)
        struct = llvm.LLVMStructType.from_type_list(types)
        (box,) = leaves
        values = []
        for i, t in enumerate(types):
            field = self.emit(llvm.GEPOp.from_mixed_indices(box, [0, i], struct))
            values.append(self.emit(llvm.LoadOp(field, t)))
        return values

    def lower_apply(self, op: ApplyOp) -> Leaves:
        fn_type = op.fn.type
        if not isinstance(fn_type, FunctionValueType) or op.callees is None:
            raise LoweringFailure("an untyped function call reached the native backend")
        fn = self.get(op.fn)
        args = self.flat(op.arguments)
        alternatives = self.layout.alternatives(fn_type)
        callees = [r.root_reference.data for r in op.callees.data]
        result_types = self.layout.leaves(op.result.type)

        def call(alternative: str, callee: str) -> list[SSAValue]:
            caps = self.unbox(alternative, fn[self.layout.alternative_slice(fn_type, alternative)])
            target = self.layout.func(callee)
            results = func.CallOp(callee, [*caps, *args], self.layout.leaves(target.result_type))
            self.emit(results)
            return list(results.results)

        if len(alternatives) == 1:
            return call(alternatives[0], callees[0])
        # Dispatch on the tag: one block per function, joining with the result.
        join = self.new_block(result_types)
        cases = []
        for alternative, callee in zip(alternatives, callees, strict=True):
            block = self.new_block()
            saved, self.block = self.block, block
            self.emit(cf.BranchOp(join, *call(alternative, callee)))
            self.block = saved
            cases.append(block)
        values = DenseIntElementsAttr.from_list(
            TensorTypeI32(len(cases) - 1), list(range(1, len(cases)))
        )
        self.emit(cf.SwitchOp(fn[0], cases[0], [], values, cases[1:], [[] for _ in cases[1:]]))
        self.block = join
        return list(join.args)


def TensorTypeI32(n: int) -> Attribute:  # noqa: N802 - a type constructor
    from xdsl.dialects.builtin import TensorType

    return TensorType(i32, [n])


SIMPLE = {
    ConstOp: HostLowering.lower_const,
    UndefinedOp: HostLowering.lower_undefined,
    TupleOp: HostLowering.lower_tuple,
    TupleGetOp: HostLowering.lower_tuple_get,
    RecordOp: HostLowering.lower_record,
    GetAttrOp: HostLowering.lower_getattr,
    ClosureOp: HostLowering.lower_closure,
    ApplyOp: HostLowering.lower_apply,
    # The J view of a value has the same leaves (J transforms capture the same).
    JOp: lambda self, op: self.get(op.value),
    EnvPackOp: HostLowering.lower_env_pack,
    EnvUnpackOp: HostLowering.lower_env_unpack,
    EnvIsZeroOp: HostLowering.lower_env_is_zero,
    EnvZeroOp: lambda self, op: [self.constant(0, llvm.LLVMPointerType())],
}


class ModuleLowering:
    """Lowers a typed myia module to a module of ``func.func``."""

    def __init__(self, module: ModuleOp):
        self.module = module
        self.layout = Layout(module)
        self.targets, self.hosts = contify(module)
        self.declared: dict[str, func.FuncOp] = {}

    def declare(self, name: str, inputs: list[Attribute], outputs: list[Attribute]) -> None:
        if name not in self.declared:
            self.declared[name] = func.FuncOp.external(name, inputs, outputs)

    def run(self) -> ModuleOp:
        funcs = []
        for f in self.module.ops:
            if not isinstance(f, FuncOp):
                continue
            for a in f.args:
                if isinstance(a.type, AnyType):
                    raise LoweringFailure(
                        f"@{f.sym_name.data} is not typed: run myia-infer before lowering"
                    )
            if f.sym_name.data in self.targets or "myia.kernel" in f.attributes:
                continue  # (kernels are emitted in the loops of array_map: lowering/arrays)
            funcs.append(HostLowering(self, f).run())
        return ModuleOp([*funcs, *self.declared.values()])


def lower_module(module: ModuleOp) -> ModuleOp:
    """The ``func``/``cf`` module for a typed myia module."""
    try:
        return ModuleLowering(module).run()
    except LayoutError as exc:
        raise LoweringFailure(exc.message) from None


@dataclass(frozen=True)
class ConvertMyiaToCf(ModulePass):
    """Lower typed myia functions to func/cf/arith/math (loops become branches)."""

    name = "convert-myia-to-cf"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        lowered = lower_module(op)
        for f in list(op.ops):
            f.detach()
            f.erase()
        for f in list(lowered.ops):
            f.detach()
            op.body.block.add_op(f)
