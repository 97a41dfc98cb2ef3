"""Elementwise kernels: one thread per element of the result, in a grid-stride loop.

A map kernel computes ``out[i] = element(inputs at i)`` for every index ``i`` of its
iteration space (the result's shape, rank ``r``). Consecutive threads take consecutive
flat indices, so the result, written in row-major order, and every input contiguous
along its innermost axis are accessed coalesced. Each array input comes with its
offset and its strides along the ``r`` iteration axes (0 along an axis it is
broadcast along), the output too (a map may write into a view: ``concatenate``,
``setitem``). The kernel has two loops, chosen by its ``flat`` argument:

* **strided** (``flat == 0``, the general one): the flat index is split into the
  ``r`` indices by the sizes ``d1 .. d{r-1}`` (a division per axis and element);
* **flat** (``flat == 1``): every array is contiguous and of the result's shape, or a
  single element broadcast to all (a scalar computed on the device), so element ``i``
  is at ``offset + i * s{r-1}`` for all of them: no division. The launch sets it
  when the arrays it gets allow it.

Parameters, in order: per input ``x{j}`` (a buffer, ``x{j}_off``, ``x{j}_s{k}``) or its
scalar value; the output ``out``, ``out_off``, ``out_s{k}``; ``n`` the number of
elements, ``d1 .. d{r-1}``, then ``flat``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import arith, gpu
from xdsl.ir import Attribute, SSAValue

from myia.lowering.cuda.kernel_ir import INDEX, ArrayParam, KernelBuilder, buffer_type

Element = Callable[[KernelBuilder, list[SSAValue]], SSAValue]
"""Emits one element of the result from the inputs' elements."""

__all__ = ["Element", "MapInput", "build_map"]


class MapInput:
    """An input of a map: an array of ``element`` (``array=True``) or a scalar."""

    def __init__(self, element: Attribute, array: bool):
        self.element = element
        self.array = array


def build_map(
    name: str,
    inputs: Sequence[MapInput],
    result: Attribute,
    rank: int,
    element: Element,
) -> gpu.FuncOp:
    """The kernel ``name`` computing ``element`` over an iteration space of ``rank``
    axes."""
    params: list[tuple[str, Attribute]] = []

    def array_params(prefix: str, element_type: Attribute) -> None:
        params.append((prefix, buffer_type(element_type)))
        params.append((f"{prefix}_off", INDEX))
        params.extend((f"{prefix}_s{k}", INDEX) for k in range(rank))

    for j, x in enumerate(inputs):
        if x.array:
            array_params(f"x{j}", x.element)
        else:
            params.append((f"x{j}", x.element))
    array_params("out", result)
    params.append(("n", INDEX))
    params.extend((f"d{k}", INDEX) for k in range(1, rank))
    if rank >= 2:
        params.append(("flat", INDEX))
    kb = KernelBuilder(name, params)
    args = kb.args

    def array(prefix: str) -> ArrayParam:
        strides = [args[f"{prefix}_s{k}"] for k in range(rank)]
        return ArrayParam(args[prefix], args[f"{prefix}_off"], strides)

    arrays = {j: array(f"x{j}") for j, x in enumerate(inputs) if x.array}
    out = array("out")
    dims = [None, *(args[f"d{k}"] for k in range(1, rank))] if rank else []

    def body(flat: bool) -> Callable[[SSAValue, list[SSAValue]], None]:
        def one(i: SSAValue, carried: list[SSAValue]) -> None:
            indices = [] if flat else kb.unflatten(i, dims)

            def address(a: ArrayParam) -> SSAValue:
                if flat:  # (the innermost stride: 1, or 0 for a broadcast element)
                    return kb.add(a.offset, kb.mul(i, a.strides[-1]))
                return kb.address(a, indices)

            values = [
                kb.load(arrays[j].buffer, address(arrays[j])) if x.array else args[f"x{j}"]
                for j, x in enumerate(inputs)
            ]
            kb.store(element(kb, values), out.buffer, address(out))

        return one

    if rank >= 2:
        is_flat = kb.emit(arith.CmpiOp(args["flat"], kb.index(0), "ne"))
        kb.when(
            is_flat,
            lambda: grid_stride(kb, args["n"], body(True)),
            lambda: grid_stride(kb, args["n"], body(False)),
        )
    else:
        grid_stride(kb, args["n"], body(False))
    return kb.finish()


def grid_stride(
    kb: KernelBuilder,
    n: SSAValue,
    body: Callable[[SSAValue, list[SSAValue]], None],
    name: str = "i",
) -> None:
    """``for i in range(global id, n, threads in the grid)``."""
    threads = kb.block_dim()
    start = kb.add(kb.mul(kb.block_id(), threads), kb.thread_id())
    start.name_hint = "global_id"
    step = kb.mul(threads, kb.grid_dim())
    step.name_hint = "grid_size"
    kb.loop(start, n, step, body, name=name)
