"""``myia-fuse-arrays``: chains of elementwise operations become one kernel.

In typed myia, each elementwise operation on arrays (``add``, ``exp``,
``astype``, ``where``...) would be a loop writing a new array. This pass groups
them: an elementwise operation joins the group of its consumers when they are all
in one group and have its shape (so that no element is computed twice). A group of two or more operations becomes

* ``%r = myia.array_map %k, %inputs...``: ``@k`` is a new function of scalars
  (one element of each input; the group's operations on scalars, constants
  copied in), marked ``myia.kernel``; the inputs are the values the group reads
  from outside, arrays (broadcast to the result) or scalars;
* ``%r = myia.array_reduce %k, "sum", %axes, %keepdims, %inputs...`` when the
  group's only user is a reduction (``sum``, ``mean``, ``prod``, ``amax``,
  ``amin``): the reduced array is never made.

A group of one operation stays as it is (its lowering is the same loop).
Constants a kernel copies are erased when nothing else uses them. The
pass runs on typed IR after simplification (inlining), before
``convert-myia-to-cf``; kernels are not lowered as functions of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, StringAttr, TensorType, TupleType, UnitAttr
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.passes import ModulePass

from myia.dialects.ops_call import ClosureOp
from myia.dialects.ops_function import KERNEL, FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, TupleOp
from myia.dialects.primitive import PrimOp, prim_op
from myia.dialects.prims_array import ELEMENTWISE, REDUCTIONS
from myia.dialects.symbols import fresh_symbol
from myia.dialects.types import FunctionValueType, StringType


def is_elementwise(op: Operation) -> bool:
    if not isinstance(op, PrimOp) or op.PRIMITIVE.name not in ELEMENTWISE:
        return False
    t = op.results[0].type
    if not isinstance(t, TensorType):
        return False
    if op.PRIMITIVE.name == "cast":  # a change of static sizes only is no work
        source = op.operands[0].type
        return isinstance(source, TensorType) and source.element_type != t.element_type
    return True


def shape_of(v: SSAValue) -> tuple[int, ...] | None:
    """The static shape of an array (-1 for a size known at run time: two
    arrays of one such shape are most likely of one size, and if not, the
    kernel broadcasts the smaller, which is correct, only redundant)."""
    t = v.type
    if isinstance(t, TensorType):
        return tuple(t.get_shape())
    return None


def _users(v: SSAValue) -> list[Operation]:
    return [use.operation for use in v.uses]


def _is_static(v: SSAValue) -> bool:
    owner = v.owner
    if isinstance(owner, ConstOp):
        return True
    return isinstance(owner, TupleOp) and all(_is_static(e) for e in owner.elements)


@dataclass
class Group:
    root: Operation
    ops: list[Operation]


def find_groups(block: Block) -> list[Group]:
    """Groups of elementwise ops of one function body (roots last in each)."""
    group_of: dict[Operation, Group] = {}
    groups: list[Group] = []
    for op in reversed(list(block.ops)):
        if not is_elementwise(op):
            continue
        users = _users(op.results[0])
        targets = {id(group_of.get(u)) for u in users}
        target = group_of.get(users[0]) if users else None
        if (
            target is not None
            and len(targets) == 1
            and shape_of(op.results[0]) is not None
            and shape_of(op.results[0]) == shape_of(target.root.results[0])
        ):
            target.ops.append(op)
            group_of[op] = target
            continue
        group = Group(op, [op])
        group_of[op] = group
        groups.append(group)
    for g in groups:
        g.ops.reverse()  # program order: producers first
    return groups


class Fuser:
    def __init__(self, module: ModuleOp):
        self.module = module
        self.names = {op.sym_name.data for op in module.ops if isinstance(op, FuncOp)}
        self.kernels: list[FuncOp] = []

    def fresh(self, base: str) -> str:
        return fresh_symbol(base, self.names)

    def run(self) -> None:
        for func in [op for op in self.module.ops if isinstance(op, FuncOp)]:
            if KERNEL in func.attributes:
                continue
            for group in find_groups(func.entry):
                self.fuse(func, group)
        for k in self.kernels:
            self.module.body.block.add_op(k)

    def fuse(self, func: FuncOp, group: Group) -> None:
        members = set(group.ops)
        root = group.root
        users = _users(root.results[0])
        reduction = None
        if (
            len(users) == 1
            and isinstance(users[0], PrimOp)
            and users[0].PRIMITIVE.name in REDUCTIONS
        ):
            reduction = users[0]
            if reduction.operands[0] is not root.results[0] or not all(
                _is_static(v) for v in reduction.operands[1:]
            ):
                reduction = None
        if len(group.ops) < 2 and reduction is None:
            return
        inputs: list[SSAValue] = []
        for op in group.ops:
            for v in op.operands:
                if (
                    v.owner in members
                    or v in inputs
                    or (_is_static(v) and not isinstance(v.type, TensorType))
                ):
                    continue
                inputs.append(v)
        kernel = self.make_kernel(func, group, inputs)
        closure = ClosureOp(kernel.sym_name.data, [], FunctionValueType([kernel.sym_name.data]))
        closure.location = root.location
        block = root.parent_block()
        assert block is not None
        if reduction is None:
            new = prim_op("array_map", closure.result, *inputs, result_type=root.results[0].type)
            replaced = root
        else:
            kind = ConstOp(StringAttr(reduction.PRIMITIVE.name), _string_type())
            kind.location = reduction.location
            block.insert_op_before(kind, reduction)
            new = prim_op(
                "array_reduce", closure.result, kind.result, reduction.operands[1], reduction.operands[2],
                *inputs, result_type=reduction.results[0].type,
            )  # fmt: skip
            replaced = reduction
        new.location = replaced.location
        block.insert_op_before(closure, replaced)
        block.insert_op_before(new, replaced)
        replaced.results[0].replace_all_uses_with(new.results[0])
        replaced.detach()
        replaced.erase()
        constants = {
            v.owner: None
            for op in group.ops
            for v in op.operands
            if v.owner not in members and v not in inputs
        }
        for op in reversed(group.ops):
            if op is replaced:
                continue
            op.detach()
            op.erase()
        for const in constants:  # copied into the kernel: dead if nothing else uses them
            if isinstance(const, Operation) and all(not r.uses for r in const.results):
                const.detach()
                const.erase()

    def make_kernel(self, func: FuncOp, group: Group, inputs: Sequence[SSAValue]) -> FuncOp:
        name = self.fresh(f"{func.sym_name.data}.kernel")
        arg_types = [_element(v.type) for v in inputs]
        root_type = _element(group.root.results[0].type)
        kernel = FuncOp(name, [f"x{i}" for i in range(len(inputs))], 0, arg_types=arg_types,
                        result_type=root_type, private=True)  # fmt: skip
        kernel.attributes[KERNEL] = UnitAttr()
        kernel.location = group.root.location
        env: dict[SSAValue, SSAValue] = dict(zip(inputs, kernel.args, strict=True))
        block = kernel.entry
        for op in group.ops:
            operands = []
            for v in op.operands:
                if v not in env:  # a constant
                    owner = v.owner
                    assert isinstance(owner, ConstOp), f"kernel input {v} is not a constant"
                    clone = owner.clone()
                    block.add_op(clone)
                    env[v] = clone.results[0]
                operands.append(env[v])
            new = prim_op(op.PRIMITIVE.name, *operands, result_type=_element(op.results[0].type))  # type: ignore[attr-defined]
            new.location = op.location
            block.add_op(new)
            env[op.results[0]] = new.results[0]
        ret = ReturnOp(env[group.root.results[0]])
        ret.location = group.root.location
        block.add_op(ret)
        self.kernels.append(kernel)
        return kernel


def _element(t: Attribute) -> Attribute:
    return t.element_type if isinstance(t, TensorType) else t  # type: ignore[attr-defined]


def _string_type() -> Attribute:
    return StringType()


def fuse_arrays(module: ModuleOp) -> ModuleOp:
    """Fuse the elementwise operations of a typed module, in place."""
    Fuser(module).run()
    return module


@dataclass(frozen=True)
class FuseArrays(ModulePass):
    """Group chains of elementwise array operations into kernels (array_map,
    array_reduce)."""

    name = "myia-fuse-arrays"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        fuse_arrays(op)


__all__ = ["KERNEL", "FuseArrays", "TupleType", "find_groups", "fuse_arrays"]
