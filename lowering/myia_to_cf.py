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
    ArrayAttr,
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
    i1,
    i32,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from myia.dialects.grad_ops import EnvIsZeroOp, EnvPackOp, EnvUnpackOp, EnvZeroOp, JOp
from myia.dialects.ops_call import ApplyOp, CallOp, ClosureOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp, UndefinedOp
from myia.dialects.primitive import PrimOp
from myia.dialects.types import AnyType, FunctionValueType, RecordType
from myia.errors import MyiaError, SourceLocation
from myia.lowering import scalar_rules  # noqa: F401 - the primitives' lower rules
from myia.lowering.arrays import register_lowering as _register_array_lowering
from myia.lowering.arrays.array_codegen import CONTIGUOUS, ArrayValue, contiguous_strides
from myia.lowering.arrays.results import RESULT_SLOTS
from myia.lowering.contify import Target, contify, escaping_functions, is_tail
from myia.lowering.exports import (
    EXPORTED_LAYOUTS,
    EXPORTED_NUMPY_SCALARS,
    EXPORTS,
    rename_entries,
)
from myia.lowering.layout import Layout, LayoutError, machine_scalar
from myia.lowering.llvm.runtime_decls import (
    ERROR_MESSAGE_ATTR,
    LIBM_ALIAS_PREFIX,
    READ_ONLY_ARGS,
    ErrorCode,
    reserved_symbol,
)
from myia.lowering.native_lists import register_lowering as _register_list_lowering
from myia.lowering.undefined import Mask, UndefinedFlow, analyze, is_runtime_undefined
from myia.passes.conversion import ModuleConversion, move_attributes
from myia.passes.symbol_uses import rename_symbols

