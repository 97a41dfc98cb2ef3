"""Reduction kernels: a block per output element, a tree in shared memory.

A reduction of kind ``sum``, ``mean``, ``prod``, ``amax`` or ``amin`` combines, for
each of the ``m`` output elements, ``k`` elements of its inputs (the reduced axes),
each computed by ``element`` (a fused ``array_reduce`` kernel, or the input itself).
The iteration axes are the kept axes, then the reduced ones; each array input comes
with its strides along them (the launch permutes them).

Block ``(b, p)`` of the grid reduces outputs ``o = b, b + gridDim.x, ...``: its
``block`` threads (a power of two) stride over part ``p`` of the ``k`` elements (with
``gridDim.y`` parts), each accumulating in a register; the block then combines the
registers in shared memory, halving the active threads at each step, and thread 0
writes the part's result. With one part it is the output; with several (a large
reduction with few outputs), the launch reduces the ``m x parts`` partial results
with a second kernel of the same kind. Consecutive threads read consecutive reduced
elements: coalesced when the innermost axis is reduced.

Parameters: per input ``x{j}``, ``x{j}_off``, ``x{j}_s{a}`` (arrays) or its value;
``out``; ``m``, ``k``; the kept sizes ``dk1 ..``, the reduced sizes ``dr1 ..``; and for
``mean`` the ``divisor``.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import gpu
from xdsl.dialects.builtin import IntegerType, Signedness
from xdsl.ir import Attribute, SSAValue

from myia.lowering.cuda.kernel_ir import INDEX, ArrayParam, KernelBuilder, buffer_type, is_float
from myia.lowering.cuda.map_kernels import Element, MapInput

COMBINE = {"sum": "add", "mean": "add", "prod": "mul", "amax": "max", "amin": "min"}
"""The scalar primitive combining two partial results of each kind."""

__all__ = ["COMBINE", "build_reduce", "identity", "reduce_block"]


def identity(kind: str, t: Attribute) -> object:
    """The value a reduction of ``kind`` starts from."""
    if kind in ("sum", "mean"):
        return 0
    if kind == "prod":
        return 1
    if is_float(t):
        return float("-inf") if kind == "amax" else float("inf")
    assert isinstance(t, IntegerType)
    width = t.width.data
    if width == 1:
        return kind == "amin"
    if t.signedness.data == Signedness.UNSIGNED:
        return 0 if kind == "amax" else (1 << width) - 1
    return -(1 << (width - 1)) if kind == "amax" else (1 << (width - 1)) - 1


def reduce_block(k: int | None) -> int:
    """The block of a reduction of ``k`` elements per output (None: unknown): a
    power of two from 32 (a warp) to 256."""
    if k is None:
        return 256
    block = 32
    while block < k and block < 256:
        block *= 2
    return block


def combine(kb: KernelBuilder, kind: str, a: SSAValue, b: SSAValue) -> SSAValue:
    name = COMBINE[kind]
    if isinstance(a.type, IntegerType) and a.type.width.data == 1:
        name = {"add": "bitor", "mul": "bitand"}.get(name, name)
    return kb.prim(name, a, b, result_type=a.type)


def build_reduce(
    name: str,
    inputs: Sequence[MapInput],
    result: Attribute,
    kind: str,
    kept: int,
    reduced: int,
    block: int,
    element: Element,
) -> gpu.FuncOp:
    """The kernel ``name``: ``kind`` over ``reduced`` axes (after ``kept`` ones) of
    ``element`` of the inputs, accumulated in ``result`` (its element type), with
    ``block`` threads per block."""
    rank = kept + reduced
    params: list[tuple[str, Attribute]] = []
    for j, x in enumerate(inputs):
        if x.array:
            params.append((f"x{j}", buffer_type(x.element)))
            params.append((f"x{j}_off", INDEX))
            params.extend((f"x{j}_s{a}", INDEX) for a in range(rank))
        else:
            params.append((f"x{j}", x.element))
    params += [("out", buffer_type(result)), ("m", INDEX), ("k", INDEX)]
    params += [(f"dk{a}", INDEX) for a in range(1, kept)]
    params += [(f"dr{a}", INDEX) for a in range(1, reduced)]
    if kind == "mean":
        params.append(("divisor", result))
    kb = KernelBuilder(name, params)
    args = kb.args
    arrays = {
        j: ArrayParam(args[f"x{j}"], args[f"x{j}_off"], [args[f"x{j}_s{a}"] for a in range(rank)])
        for j, x in enumerate(inputs)
        if x.array
    }
    kept_dims = [None, *(args[f"dk{a}"] for a in range(1, kept))] if kept else []
    reduced_dims = [None, *(args[f"dr{a}"] for a in range(1, reduced))] if reduced else []
    tid = kb.thread_id()
    shared = kb.shared(result, block)
    start = kb.add(kb.mul(kb.block_id("y"), kb.index(block)), tid)
    step = kb.mul(kb.index(block), kb.grid_dim("y"))

    def output(o: SSAValue, carried: list[SSAValue]) -> None:
        kept_indices = kb.unflatten(o, kept_dims)

        def accumulate(i: SSAValue, acc: list[SSAValue]) -> list[SSAValue]:
            indices = kept_indices + kb.unflatten(i, reduced_dims)
            values = [
                kb.load(arrays[j].buffer, kb.address(arrays[j], indices))
                if x.array
                else args[f"x{j}"]
                for j, x in enumerate(inputs)
            ]
            value = element(kb, values)
            if value.type != result:
                value = kb.prim("cast", value, result_type=result)
            return [combine(kb, kind, acc[0], value)]

        (acc,) = kb.loop(
            start, args["k"], step, accumulate, [kb.constant(identity(kind, result), result)]
        )
        kb.store(acc, shared, tid)
        kb.barrier()
        half = block // 2
        while half:
            offset = kb.index(half)

            def fold(offset: SSAValue = offset) -> None:
                a = kb.load(shared, tid)
                b = kb.load(shared, kb.add(tid, offset))
                kb.store(combine(kb, kind, a, b), shared, tid)

            kb.when(kb.lt(tid, offset), fold)
            kb.barrier()
            half //= 2

        def write() -> None:
            value = kb.load(shared, kb.index(0))
            if kind == "mean":
                value = kb.prim("truediv", value, args["divisor"], result_type=result)
            at = kb.add(kb.mul(o, kb.grid_dim("y")), kb.block_id("y"))
            kb.store(value, args["out"], at)

        kb.when(kb.eq(tid, kb.index(0)), write)
        kb.barrier()

    kb.loop(kb.block_id(), args["m"], kb.grid_dim(), output)
    return kb.finish()
