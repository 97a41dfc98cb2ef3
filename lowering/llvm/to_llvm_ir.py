"""llvm dialect -> LLVM IR (``llvmlite.ir``), and the ``-t llvm`` target.

This is xDSL's translation (:mod:`xdsl.backend.llvm`) extended, not forked: each
operation goes to xDSL's ``convert_op`` unless it is one of ours or one xDSL
gets wrong, and the module/function driver adds what xDSL ignores:

* the operations of :mod:`.extra_ops` (``llvm.fptosi``, ``llvm.fptoui``,
  ``llvm.uitofp``, ``llvm.switch``);
* ``llvm.fcmp`` with every predicate (xDSL's mangles ``ord``, ``uno``,
  ``false`` and ``true``);
* indirect ``llvm.call`` (through a pointer operand);
* function linkage (xDSL drops it) and function attributes from the
  ``passthrough`` property (``["noreturn", "returns_twice", ...]``) and from
  ``no_inline``/``no_unwind``;
* the arena allocator's fast path, defined in each module that allocates
  (:func:`_inline_arena_alloc`), so that a closure or a box costs a bump of a
  pointer rather than a call into the runtime;
* ``"disable-tail-calls"`` on the functions that keep the C calling convention
  and call functions returning structs (:func:`_keep_calls_out_of_tail_position`),
  around an LLVM crash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from llvmlite import ir
from xdsl.backend.llvm.convert import _convert_global, _declare_func
from xdsl.backend.llvm.convert_op import convert_op as xdsl_convert_op
from xdsl.backend.llvm.convert_type import convert_type as xdsl_convert_type
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ArrayAttr, IntegerAttr, ModuleOp, StringAttr
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.utils.exceptions import LLVMTranslationException

from myia.errors import MyiaIRError, SourceLocation
from myia.identity_cache import IdentityCache

from . import extra_ops
from .common import LoweringError
from .runtime_decls import FRESH_MEMORY, READ_ONLY_ARGS

ValMap = dict[SSAValue, ir.Value]
BlockMap = dict[Block, ir.Block]

_FUNCTION_ATTRIBUTES = ir.values.FunctionAttributes._known  # type: ignore[attr-defined]


def _edge(
    dest: Block,
    values: Sequence[SSAValue],
    val_map: ValMap,
    block_map: BlockMap,
    builder: ir.IRBuilder,
    taken: set[Block],
) -> ir.Block:
    """The LLVM block to jump to for an edge to ``dest`` passing ``values``.

    LLVM's phi nodes take one value per predecessor block, so a second edge from
    the same block to a block with arguments goes through a new block.
    """
    target = block_map[dest]
    if not dest.args:
        return target
    pred = builder.block
    if dest in taken:
        pred = builder.function.append_basic_block()
        ir.IRBuilder(pred).branch(target)
        target_for_edge = pred
    else:
        taken.add(dest)
        target_for_edge = target
    for arg, value in zip(dest.args, values, strict=True):
        phi = val_map[arg]
        assert isinstance(phi, ir.PhiInstr)
        phi.add_incoming(val_map[value], pred)
    return target_for_edge


def _convert_switch(
    op: extra_ops.SwitchOp, builder: ir.IRBuilder, val_map: ValMap, block_map: BlockMap
) -> None:
    taken: set[Block] = set()
    default = _edge(op.default_block, list(op.default_operands), val_map, block_map, builder, taken)
    cases = [
        _edge(dest, operands, val_map, block_map, builder, taken)
        for dest, operands in zip(op.case_blocks, op.case_operand_groups())
    ]
    switch = builder.switch(val_map[op.flag], default)
    flag_type = convert_type(op.flag.type)
    for value, target in zip(op.case_value_list(), cases):
        switch.add_case(ir.Constant(flag_type, value), target)


def _convert_cond_br(
    op: llvm.CondBrOp, builder: ir.IRBuilder, val_map: ValMap, block_map: BlockMap
) -> None:
    taken: set[Block] = set()
    then = _edge(op.then_block, list(op.then_arguments), val_map, block_map, builder, taken)
    else_ = _edge(op.else_block, list(op.else_arguments), val_map, block_map, builder, taken)
    builder.cbranch(val_map[op.cond], then, else_)


def _convert_fcmp(op: llvm.FCmpOp, builder: ir.IRBuilder, val_map: ValMap) -> None:
    pred = llvm.FCmpPredicateFlag.from_int(op.predicate.value.data).value.lstrip("_")
    val_map[op.results[0]] = builder.fcmp_ordered(pred, val_map[op.lhs], val_map[op.rhs])


def _convert_indirect_call(op: llvm.CallOp, builder: ir.IRBuilder, val_map: ValMap) -> None:
    callee, *args = [val_map[a] for a in op.args]
    result_type = convert_type(op.returned.type) if op.returned is not None else ir.VoidType()
    fnty = ir.FunctionType(result_type, [a.type for a in args])
    # llvmlite reads the callee's function type, which an opaque pointer lacks.
    call = builder.call(_TypedCallee(callee, fnty), args)
    if op.returned is not None:
        val_map[op.returned] = call


class _TypedCallee(ir.Value):
    """A function pointer with a known function type (for llvmlite's call)."""

    def __init__(self, pointer: ir.Value, fnty: ir.FunctionType):
        self.pointer = pointer
        self.function_type = fnty
        self.type = fnty.as_pointer()

    def get_reference(self) -> str:
        return self.pointer.get_reference()

    def __str__(self) -> str:
        return f"{self.type} {self.get_reference()}"


def _cast(name: str):
    def convert(op: Operation, builder: ir.IRBuilder, val_map: ValMap) -> None:
        method = getattr(builder, name)
        val_map[op.results[0]] = method(val_map[op.operands[0]], convert_type(op.results[0].type))

    return convert


_TYPES: IdentityCache[Attribute, ir.Type] = IdentityCache()
"""llvmlite types of xDSL types (xDSL converts a struct's fields again for
every op that names it: a fifth of the emission time)."""


def convert_type(t: Attribute) -> ir.Type:
    hit = _TYPES.get(t)
    return hit if hit is not None else _TYPES.put(t, xdsl_convert_type(t))


def _convert_gep(op: llvm.GEPOp, builder: ir.IRBuilder, val_map: ValMap) -> None:
    """xDSL's conversion of ``llvm.getelementptr`` (opaque pointers, so no
    cast), with the element type converted once."""
    elem = convert_type(op.elem_type)
    dynamic = iter(op.ssa_indices)
    indices = [
        val_map[next(dynamic)] if idx == llvm.GEP_USE_SSA_VAL else ir.Constant(ir.IntType(32), idx)
        for idx in op.rawConstantIndices.iter_values()
    ]
    val_map[op.results[0]] = builder.gep(
        val_map[op.ptr], indices, inbounds=op.inbounds is not None, source_etype=elem
    )


def _convert_load(op: llvm.LoadOp, builder: ir.IRBuilder, val_map: ValMap) -> None:
    """Loads, atomic ones included (xDSL drops the ordering)."""
    ordering = op.ordering.value.data
    typ = convert_type(op.dereferenced_value.type)
    align = op.alignment.value.data if op.alignment is not None else None
    if ordering:
        keyword = llvm.ATOMIC_ORDERING_KEYWORDS[ordering]
        load = builder.load_atomic(val_map[op.ptr], keyword, align, typ=typ)
    else:
        load = builder.load(val_map[op.ptr], typ=typ)
        if align is not None:
            load.align = align
    val_map[op.dereferenced_value] = load


def _convert_store(op: llvm.StoreOp, builder: ir.IRBuilder, val_map: ValMap) -> None:
    """xDSL's, with atomic stores (xDSL drops the ordering): ``monotonic``
    stores stay in their loop (LLVM does not promote them to registers)."""
    ordering = op.ordering.value.data if op.ordering is not None else 0
    align = op.alignment.value.data if op.alignment is not None else None
    value, ptr = val_map[op.value], val_map[op.ptr]
    if ordering:
        builder.store_atomic(value, ptr, ORDERINGS[ordering], align or 1)
        return
    instr = builder.store(value, ptr)
    if align:
        instr.align = align


_SIMPLE = {
    extra_ops.FPToSIOp: _cast("fptosi"),
    llvm.LoadOp: _convert_load,
    extra_ops.FPToUIOp: _cast("fptoui"),
    extra_ops.UIToFPOp: _cast("uitofp"),
    llvm.FCmpOp: _convert_fcmp,
    llvm.GEPOp: _convert_gep,
    llvm.StoreOp: _convert_store,
}


ORDERINGS = {1: "unordered", 2: "monotonic", 4: "acquire", 5: "release", 6: "acq_rel",
             7: "seq_cst"}  # fmt: skip
"""LLVM's atomic orderings by their number (``llvm.store``'s ``ordering``)."""


def convert_op(
    op: Operation, builder: ir.IRBuilder, val_map: ValMap, block_map: BlockMap | None = None
) -> None:
    """xDSL's ``convert_op`` plus the operations listed in the module docstring."""
    simple = _SIMPLE.get(type(op))
    if simple is not None:
        simple(op, builder, val_map)
    elif isinstance(op, extra_ops.SwitchOp):
        assert block_map is not None
        _convert_switch(op, builder, val_map, block_map)
    elif isinstance(op, llvm.CondBrOp) and op.then_block is op.else_block:
        assert block_map is not None
        _convert_cond_br(op, builder, val_map, block_map)
    elif isinstance(op, llvm.CallOp) and op.callee is None:
        _convert_indirect_call(op, builder, val_map)
    else:
        xdsl_convert_op(op, builder, val_map, block_map)


def _function_attributes(op: llvm.FuncOp, fn: ir.Function) -> None:
    linkage = op.linkage.linkage.data
    if linkage != "external" and op.body.blocks:
        fn.linkage = linkage
    names: list[str] = []
    passthrough = op.passthrough or op.attributes.get("passthrough")
    if isinstance(passthrough, ArrayAttr):
        for item in passthrough.data:
            if isinstance(item, StringAttr):
                names.append(item.data)
            elif isinstance(item, ArrayAttr) and item.data and isinstance(item.data[0], StringAttr):
                names.append(item.data[0].data)
    if op.no_inline is not None:
        names.append("noinline")
    if op.no_unwind is not None:
        names.append("nounwind")
    for name in names:
        if name not in _FUNCTION_ATTRIBUTES:
            raise MyiaIRError(
                f"unsupported function attribute '{name}' on @{op.sym_name.data}",
                SourceLocation.from_attr(op.location),
            )
        fn.attributes.add(name)
    if op.sym_name.data in FRESH_MEMORY and not op.body.blocks:
        fn.return_value.add_attribute("noalias")
    read_only = op.attributes.get(READ_ONLY_ARGS)
    if isinstance(read_only, ArrayAttr):
        for position in read_only.data:
            index = position.value.data if isinstance(position, IntegerAttr) else -1
            if not 0 <= index < len(fn.args) or not isinstance(fn.args[index].type, ir.PointerType):
                raise MyiaIRError(
                    f"@{op.sym_name.data}: {READ_ONLY_ARGS} must list the positions of pointer arguments",
                    SourceLocation.from_attr(op.location),
                )
            fn.args[index].add_attribute("noalias")


def _keep_calls_out_of_tail_position(
    module: ModuleOp, funcs: list[llvm.FuncOp], out: ir.Module
) -> None:
    """Mark ``"disable-tail-calls"="true"`` the functions that keep the C
    calling convention and call a function returning a struct.

    LLVM's optimizer gives internal functions whose address is not taken the
    ``fastcc`` convention; the others keep ``ccc``. When a ``ccc`` function
    tail-calls a ``fastcc`` one whose struct result does not fit in registers
    (five doubles), the x86-64 back end aborts the process (``UNREACHABLE`` in
    ``CCState::AnalyzeCallResult``, LLVM 22, while it checks that the two
    results are compatible). Only those callers are marked: the attribute also
    turns off LLVM's tail-recursion elimination (recursive code such as ``fib``
    is measurably slower without it; figures in bench/RESULTS.md). llvmlite
    knows only enum attributes, hence the set's own ``add``."""
    addressed = {
        op.global_name.root_reference.data
        for op in module.walk()
        if isinstance(op, llvm.AddressOfOp)
    }
    returns_struct = {
        f.sym_name.data for f in funcs if isinstance(f.function_type.output, llvm.LLVMStructType)
    }
    for op in funcs:
        name = op.sym_name.data
        fn = out.get_global(name)
        if not op.body.blocks or (fn.linkage == "internal" and name not in addressed):
            continue
        if any(
            isinstance(inner, llvm.CallOp)
            and inner.callee is not None
            and inner.callee.root_reference.data in returns_struct
            for inner in op.walk()
        ):
            set.add(fn.attributes, '"disable-tail-calls"="true"')


def _convert_body(op: llvm.FuncOp, fn: ir.Function) -> None:
    block_map: BlockMap = {}
    val_map: ValMap = {}
    blocks = list(op.body.blocks)
    for block in blocks:
        block_map[block] = fn.append_basic_block(name=block.name_hint or "")
    for arg, llvm_arg in zip(blocks[0].args, fn.args, strict=True):
        val_map[arg] = llvm_arg
    for block in blocks[1:]:
        if block.args:
            builder = ir.IRBuilder(block_map[block])
            for arg in block.args:
                val_map[arg] = builder.phi(convert_type(arg.type))
    for block in blocks:
        builder = ir.IRBuilder(block_map[block])
        if block_map[block].instructions:
            builder.position_after(block_map[block].instructions[-1])
        for inner in block.ops:
            try:
                convert_op(inner, builder, val_map, block_map)
            except (LLVMTranslationException, NotImplementedError) as exc:
                # (a type LLVM IR has not, an op the translation has not here)
                raise MyiaIRError(
                    f"{inner.name} cannot be translated to LLVM IR: {exc}",
                    SourceLocation.from_attr(inner.location),
                ) from None


def _translated(convert: Callable[[Any, ir.Module], Any], op: Operation, out: ir.Module) -> None:
    """``convert(op, out)``, an unsupported type an error at ``op``."""
    try:
        convert(op, out)
    except LLVMTranslationException as exc:
        raise MyiaIRError(
            f"{op.name} cannot be translated to LLVM IR: {exc}",
            SourceLocation.from_attr(op.location),
        ) from None


def to_llvmlite(module: ModuleOp, *, triple: str | None = None, data_layout: str = "") -> ir.Module:
    """Translate a module of llvm dialect operations to an ``llvmlite.ir.Module``.

    ``triple`` defaults to the module's ``llvm.target_triple`` attribute, else the
    host's triple.
    """
    out = ir.Module()
    attr = module.attributes.get("llvm.target_triple")
    if isinstance(attr, StringAttr):
        out.triple = attr.data
    else:
        if triple is None:
            from llvmlite import binding

            triple = binding.get_default_triple()
        out.triple = triple
    if data_layout:
        out.data_layout = data_layout
    funcs: list[llvm.FuncOp] = []
    for op in module.ops:
        if isinstance(op, llvm.GlobalOp):
            _translated(_convert_global, op, out)
        elif isinstance(op, llvm.FuncOp):
            funcs.append(op)
        else:
            raise LoweringError(
                f"cannot translate '{op.name}' to LLVM IR: lower the module to the "
                "llvm dialect first (myia-to-llvm)"
            )
    for op in funcs:
        _translated(_declare_func, op, out)
        _function_attributes(op, out.get_global(op.sym_name.data))
    _keep_calls_out_of_tail_position(module, funcs, out)
    for op in funcs:
        if op.body.blocks:
            _convert_body(op, out.get_global(op.sym_name.data))
    _inline_arena_alloc(out)
    return out


def _inline_arena_alloc(out: ir.Module) -> None:
    """Define ``myia_alloc`` in ``out`` (internal, always inlined) when it is
    only declared there: the runtime's bump allocation (16-byte blocks), calling
    the runtime's ``myia_arena_grow`` only when the current chunk is full.
    Must agree with ``myia_alloc`` in :mod:`myia.runtime.native_runtime`."""
    fn = out.globals.get("myia_alloc")
    if not isinstance(fn, ir.Function) or not fn.is_declaration:
        return
    i64, i32, ptr = ir.IntType(64), ir.IntType(32), ir.PointerType()

    def runtime(name: str, ty: ir.Type) -> ir.GlobalValue:
        found = out.globals.get(name)
        if found is not None:
            return found
        if isinstance(ty, ir.FunctionType):
            return ir.Function(out, ty, name)
        return ir.GlobalVariable(out, ty, name)

    cur_p, end_p = runtime("myia_arena_cur", ptr), runtime("myia_arena_end", ptr)
    grow = runtime("myia_arena_grow", ir.FunctionType(ptr, [i64]))
    raise_ = runtime("myia_raise", ir.FunctionType(ir.VoidType(), [i32]))
    fn.linkage = "internal"
    fn.attributes.add("alwaysinline")
    (n,) = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    fast, slow = fn.append_basic_block("fast"), fn.append_basic_block("slow")
    oom, more = fn.append_basic_block("oom"), fn.append_basic_block("grow")
    rounded = b.and_(b.add(n, ir.Constant(i64, 15)), ir.Constant(i64, -16))
    size = b.select(
        b.icmp_unsigned("==", rounded, ir.Constant(i64, 0)), ir.Constant(i64, 16), rounded
    )
    cur, end = b.load(cur_p, typ=ptr), b.load(end_p, typ=ptr)
    room = b.sub(b.ptrtoint(end, i64), b.ptrtoint(cur, i64))
    b.cbranch(b.icmp_unsigned("<=", size, room), fast, slow)
    b.position_at_end(fast)
    b.store(b.gep(cur, [size], source_etype=ir.IntType(8)), cur_p)
    b.ret(cur)
    b.position_at_end(slow)
    b.cbranch(b.icmp_unsigned("<", size, n), oom, more)
    b.position_at_end(oom)
    b.call(raise_, [ir.Constant(i32, 4)])
    b.unreachable()
    b.position_at_end(more)
    b.ret(b.call(grow, [size]))


def check_direct_calls(module: ModuleOp) -> None:
    """Each ``llvm.call @f`` passes what ``@f`` takes and expects what it
    returns, as MLIR's verifier checks and xDSL 0.74's does not (llvmlite
    failed on such calls with an internal error). For IR given to ``myia-opt
    -t llvm``: the JIT translates IR of its own lowering."""
    signatures = {
        op.sym_name.data: op.function_type for op in module.ops if isinstance(op, llvm.FuncOp)
    }
    for op in module.walk():
        if not isinstance(op, llvm.CallOp) or op.callee is None:
            continue
        name = op.callee.string_value()
        fnty = signatures.get(name)
        if fnty is None:
            continue  # (xDSL's verifier checks that it is an llvm.func)
        params = list(fnty.inputs)
        args = [a.type for a in op.args]
        result = op.returned.type if op.returned is not None else llvm.LLVMVoidType()
        if (
            args[: len(params)] != params
            or (len(args) > len(params) and not fnty.is_variadic)
            or result != fnty.output
        ):
            given = ", ".join(map(str, args))
            raise MyiaIRError(
                f"@{name} is {fnty}, but llvm.call passes ({given}) and expects {result}",
                SourceLocation.from_attr(op.location),
            )


def emit_llvm_ir(module: ModuleOp, *, triple: str | None = None) -> str:
    """The LLVM IR text of a module of llvm dialect operations."""
    return str(to_llvmlite(module, triple=triple))