Leaves = list[SSAValue]
Flag = tuple[SSAValue, str]
"""An ``i1`` that is true when a leaf is defined, and the variable it stands for."""
Flags = list[Flag | None]
"""Per leaf of a value: its flag, or None when it is known to be defined."""


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
        self.undefined: UndefinedFlow = lowering.undefined
        arg_types = [leaf for a in host.args for leaf in self.layout.leaves(a.type)]
        arg_types += [i1] * _flag_count(self.param_mask(name))
        self.result_types = self.layout.leaves(host.result_type)
        self.result_types = self.result_types + [i1] * _flag_count(self.result_mask(name))
        self.func = func.FuncOp(
            name,
            (arg_types, self.result_types),
            visibility="private" if host.is_private else None,
        )
        self.func.location = host.location
        self.region: Region = self.func.body
        self.block: Block = self.region.block
        self.vals: dict[SSAValue, Leaves] = {}
        self.flags: dict[SSAValue, Flags] = {}
        """The flags of the values that may be undefined (lowering/undefined.py)."""
        self.continuations: dict[Operation, Block] = {}
        self.locals: dict[str, Local] = {}
        self.pending: list[tuple[FuncOp, Block]] = []
        self.current: Operation | None = None
        self.bind_args(host, list(self.block.args))
        if CONTIGUOUS in host.attributes:
            self.assume_contiguous(host)
            self.func.attributes[READ_ONLY_ARGS] = ArrayAttr(
                [IntegerAttr(i, 64) for i in self.array_data_args(host)]
            )

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
        self.raise_call(code, message)
        self.emit(llvm.UnreachableOp())

    def raise_call(self, code: int, message: str | None = None) -> None:
        """Call ``myia_raise(code)`` (which does not return), located at the op
        being lowered."""
        args = [self.constant(code, i32)]
        self.m.declare("myia_raise", [a.type for a in args], [])
        call = func.CallOp("myia_raise", args, [])
        if message:
            call.attributes[ERROR_MESSAGE_ATTR] = StringAttr(message)
        self.emit(call)

    def call_runtime(
        self, name: str, args: Sequence[SSAValue], results: Sequence[Attribute]
    ) -> list[SSAValue]:
        self.m.declare(name, [a.type for a in args], list(results))
        op = func.CallOp(name, list(args), list(results))
        self.emit(op)
        return list(op.results)

    def call_libm(self, name: str, args: Sequence[SSAValue]) -> SSAValue:
        """A call to a libm function of the arguments' float type (``erfc``...);
        through its alias ``__myia_libm_<name>`` if the module has a function
        of that name (a user's ``fmod``: see ``LIBM_ALIAS_PREFIX``)."""
        t = args[0].type
        symbol = name + ("f" if isinstance(t, Float32Type) else "")
        if symbol in self.m.function_names:
            symbol = LIBM_ALIAS_PREFIX + symbol
        return self.call_runtime(symbol, args, [t])[0]

    # -- values ------------------------------------------------------------------

    def bind_args(self, f: FuncOp, leaves: Leaves) -> None:
        """Bind ``f``'s arguments to ``leaves`` (their leaves, then the flags of
        those that may be undefined)."""
        pos = 0
        for arg in f.args:
            n = self.layout.count(arg.type)
            self.vals[arg] = leaves[pos : pos + n]
            pos += n
        if self.undefined.active:
            flags = self.unpack_flags(leaves[pos:], self.param_mask(f.sym_name.data))
            start = 0
            for arg in f.args:
                n = self.layout.count(arg.type)
                self.set_flags(arg, flags[start : start + n])
                start += n

    def array_data_args(self, f: FuncOp) -> list[int]:
        """The positions, among ``f``'s lowered arguments, of its arrays' data
        pointers."""
        positions, offset = [], 0
        for arg in f.args:
            positions += [offset + start for start, _ in self.layout.tensor_positions(arg.type)]
            offset += self.layout.count(arg.type)
        return positions

    def assume_contiguous(self, f: FuncOp) -> None:
        """Strides computed from the sizes for the arrays ``f``'s callers pass
        C-contiguous (the ``myia.contiguous`` attribute), instead of its
        stride arguments."""
        flags = f.attributes[CONTIGUOUS]
        positions = [
            (arg, start, t) for arg in f.args for start, t in self.layout.tensor_positions(arg.type)
        ]
        if not isinstance(flags, ArrayAttr) or len(flags.data) != len(positions):
            raise LoweringFailure(
                f"@{f.sym_name.data}: {CONTIGUOUS} must be an array of {len(positions)} bools, "
                "one for each array its arguments hold",
                SourceLocation.from_attr(f.location),
            )
        for (arg, start, t), flag in zip(positions, flags.data, strict=True):
            if not (isinstance(flag, IntegerAttr) and flag.value.data):
                continue
            leaves = list(self.vals[arg])
            ndim = len(t.get_shape())
            array = ArrayValue.of(self, leaves[start : start + 1 + 2 * ndim], t)
            leaves[start + 1 + ndim : start + 1 + 2 * ndim] = contiguous_strides(self, array.dims)
            self.vals[arg] = leaves

    def get(self, v: SSAValue) -> Leaves:
        return self.vals[v]

    def flat(self, values: Sequence[SSAValue]) -> Leaves:
        return [leaf for v in values for leaf in self.get(v)]

    # -- values that may be undefined (lowering/undefined.py) ----------------------

    def param_mask(self, symbol: str) -> Mask:
        f = self.layout.func(symbol)
        return self.undefined.param_mask(symbol, sum(self.layout.count(a.type) for a in f.args))

    def result_mask(self, symbol: str) -> Mask:
        return self.undefined.result_mask(
            symbol, self.layout.count(self.layout.func(symbol).result_type)
        )

    def value_mask(self, v: SSAValue) -> Mask:
        return self.undefined.value(v, self.layout.count(v.type))

    def flags_of(self, v: SSAValue) -> Flags:
        return self.flags.get(v) or [None] * len(self.get(v))

    def flat_flags(self, values: Sequence[SSAValue]) -> Flags:
        return [f for v in values for f in self.flags_of(v)]

    def set_flags(self, v: SSAValue, flags: Flags) -> None:
        if any(f is not None for f in flags):
            self.flags[v] = flags

    def unpack_flags(self, leaves: Leaves, mask: Mask) -> Flags:
        """The flags of an interface of ``mask``, from its flag leaves."""
        it = iter(leaves)
        return [(next(it), name) if name is not None else None for name in mask]

    def check_defined(self, flags: Flags) -> None:
        """Raise UnboundLocalError (at the current op) unless every flag holds."""
        by_name: dict[str, SSAValue] = {}
        for flag in flags:
            if flag is None:
                continue
            value, name = flag
            known = by_name.get(name)
            by_name[name] = value if known is None else self.emit(arith.AndIOp(known, value))
        for name, defined in by_name.items():
            undefined = self.emit(arith.XOrIOp(defined, self.constant(1, i1)))
            self.raise_if(
                undefined,
                ErrorCode.UNBOUND_LOCAL,
                f"local variable '{name}' referenced before assignment",
            )

    def check_operands(self, op: Operation) -> None:
        if self.flags:
            self.check_defined(self.flat_flags(op.operands))

    def with_flags(self, leaves: Leaves, flags: Flags, mask: Mask) -> Leaves:
        """``leaves`` followed by the flags an interface of ``mask`` carries (true
        for leaves known to be defined); a flag it cannot carry is checked here."""
        if not self.undefined.active:
            return leaves
        self.check_defined([f if m is None else None for f, m in zip(flags, mask, strict=True)])
        extra = [
            f[0] if f is not None else self.constant(1, i1)
            for f, m in zip(flags, mask, strict=True)
            if m is not None
        ]
        return [*leaves, *extra]

    def split_results(self, v: SSAValue, leaves: Sequence[SSAValue], mask: Mask) -> None:
        """Bind ``v`` to the leaves of a call or continuation of ``mask``."""
        n = self.layout.count(v.type)
        self.vals[v] = list(leaves[:n])
        if self.undefined.active:
            self.set_flags(v, self.unpack_flags(list(leaves[n:]), mask))

    # -- control ---------------------------------------------------------------

    def local(self, symbol: str) -> Local | None:
        if symbol not in self.m.targets or self.m.hosts[symbol] != self.host.sym_name.data:
            return None
        loc = self.locals.get(symbol)
        if loc is None:
            f = self.layout.func(symbol)
            arg_types = [leaf for a in f.args for leaf in self.layout.leaves(a.type)]
            arg_types += [i1] * _flag_count(self.param_mask(symbol))
            block = self.new_block(arg_types)
            loc = self.locals[symbol] = Local(block, self.m.targets[symbol])
            self.pending.append((f, block))
        return loc

    def leave(self, target: Target, leaves: Leaves, flags: Flags | None = None) -> None:
        """Return ``leaves`` (with their ``flags``) to ``target``: the host's return
        or a continuation."""
        flags = flags or [None] * len(leaves)
        if target[0] == "return":
            symbol = self.host.sym_name.data
            if symbol in self.undefined.escaping and any(flags):
                # Returned to Python or through a function value: checked where the
                # host returns, as the interpreter does for its entry function.
                saved, self.current = self.current, self.host.entry.last_op
                self.check_defined(flags)
                self.current = saved
                flags = [None] * len(leaves)
            self.emit(func.ReturnOp(*self.with_flags(leaves, flags, self.result_mask(symbol))))
        else:
            op: Operation = target[1]  # type: ignore[assignment]
            mask = self.value_mask(op.results[0])
            self.emit(cf.BranchOp(self.continuations[op], *self.with_flags(leaves, flags, mask)))

    def resume(self, op: Operation) -> Block:
        """The block after the call ``op`` (its result as block arguments)."""
        block = self.continuations.get(op)
        if block is None:
            types = self.layout.leaves(op.results[0].type)
            types = types + [i1] * _flag_count(self.value_mask(op.results[0]))
            block = self.continuations[op] = self.new_block(types)
        return block

    def call_args(self, symbol: str, values: Sequence[SSAValue]) -> Leaves:
        """The leaves (and flags) to pass to ``symbol`` for ``values``."""
        leaves = self.flat(values)
        if not self.undefined.active:
            return leaves
        return self.with_flags(leaves, self.flat_flags(values), self.param_mask(symbol))

    def call_results(self, symbol: str) -> list[Attribute]:
        """The types ``symbol`` returns: its result's leaves, and flags."""
        callee = self.layout.func(symbol)
        types = self.layout.leaves(callee.result_type)
        return types + [i1] * _flag_count(self.result_mask(symbol))

    def results_flags(self, symbol: str, results: Sequence[SSAValue]) -> tuple[Leaves, Flags]:
        """Split what a call of ``symbol`` returned into leaves and flags."""
        n = self.layout.count(self.layout.func(symbol).result_type)
        flags = self.unpack_flags(list(results[n:]), self.result_mask(symbol))
        return list(results[:n]), flags

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
                self.leave(target, self.get(op.value), self.flags.get(op.value))
                return
            if self.lower_op(op, target):
                return  # a tail call or branch ended the function

    def lower_op(self, op: Operation, target: Target) -> bool:
        """Lower one op; True when it ended the current function (tail position)."""
        if isinstance(op, CallOp):
            return self.lower_call(op, target)
        if isinstance(op, IfOp):
            if self.flags:
                self.check_defined(self.flags_of(op.cond))
            return self.lower_if(op, target)
        if self.flags and not isinstance(op, PASSING_UNDEFINED):
            self.check_operands(op)  # a use of a value that may be undefined
        handler = SIMPLE.get(type(op))
        if handler is not None:
            self.vals[op.results[0]] = handler(self, op)
            return False
        if isinstance(op, PrimOp) and op.PRIMITIVE.name == "select" and self.flags:
            return self.lower_select(op)
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
            self.split_results(op.results[0], self.block.args, self.value_mask(op.results[0]))
            return False
        call = func.CallOp(symbol, args, self.call_results(symbol))
        self.emit(call)
        results, flags = self.results_flags(symbol, call.results)
        if tail:
            self.leave(target, results, flags)
            return True
        self.vals[op.results[0]] = results
        self.set_flags(op.results[0], flags)
        return False

    def lower_call(self, op: CallOp, target: Target) -> bool:
        symbol = op.callee.root_reference.data
        return self.jump(symbol, self.call_args(symbol, op.arguments), op, target)

    def lower_if(self, op: IfOp, target: Target) -> bool:
        tail = is_tail(op)
        (cond,) = self.get(op.cond)
        branches = [
            (ref.root_reference.data, self.call_args(ref.root_reference.data, args))
            for ref, args in ((op.then_fn, op.then_args), (op.else_fn, op.else_args))
        ]
        start = self.block  # (after any check call_args made)
        blocks = []
        for symbol, leaves in branches:
            loc = self.local(symbol)
            if loc is not None:
                blocks.append((loc.block, leaves))
                continue
            # A function with a frame of its own: call it from a block.
            block = self.new_block()
            self.block = block
            call = func.CallOp(symbol, leaves, self.call_results(symbol))
            self.emit(call)
            results, flags = self.results_flags(symbol, call.results)
            if tail:
                self.leave(target, results, flags)
            else:
                mask = self.value_mask(op.results[0])
                self.emit(cf.BranchOp(self.resume(op), *self.with_flags(results, flags, mask)))
            blocks.append((block, []))
        self.block = start
        (then_block, then_args), (else_block, else_args) = blocks
        self.emit(cf.ConditionalBranchOp(cond, then_block, then_args, else_block, else_args))
        if tail:
            return True
        self.block = self.resume(op)
        self.split_results(op.results[0], self.block.args, self.value_mask(op.results[0]))
        return False

    def lower_select(self, op: PrimOp) -> bool:
        """``select`` of values that may be undefined: only the chosen one must be
        defined (its flags are selected too)."""
        cond_v, a, c = op.args
        self.check_defined(self.flags_of(cond_v))
        (cond,) = self.get(cond_v)
        rule = op.PRIMITIVE.rules["lower"]
        types = [x.type for x in op.args]
        self.vals[op.results[0]] = rule(self, op, [self.get(x) for x in op.args], types)
        flags: Flags = []
        for fa, fc in zip(self.flags_of(a), self.flags_of(c), strict=True):
            if fa is None and fc is None:
                flags.append(None)
                continue
            va = fa[0] if fa is not None else self.constant(1, i1)
            vc = fc[0] if fc is not None else self.constant(1, i1)
            name = fa[1] if fa is not None else fc[1]  # type: ignore[index]
            flags.append((self.emit(arith.SelectOp(cond, va, vc)), name))
        self.set_flags(op.results[0], flags)
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
        """Zeros; flagged undefined when the value may be read at run time."""
        types = self.layout.leaves(op.result.type)
        if types and self.undefined.active and is_runtime_undefined(op):
            false = self.constant(0, i1)
            self.set_flags(op.result, [(false, op.var_name.data)] * len(types))
        return self.zeros(types)

    def lower_tuple(self, op: TupleOp) -> Leaves:
        if self.flags:
            self.set_flags(op.result, self.flat_flags(op.elements))
        return self.flat(op.elements)

    def lower_tuple_get(self, op: TupleGetOp) -> Leaves:
        t = op.tuple.type
        assert isinstance(t, TupleType)
        where = self.layout.element_slice(t, op.index.data)
        if self.flags:
            self.set_flags(op.result, self.flags_of(op.tuple)[where])
        return self.get(op.tuple)[where]

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


