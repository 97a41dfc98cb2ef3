"""Reduction kernels: a block per output element, a tree in shared memory.

A reduction of kind ``sum``, ``mean``, ``prod``, ``amax`` or ``amin`` combines, for
each of the ``m`` output elements, ``k`` elements of its inputs (the reduced axes),
each computed by ``element`` (a fused ``array_reduce`` kernel, or the input itself).
The iteration axes are the kept axes, then the reduced ones; each array input comes
with its strides along them (the launch permutes them).

With few elements per output (:func:`reduce_block`), each thread computes one output,
in a grid-stride loop over the outputs. Otherwise block ``(b, p)`` of the grid reduces outputs ``o = b, b + gridDim.x, ...``: its
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

from xdsl.dialects import arith, gpu
from xdsl.dialects.builtin import IntegerType, Signedness
from xdsl.ir import Attribute, SSAValue

from myia.lowering.cuda.kernel_ir import INDEX, ArrayParam, KernelBuilder, buffer_type
from myia.lowering.cuda.map_kernels import Element, MapInput, grid_stride
from myia.lowering.scalar_rules import is_float

COMBINE = {"sum": "add", "mean": "add", "prod": "mul", "amax": "max", "amin": "min"}
"""The scalar primitive combining two partial results of each kind."""

__all__ = ["COMBINE", "build_argreduce", "build_reduce", "identity", "reduce_block"]


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


SERIAL_MAX = 32
"""Up to this many elements per output (known at compile time), a reduction runs one
thread per output, without shared memory."""


def reduce_block(k: int | None) -> int | None:
    """The threads per output of a reduction of ``k`` elements per output (None if
    unknown when compiling): None (one thread per output, each looping over its few
    elements: consecutive threads read consecutive outputs' elements) up to
    :data:`SERIAL_MAX`, else a power of two from 64 to 256."""
    if k is None:
        return 256
    if k <= SERIAL_MAX:
        return None
    block = 64
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
    block: int | None,
    element: Element,
) -> gpu.FuncOp:
    """The kernel ``name``: ``kind`` over ``reduced`` axes (after ``kept`` ones) of
    ``element`` of the inputs, accumulated in ``result`` (its element type), with
    ``block`` threads per output (None: one thread per output, see :func:`strategy`)."""
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

    def accumulate(o: SSAValue, start: SSAValue, step: SSAValue) -> SSAValue:
        """Combine the elements ``start, start + step, ...`` of output ``o``."""
        kept_indices = kb.unflatten(o, kept_dims)

        def one(i: SSAValue, acc: list[SSAValue]) -> list[SSAValue]:
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

        start_value = kb.constant(identity(kind, result), result)
        (acc,) = kb.loop(start, args["k"], step, one, [start_value], name="j")
        return acc

    def finish(value: SSAValue) -> SSAValue:
        if kind == "mean":
            return kb.prim("truediv", value, args["divisor"], result_type=result)
        return value

    if block is None:

        def per_thread(o: SSAValue, carried: list[SSAValue]) -> None:
            acc = accumulate(o, kb.index(0), kb.index(1))
            kb.store(finish(acc), args["out"], o)

        grid_stride(kb, args["m"], per_thread, name="o")
        return kb.finish()

    tid = kb.thread_id()
    shared = kb.shared(result, block)
    start = kb.add(kb.mul(kb.block_id("y"), kb.index(block)), tid)
    step = kb.mul(kb.index(block), kb.grid_dim("y"))

    def per_block(o: SSAValue, carried: list[SSAValue]) -> None:
        kb.store(accumulate(o, start, step), shared, tid)
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
            value = finish(kb.load(shared, kb.index(0)))
            at = kb.add(kb.mul(o, kb.grid_dim("y")), kb.block_id("y"))
            kb.store(value, args["out"], at)

        kb.when(kb.eq(tid, kb.index(0)), write)
        kb.barrier()

    kb.loop(kb.block_id(), args["m"], kb.grid_dim(), per_block, name="o")
    return kb.finish()


def _takes(
    kb: KernelBuilder, kind: str, a: SSAValue, ia: SSAValue, v: SSAValue, iv: SSAValue
) -> SSAValue:
    """Whether ``(v, iv)`` replaces ``(a, ia)`` as the best so far: numpy's argmax
    (argmin) is the first maximum (minimum), or the first NaN."""
    i1 = IntegerType(1)
    better = kb.prim("gt" if kind == "argmax" else "lt", v, a, result_type=i1)
    earlier = kb.lt(iv, ia)
    tie = kb.prim("bitand", kb.prim("eq", v, a, result_type=i1), earlier, result_type=i1)
    wins = kb.prim("bitor", better, tie, result_type=i1)
    if not is_float(a.type):
        return wins
    v_nan = kb.prim("isnan", v, result_type=i1)
    a_nan = kb.prim("isnan", a, result_type=i1)
    a_number = kb.prim("not", a_nan, result_type=i1)
    first_nan = kb.prim(
        "bitand", v_nan, kb.prim("bitor", a_number, earlier, result_type=i1), result_type=i1
    )
    return kb.prim(
        "bitor", first_nan, kb.prim("bitand", a_number, wins, result_type=i1), result_type=i1
    )


def build_argreduce(
    name: str, element: Attribute, kind: str, kept: int, reduced: int, block: int | None
) -> gpu.FuncOp:
    """``argmax``/``argmin`` over the ``reduced`` axes (the index is the flat index
    over them): as :func:`build_reduce`, carrying (value, index) pairs, one part per
    output. Parameters: ``x``, ``x_off``, ``x_s{a}``, ``out``, ``m``, ``k``, ``dk..``, ``dr..``."""
    rank = kept + reduced
    params: list[tuple[str, Attribute]] = [("x", buffer_type(element)), ("x_off", INDEX)]
    params += [(f"x_s{a}", INDEX) for a in range(rank)]
    params += [("out", buffer_type(INDEX)), ("m", INDEX), ("k", INDEX)]
    params += [(f"dk{a}", INDEX) for a in range(1, kept)]
    params += [(f"dr{a}", INDEX) for a in range(1, reduced)]
    kb = KernelBuilder(name, params)
    args = kb.args
    x = ArrayParam(args["x"], args["x_off"], [args[f"x_s{a}"] for a in range(rank)])
    kept_dims = [None, *(args[f"dk{a}"] for a in range(1, kept))] if kept else []
    reduced_dims = [None, *(args[f"dr{a}"] for a in range(1, reduced))] if reduced else []
    start_value = identity("amax" if kind == "argmax" else "amin", element)

    def accumulate(o: SSAValue, start: SSAValue, step: SSAValue) -> list[SSAValue]:
        kept_indices = kb.unflatten(o, kept_dims)

        def one(i: SSAValue, acc: list[SSAValue]) -> list[SSAValue]:
            at = kb.address(x, kept_indices + kb.unflatten(i, reduced_dims))
            v = kb.load(x.buffer, at)
            take = _takes(kb, kind, acc[0], acc[1], v, i)
            return [
                kb.prim("select", take, v, acc[0], result_type=element),
                kb.emit(arith.SelectOp(take, i, acc[1])),
            ]

        init = [kb.constant(start_value, element), args["k"]]
        return kb.loop(start, args["k"], step, one, init, name="j")

    if block is None:

        def per_thread(o: SSAValue, carried: list[SSAValue]) -> None:
            _, where = accumulate(o, kb.index(0), kb.index(1))
            kb.store(where, args["out"], o)

        grid_stride(kb, args["m"], per_thread, name="o")
        return kb.finish()

    tid = kb.thread_id()
    values = kb.shared(element, block, "values")
    indices = kb.shared(INDEX, block, "indices")

    def per_block(o: SSAValue, carried: list[SSAValue]) -> None:
        best, where = accumulate(o, tid, kb.index(block))
        kb.store(best, values, tid)
        kb.store(where, indices, tid)
        kb.barrier()
        half = block // 2
        while half:
            offset = kb.index(half)

            def fold(offset: SSAValue = offset) -> None:
                other = kb.add(tid, offset)
                a, ia = kb.load(values, tid), kb.load(indices, tid)
                v, iv = kb.load(values, other), kb.load(indices, other)

                def replace() -> None:
                    kb.store(v, values, tid)
                    kb.store(iv, indices, tid)

                kb.when(_takes(kb, kind, a, ia, v, iv), replace)

            kb.when(kb.lt(tid, offset), fold)
            kb.barrier()
            half //= 2
        kb.when(
            kb.eq(tid, kb.index(0)),
            lambda: kb.store(kb.load(indices, kb.index(0)), args["out"], o),
        )
        kb.barrier()

    kb.loop(kb.block_id(), args["m"], kb.grid_dim(), per_block, name="o")
    return kb.finish()
