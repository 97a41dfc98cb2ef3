"""``myia-capi-wrappers``: the C-ABI entry point of each exported function.

For each function of ``myia.exports`` (see :mod:`myia.lowering.exports`), an
``llvm.func @f`` of scalars, this pass adds::

    i32 @f__capi(ptr %buf, ptr %out)

``%buf`` holds the arguments, one 8-byte slot each (i1 i8 i16 i32 i64 f16 f32
f64 ptr, stored in the slot's first bytes); the results are written to ``%out``
the same way (it may be ``%buf`` itself: every argument is read before the call).
The wrapper

1. records the arena position and the previous ``jmp_buf``, and calls
   ``myia_stack_enter`` (which sets the stack limit for the calling thread);
2. calls ``_setjmp`` (``returns_twice``) on a ``jmp_buf`` in its own frame and
   publishes it in ``@myia_jmpbuf``, so that ``myia_raise(code)`` anywhere below
   lands back here and the wrapper returns ``code`` (after rewinding the arena);
3. calls the function, stores the results, and returns 0. If no result is a
   pointer, it rewinds the arena itself; otherwise it stores the arena mark in
   two more slots after the results and Python rewinds it once it has read them.

:class:`Signature` describes that convention for one function; the runtime's
caller (:mod:`myia.runtime.abi`) reads it from the wrapped ``llvm.func``.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    DenseArrayBase,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    i8,
    i32,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass

from myia.lowering.exports import exports_of

from .common import LoweringError, declare_function, declare_global, icmp
from .runtime_decls import JMP_BUF_SIZE

SLOT = 8
"""Bytes per argument or result in the buffer."""


def kind_of(type_: Attribute) -> str:
    """The ABI kind of a scalar type: ``i1``... ``i64``, ``f16``, ``f32``, ``f64``, ``ptr``."""
    if isinstance(type_, IntegerType) and type_.width.data in (1, 8, 16, 32, 64):
        return f"i{type_.width.data}"
    if isinstance(type_, Float16Type):
        return "f16"
    if isinstance(type_, Float32Type):
        return "f32"
    if isinstance(type_, Float64Type):
        return "f64"
    if isinstance(type_, llvm.LLVMPointerType):
        return "ptr"
    raise LoweringError(f"type {type_} cannot cross the Python boundary")


@dataclass(frozen=True)
class Signature:
    """What crosses the boundary for one entry point."""

    name: str
    args: tuple[str, ...]
    results: tuple[str, ...]

    @property
    def capi_name(self) -> str:
        return capi_name(self.name)

    @property
    def boxed_results(self) -> bool:
        """Whether a result is a pointer (then Python rewinds the arena)."""
        return "ptr" in self.results

    @property
    def result_slots(self) -> int:
        return len(self.results) + (2 if self.boxed_results else 0)

    @property
    def buffer_size(self) -> int:
        return SLOT * max(len(self.args), self.result_slots, 1)


def capi_name(name: str) -> str:
    """The name of the C-ABI wrapper of the function ``name``."""
    return f"{name}__capi"


def find_function(module: ModuleOp, name: str) -> llvm.FuncOp:
    """The ``llvm.func @name`` of ``module``."""
    for op in module.ops:
        if isinstance(op, llvm.FuncOp) and op.sym_name.data == name:
            return op
    raise LoweringError(f"no llvm.func @{name} in the module (lower it first)")


def signature_of(func: llvm.FuncOp) -> Signature:
    ftype = func.function_type
    args = tuple(kind_of(t) for t in ftype.inputs.data)
    output = ftype.output
    if isinstance(output, llvm.LLVMVoidType):
        results: tuple[str, ...] = ()
    elif isinstance(output, llvm.LLVMStructType):
        results = tuple(kind_of(t) for t in output.types.data)
    else:
        results = (kind_of(output),)
    return Signature(func.sym_name.data, args, results)


def _const(value: int, type_: Attribute) -> llvm.ConstantOp:
    return llvm.ConstantOp(IntegerAttr(value, type_), type_)


def _slot(ops: list[Operation], base: SSAValue, index: int) -> SSAValue:
    if index == 0:
        return base
    gep = llvm.GEPOp(base, [index * SLOT], i8)
    ops.append(gep)
    return gep.result


def _global(ops: list[Operation], name: str) -> SSAValue:
    op = llvm.AddressOfOp(name, llvm.LLVMPointerType())
    ops.append(op)
    return op.result


def add_capi_wrapper(module: ModuleOp, name: str) -> Signature:
    """Add ``@<name>__capi`` for the llvm function ``@name`` (see the module
    docstring) and return the signature. The function itself must be exported
    (not ``internal``)."""
    func = find_function(module, name)
    sig = signature_of(func)
    ptr = llvm.LLVMPointerType()
    declare_function(module, "_setjmp", [ptr], i32, ("returns_twice", "nounwind"))
    declare_function(module, "myia_stack_enter", [], None, ("nounwind",))
    declare_function(module, "myia_arena_reset", [ptr, ptr], None, ("nounwind",))
    for glob in ("myia_jmpbuf", "myia_arena_chunk", "myia_arena_cur"):
        declare_global(module, glob, ptr)

    entry = Block(arg_types=[ptr, ptr])
    run = Block()
    fail = Block()
    buf, out = entry.args

    ops: list[Operation] = []
    one = _const(1, i64)
    jmp_buf = llvm.AllocaOp(one.result, llvm.LLVMArrayType(JMP_BUF_SIZE // 8, i64), 16)
    ops += [one, jmp_buf]
    jb_global = _global(ops, "myia_jmpbuf")
    previous = llvm.LoadOp(jb_global, ptr)
    chunk_global = _global(ops, "myia_arena_chunk")
    chunk = llvm.LoadOp(chunk_global, ptr)
    cur_global = _global(ops, "myia_arena_cur")
    cur = llvm.LoadOp(cur_global, ptr)
    ops += [previous, chunk, cur, llvm.CallOp("myia_stack_enter")]
    rc = llvm.CallOp("_setjmp", jmp_buf.res, return_type=i32)
    zero = _const(0, i32)
    ok = icmp("eq", rc.returned, zero.result)  # type: ignore[arg-type]
    ops += [rc, zero, ok, llvm.CondBrOp(ok.res, run, (), fail, ())]
    entry.add_ops(ops)

    # ^run: publish the jmp_buf, load the arguments, call, store the results.
    ops = [llvm.StoreOp(jmp_buf.res, jb_global)]
    args: list[SSAValue] = []
    for i, t in enumerate(func.function_type.inputs.data):
        load = llvm.LoadOp(_slot(ops, buf, i), t)
        ops.append(load)
        args.append(load.dereferenced_value)
    output = func.function_type.output
    returns = None if isinstance(output, llvm.LLVMVoidType) else output
    call = llvm.CallOp(name, *args, return_type=returns)
    ops.append(call)
    if isinstance(output, llvm.LLVMStructType):
        for i, t in enumerate(output.types.data):
            part = llvm.ExtractValueOp(DenseArrayBase.from_list(i64, [i]), call.returned, t)  # type: ignore[arg-type]
            ops.append(part)
            ops.append(llvm.StoreOp(part.res, _slot(ops, out, i)))
    elif returns is not None:
        ops.append(llvm.StoreOp(call.returned, out))  # type: ignore[arg-type]
    ops.append(llvm.StoreOp(previous.dereferenced_value, jb_global))
    if sig.boxed_results:
        n = len(sig.results)
        ops.append(llvm.StoreOp(chunk.dereferenced_value, _slot(ops, out, n)))
        ops.append(llvm.StoreOp(cur.dereferenced_value, _slot(ops, out, n + 1)))
    else:
        ops.append(
            llvm.CallOp("myia_arena_reset", chunk.dereferenced_value, cur.dereferenced_value)
        )
    zero_run = _const(0, i32)
    ops += [zero_run, llvm.ReturnOp(zero_run.result)]
    run.add_ops(ops)

    # ^fail: myia_raise longjmp'ed here with the code in %rc.
    fail.add_ops(
        [
            llvm.StoreOp(previous.dereferenced_value, jb_global),
            llvm.CallOp("myia_arena_reset", chunk.dereferenced_value, cur.dereferenced_value),
            llvm.ReturnOp(rc.returned),
        ]
    )
    wrapper = llvm.FuncOp(
        sig.capi_name,
        llvm.LLVMFunctionType([ptr, ptr], i32),
        linkage=llvm.LinkageAttr("external"),
        body=Region([entry, run, fail]),
    )
    module.body.block.add_op(wrapper)
    return sig


@dataclass(frozen=True)
class CApiWrappers(ModulePass):
    """Add a C-ABI wrapper (@f__capi) for each exported llvm function."""

    name = "myia-capi-wrappers"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for name in exports_of(op):
            add_capi_wrapper(op, name)


__all__ = [
    "SLOT",
    "CApiWrappers",
    "Signature",
    "add_capi_wrapper",
    "capi_name",
    "find_function",
    "kind_of",
    "signature_of",
]
