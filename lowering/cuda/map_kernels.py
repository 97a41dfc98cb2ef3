"""Elementwise kernels: one thread per element of the result, in a grid-stride loop.

A map kernel computes ``out[i] = element(inputs at i)`` for every index ``i`` of its
iteration space (the result's shape, rank ``r``). Consecutive threads take consecutive
flat indices, so the result, written in row-major order, and every input contiguous
along its innermost axis are accessed coalesced. Two variants:

* **strided** (the general one): each array input comes with its offset and its
  strides along the ``r`` iteration axes (0 along an axis it is broadcast along), the
  output too (a map may write into a view: ``concatenate``, ``setitem``); the flat
  index is split into the ``r`` indices by the sizes ``d1 .. d{r-1}``;
* **flat**: every array is contiguous and of the result's shape, or a single element
  broadcast to all (a scalar computed on the device), so element ``i`` is at
  ``offset + i * step`` (``step`` 1 or 0) for all of them: no division per element.
  The launch picks it when the arrays it gets allow it.

Parameters, in order: per input ``x{j}`` (a buffer, ``x{j}_off``, then ``x{j}_s{k}``
in the strided variant or ``x{j}_step`` in the flat one) or its scalar value; the
output ``out``, ``out_off`` (and ``out_s{k}``); ``n`` the number of elements, then
``d1 .. d{r-1}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import gpu
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
    *,
    flat: bool,
) -> gpu.FuncOp:
    """The kernel ``name`` computing ``element`` over an iteration space of ``rank``
    axes (``flat``: the variant for contiguous, unbroadcast arrays)."""
    params: list[tuple[str, Attribute]] = []

    def array_params(prefix: str, element_type: Attribute, output: bool = False) -> None:
        params.append((prefix, buffer_type(element_type)))
        params.append((f"{prefix}_off", INDEX))
        if not flat:
            params.extend((f"{prefix}_s{k}", INDEX) for k in range(rank))
        elif not output:
            params.append((f"{prefix}_step", INDEX))

    for j, x in enumerate(inputs):
        if x.array:
            array_params(f"x{j}", x.element)
        else:
            params.append((f"x{j}", x.element))
    array_params("out", result, output=True)
    params.append(("n", INDEX))
    if not flat:
        params.extend((f"d{k}", INDEX) for k in range(1, rank))
    kb = KernelBuilder(name, params)
    args = kb.args

    def array(prefix: str, output: bool = False) -> ArrayParam:
        if not flat:
            strides = [args[f"{prefix}_s{k}"] for k in range(rank)]
        else:
            strides = [] if output else [args[f"{prefix}_step"]]
        return ArrayParam(args[prefix], args[f"{prefix}_off"], strides)

    arrays = {j: array(f"x{j}") for j, x in enumerate(inputs) if x.array}
    out = array("out", output=True)
    dims = [None, *(args[f"d{k}"] for k in range(1, rank))] if rank and not flat else []

    def body(i: SSAValue, carried: list[SSAValue]) -> None:
        indices = [i] if flat else kb.unflatten(i, dims)
        values = []
        for j, x in enumerate(inputs):
            if x.array:
                src = arrays[j]
                values.append(kb.load(src.buffer, kb.address(src, indices)))
            else:
                values.append(args[f"x{j}"])
        value = element(kb, values)
        at = kb.add(out.offset, i) if flat else kb.address(out, indices)
        kb.store(value, out.buffer, at)

    grid_stride(kb, args["n"], body)
    return kb.finish()


def grid_stride(
    kb: KernelBuilder, n: SSAValue, body: Callable[[SSAValue, list[SSAValue]], None]
) -> None:
    """``for i in range(global id, n, threads in the grid)``."""
    start = kb.add(kb.mul(kb.block_id(), kb.block_dim()), kb.thread_id())
    step = kb.mul(kb.block_dim(), kb.grid_dim())
    kb.loop(start, n, step, body)
