"""``convert-func-to-llvm``: func functions, calls and returns become llvm ones.

* ``func.func`` -> ``llvm.func`` with the same body. Several results are packed
  in a literal struct ``!llvm.struct<(i64, f64)>``; none gives ``void``.
* Linkage: a declaration (no body) is ``external`` (resolved by the JIT:
  another module, the runtime, libm...); a ``private`` definition is ``internal``
  (LLVM may inline and drop it); a public definition is ``external``. An
  ``llvm.linkage`` attribute (``#llvm.linkage<"linkonce_odr">`` or a string)
  overrides this, and a ``passthrough`` attribute (``["noinline"]``) is kept.
* ``func.return`` -> ``llvm.return`` (packing with ``insertvalue``);
  ``func.call`` -> ``llvm.call`` (unpacking with ``extractvalue``).

The ``index`` type must be gone (``lower-index-to-i64``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func, llvm
from xdsl.dialects.builtin import DenseArrayBase, IndexType, ModuleOp, StringAttr, i64
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from .common import LoweringError, reject_index, reject_index_args
from .runtime_decls import READ_ONLY_ARGS

PASS_NAME = "convert-func-to-llvm"


def result_type(outputs: Sequence[Attribute]) -> Attribute:
    """The LLVM result type of a function returning ``outputs``."""
    if not outputs:
        return llvm.LLVMVoidType()
    if len(outputs) == 1:
        return outputs[0]
    return llvm.LLVMStructType.from_type_list(list(outputs))


def _position(i: int) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, [i])


def _convert_return(op: func.ReturnOp) -> None:
    values = list(op.arguments)
    if not values:
        Rewriter.replace_op(op, llvm.ReturnOp())
    elif len(values) == 1:
        Rewriter.replace_op(op, llvm.ReturnOp(values[0]))
    else:
        struct = result_type([v.type for v in values])
        ops: list[Operation] = [llvm.UndefOp(struct)]
        for i, value in enumerate(values):
            ops.append(llvm.InsertValueOp(_position(i), ops[-1].results[0], value))
        ops.append(llvm.ReturnOp(ops[-1].results[0]))
        Rewriter.replace_op(op, ops)


def _located(call: llvm.CallOp, op: func.CallOp) -> llvm.CallOp:
    """``call`` with ``op``'s location and ``myia.*`` attributes (a ``myia_raise``
    call's error message: ``myia-error-sites``)."""
    call.location = op.location
    for name, value in op.attributes.items():
        if name.startswith("myia."):
            call.attributes[name] = value
    return call


def _convert_call(op: func.CallOp) -> None:
    types = [r.type for r in op.results]
    callee = op.callee.string_value()
    if not types:
        Rewriter.replace_op(op, _located(llvm.CallOp(callee, *op.arguments), op))
    elif len(types) == 1:
        call = llvm.CallOp(callee, *op.arguments, return_type=types[0])
        Rewriter.replace_op(op, _located(call, op))
    else:
        call = _located(llvm.CallOp(callee, *op.arguments, return_type=result_type(types)), op)
        call.returned.name_hint = f"{callee}_results"  # type: ignore[union-attr]
        parts: list[Operation] = [
            llvm.ExtractValueOp(_position(i), call.returned, t)  # type: ignore[arg-type]
            for i, t in enumerate(types)
        ]
        for part, result in zip(parts, op.results):
            part.results[0].name_hint = result.name_hint
        Rewriter.replace_op(op, [call, *parts], [p.results[0] for p in parts])


def _linkage(op: func.FuncOp) -> llvm.LinkageAttr:
    attr = op.attributes.get("llvm.linkage")
    if isinstance(attr, llvm.LinkageAttr):
        return attr
    if isinstance(attr, StringAttr):
        return llvm.LinkageAttr(attr.data)
    if op.is_declaration:
        return llvm.LinkageAttr("external")
    visibility = op.sym_visibility
    if visibility is not None and visibility.data == "private":
        return llvm.LinkageAttr("internal")
    return llvm.LinkageAttr("external")


def _convert_func(op: func.FuncOp) -> None:
    ftype = op.function_type
    inputs = list(ftype.inputs.data)
    outputs = list(ftype.outputs.data)
    for t in (*inputs, *outputs):
        if isinstance(t, IndexType):
            raise LoweringError(
                f"{PASS_NAME}: @{op.sym_name.data} uses the index type; run "
                "lower-index-to-i64 first"
            )
    for block in op.body.blocks:
        reject_index_args(block, PASS_NAME)
    linkage = _linkage(op)
    body = Rewriter.move_region_contents_to_new_regions(op.body)
    new = llvm.FuncOp(
        op.sym_name,
        llvm.LLVMFunctionType(inputs, result_type(outputs)),
        linkage=linkage,
        body=body,
    )
    passthrough = op.attributes.get("passthrough")
    if passthrough is not None:
        new.properties["passthrough"] = passthrough
    read_only = op.attributes.get(READ_ONLY_ARGS)
    if read_only is not None:
        new.attributes[READ_ONLY_ARGS] = read_only
    new.location = op.location
    Rewriter.replace_op(op, new, [])


def convert_func(module: Operation) -> None:
    funcs: list[func.FuncOp] = []
    for op in list(module.walk()):
        if isinstance(op, func.ReturnOp):
            reject_index(op, PASS_NAME)
            _convert_return(op)
        elif isinstance(op, func.CallOp):
            reject_index(op, PASS_NAME)
            _convert_call(op)
        elif isinstance(op, func.FuncOp):
            funcs.append(op)
    for op in funcs:
        _convert_func(op)


@dataclass(frozen=True)
class ConvertFuncToLLVM(ModulePass):
    """Convert func.func/call/return to the llvm dialect (multiple results as a struct)."""

    name = "convert-func-to-llvm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        convert_func(op)