def _flag_count(mask: Mask) -> int:
    return sum(1 for name in mask if name is not None)


PASSING_UNDEFINED = (TupleOp, TupleGetOp, UndefinedOp, ConstOp)
"""The ops that pass values that may be undefined on without using them."""


def TensorTypeI32(n: int) -> Attribute:
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
        escaping = escaping_functions(module)
        escaping.update(
            f.sym_name.data
            for f in module.ops
            if isinstance(f, FuncOp) and "myia.kernel" in f.attributes
        )
        self.undefined = analyze(module, self.layout, escaping)
        self.declared: dict[str, func.FuncOp] = {}
        self.function_names = {f.sym_name.data for f in module.ops if isinstance(f, FuncOp)}

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
    """The ``func``/``cf`` module for a typed myia module. Functions whose
    names the runtime or the C library has (a user's ``memcpy``) get another
    one in it (:func:`native_symbol`), so that theirs stay external (libm's are
    called through aliases: ``call_libm``)."""
    renamed = renamed_functions(module)
    if renamed:
        module = module.clone()
        for f in module.ops:
            if isinstance(f, FuncOp) and f.sym_name.data in renamed:
                f.sym_name = StringAttr(renamed[f.sym_name.data])
        rename_symbols(module.ops, renamed)
    try:
        return ModuleLowering(module).run()
    except LayoutError as exc:
        raise LoweringFailure(exc.message) from None


def renamed_functions(module: ModuleOp) -> dict[str, str]:
    """The functions of ``module`` whose lowered function has another name."""
    return {
        f.sym_name.data: native_symbol(f.sym_name.data)
        for f in module.ops
        if isinstance(f, FuncOp) and reserved_symbol(f.sym_name.data)
    }


def native_symbol(name: str) -> str:
    """The name of the lowered function of ``@name``: ``name`` itself, or
    ``name$`` if ``name`` is reserved (a runtime or C library function: see
    ``reserved_symbol``; ``$`` is in no Python or frontend-made name)."""
    return f"{name}$" if reserved_symbol(name) else name


@dataclass(frozen=True)
class ConvertMyiaToCf(ModuleConversion):
    """Lower typed myia functions to func/cf/arith/math (loops become branches)."""

    name = "convert-myia-to-cf"

    def convert(self, ctx: Context, op: ModuleOp) -> ModuleOp:
        new = move_attributes(op, lower_module(op))
        # The tables of entry points name the lowered functions.
        tables = (EXPORTS, EXPORTED_NUMPY_SCALARS, EXPORTED_LAYOUTS, RESULT_SLOTS)
        rename_entries(new, renamed_functions(op), tables)
        return new
