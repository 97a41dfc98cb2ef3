"""Helpers shared by the conversions to the ``llvm`` dialect.

* declarations of the runtime functions and globals lowered code uses
  (:func:`declare_function`, :func:`declare_global`);
* :class:`RaiseBlocks`: the per-region block that calls ``myia_raise(code)``, and
  :func:`guard`, which splits a block to branch there when a condition holds;
* :func:`intrinsic_suffix`, the type part of an overloaded intrinsic's name;
* :func:`reject_index`, the check that ``lower-index-to-i64`` ran first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    ArrayAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    VectorType,
    i32,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.utils.exceptions import DiagnosticException

from myia.errors import SourceLocation

from .runtime_decls import MYIA_RAISE, runtime_function_type


class LoweringError(DiagnosticException):
    """IR that a conversion to the llvm dialect cannot handle."""


def module_of(op: Operation) -> ModuleOp:
    """The outermost ``builtin.module`` around ``op``."""
    top: Operation = op
    while (parent := top.parent_op()) is not None:
        top = parent
    if not isinstance(top, ModuleOp):
        raise LoweringError(f"{op.name} is not inside a builtin.module")
    return top


def declare_function(
    module: ModuleOp,
    name: str,
    inputs: Sequence[Attribute],
    output: Attribute | None = None,
    passthrough: Iterable[str] = (),
) -> llvm.FuncOp | Operation:
    """The function ``name`` of ``module``, declared (``llvm.func``, external) if
    missing. An existing symbol of that name is returned as it is."""
    for op in module.ops:
        sym = op.properties.get("sym_name")
        if isinstance(sym, StringAttr) and sym.data == name:
            return op
    ftype = llvm.LLVMFunctionType(list(inputs), output)
    func = llvm.FuncOp(name, ftype, linkage=llvm.LinkageAttr("external"))
    flags = tuple(passthrough)
    if flags:
        func.properties["passthrough"] = ArrayAttr([StringAttr(f) for f in flags])
    module.body.block.add_op(func)
    return func


def declare_runtime_function(module: ModuleOp, name: str) -> Operation:
    """Declare a runtime function (``myia_raise``, ``myia_alloc``...)."""
    inputs, output, passthrough = runtime_function_type(name)
    return declare_function(module, name, inputs, output, passthrough)


def declare_global(module: ModuleOp, name: str, type: Attribute) -> Operation:
    """The global ``name`` of ``module``, declared as an external global if missing."""
    for op in module.ops:
        sym = op.properties.get("sym_name")
        if isinstance(sym, StringAttr) and sym.data == name:
            return op
    glob = llvm.GlobalOp(type, name, "external")
    module.body.block.add_op(glob)
    return glob


class RaiseBlocks:
    """One block per (region, error code) that calls ``myia_raise(code)``.

    The blocks are created on demand at the end of the region; a pass keeps one
    instance for its whole run so that all checks of a function share a block.
    """

    def __init__(self) -> None:
        self._blocks: dict[tuple[int, int], Block] = {}

    def get(self, region: Region, code: int, location: Attribute | None = None) -> Block:
        """The block raising ``code``; a known source ``location`` gets a block of
        its own, whose ``myia_raise`` call carries it (the native runtime reports
        the error there: ``myia-error-sites``)."""
        if SourceLocation.from_attr(location) is None:
            location = None
        key = (id(region), code, location)
        block = self._blocks.get(key)
        if block is None or block.parent is not region:
            module = module_of(region.parent_op())  # type: ignore[arg-type]
            declare_runtime_function(module, MYIA_RAISE)
            const = llvm.ConstantOp(IntegerAttr(code, i32), i32)
            call = llvm.CallOp(MYIA_RAISE, const.result)
            if location is not None:
                call.location = location
            block = Block([const, call, llvm.UnreachableOp()])
            region.add_block(block)
            self._blocks[key] = block
        return block


def guard(before: Operation, failed: SSAValue, code: int, blocks: RaiseBlocks) -> Block:
    """Split ``before``'s block so that control reaches ``before`` only when the i1
    ``failed`` is false, and ``myia_raise(code)`` is called otherwise (at
    ``before``'s location). Returns the new block that starts with ``before``."""
    block = before.parent_block()
    assert block is not None and block.parent is not None
    rest = block.split_before(before)
    target = blocks.get(block.parent, code, before.location)
    block.add_op(llvm.CondBrOp(failed, target, (), rest, ()))
    return rest


_ICMP = {name: i for i, name in enumerate(llvm.ICmpPredicateFlag)}


def icmp(pred: str, lhs: SSAValue, rhs: SSAValue) -> llvm.ICmpOp:
    """``llvm.icmp "<pred>" %lhs, %rhs`` (``eq``, ``slt``, ``ult``...)."""
    return llvm.ICmpOp(lhs, rhs, IntegerAttr(_ICMP[llvm.ICmpPredicateFlag(pred)], i64))


def intrinsic_suffix(type: Attribute) -> str:
    """The overload suffix of an intrinsic for ``type``: ``f64``, ``i32``, ``v4f32``."""
    if isinstance(type, IntegerType):
        return f"i{type.width.data}"
    if isinstance(type, Float16Type):
        return "f16"
    if isinstance(type, Float32Type):
        return "f32"
    if isinstance(type, Float64Type):
        return "f64"
    if isinstance(type, VectorType) and type.get_num_dims() == 1:
        return f"v{type.get_shape()[0]}{intrinsic_suffix(type.get_element_type())}"
    if isinstance(type, llvm.LLVMPointerType):
        return "p0"
    raise LoweringError(f"no intrinsic suffix for type {type}")


def _has_index(attr: Attribute) -> bool:
    if isinstance(attr, IndexType):
        return True
    if isinstance(attr, VectorType):
        return isinstance(attr.get_element_type(), IndexType)
    return False


def reject_index(op: Operation, pass_name: str) -> None:
    """Raise if ``op`` has an operand or result of type ``index``."""
    for value in (*op.operands, *op.results):
        if _has_index(value.type):
            raise LoweringError(
                f"{pass_name}: '{op.name}' uses the index type; run lower-index-to-i64 first"
            )


def reject_index_args(block: Block, pass_name: str) -> None:
    for arg in block.args:
        if _has_index(arg.type):
            raise LoweringError(
                f"{pass_name}: a block argument has the index type; run lower-index-to-i64 first"
            )
