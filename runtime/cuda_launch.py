"""Launching the cuda backend's kernels: sizes, arguments, grids.

A ``myia_gpu.launch`` names its kernels and its kind; :func:`launcher` makes the
Python function running it on host values (device arrays and scalars). It computes
the result's shape, allocates it, lays out the kernel's arguments (each array as its
buffer, offset and strides along the kernel's iteration axes, 0 where it is
broadcast) and picks the grid from the sizes:

* ``map``: blocks of up to 256 threads (a multiple of 32: fewer for small arrays),
  enough blocks for about 4 elements per thread, at most :data:`MAX_BLOCKS`;
* ``reduce``: one block per output element (at most 65535 blocks, looping over the
  rest), of the kernel's block size; a large reduction into few outputs is split
  into parts (up to 128 per output), whose partial results a second kernel reduces;
* ``matmul``: one ``tile x tile`` block per tile of the result, per batch.

Kernels are compiled once per process for each source text (:func:`compiled`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute

from myia.dialects.abstract import dtype_of_type, scalar_type
from myia.lowering.cuda.map_kernels import MapInput, build_map
from myia.lowering.cuda.to_gpu import MAP_BLOCK, MAP_ITEMS
from myia.lowering.cuda.to_numba import kernel_source
from myia.runtime.cuda_device import (
    COUNTERS,
    DeviceArray,
    allocate,
    numba_cuda,
    numpy_items,
    view,
)

MAX_BLOCKS = 8192
"""The most blocks a map launches (its grid-stride loop covers any size)."""
MAX_GRID_Y = 65535

__all__ = ["COMPILED", "GENERATED", "KernelCode", "compiled", "contiguous_copy", "launcher"]


class KernelCode:
    """A kernel's numba source, the name of its Python function, its signature."""

    def __init__(self, symbol: str, source: str, python_name: str, signature: str):
        self.symbol = symbol
        self.source = source
        self.python_name = python_name
        self.signature = signature


COMPILED: dict[tuple[str, str], Any] = {}
"""(source, signature) -> the numba kernel, for the life of the process."""

GENERATED: dict[tuple[str, str], KernelCode] = {}
"""Every kernel the backend generated in this process, by (source, signature) (the
tests compile each to PTX as well)."""


def compiled(code: KernelCode) -> Any:
    """The numba.cuda kernel of ``code`` (compiled once per source)."""
    key = (code.source, code.signature)
    kernel = COMPILED.get(key)
    if kernel is None:
        cuda = numba_cuda()
        namespace: dict[str, Any] = {}
        exec(compile(code.source, f"<myia kernel {code.symbol}>", "exec"), namespace)
        kernel = COMPILED[key] = cuda.jit(code.signature)(namespace[code.python_name])
    return kernel


def _launch(kernel: Any, grid: Any, block: Any, args: Sequence[Any]) -> None:
    COUNTERS["launches"] += 1
    kernel[grid, block](*args)


@functools.cache
def copy_code(dtype: str, rank: int) -> KernelCode:
    """A map kernel copying an array of ``rank`` axes (made when the runtime needs
    one: a strided view returned as a device array)."""
    element = scalar_type(dtype)
    func = build_map(f"copy_{dtype}_{rank}", [MapInput(element, True)], element, rank, _same)
    source, python_name, signature = kernel_source(func)
    code = KernelCode(func.sym_name.data, source, python_name, signature)
    return GENERATED.setdefault((source, signature), code)


def _same(kb: Any, values: list[Any]) -> Any:
    return values[0]


def contiguous_copy(x: DeviceArray) -> DeviceArray:
    """``x``, or a contiguous copy of it made on the device."""
    if x.contiguous:
        return x
    out = allocate(x.shape, x.dtype)
    write_map(compiled(copy_code(x.dtype.name, x.ndim)), [x], [True], out, MAP_BLOCK, MAP_ITEMS)
    return out


# ---------------------------------------------------------------------------
# Shapes


def broadcast_shape(shapes: Sequence[tuple[int, ...]]) -> tuple[int, ...]:
    """numpy's broadcasting of ``shapes`` (a ValueError with numpy's message)."""
    return tuple(np.broadcast_shapes(*shapes))


def broadcast_strides(array: DeviceArray, shape: tuple[int, ...]) -> list[int]:
    """The strides reading ``array`` broadcast to ``shape``."""
    lead = len(shape) - array.ndim
    out = [0] * lead
    for d, s in zip(array.shape, array.strides, strict=True):
        out.append(0 if d == 1 else s)
    return out


def _size(shape: Sequence[int]) -> int:
    return math.prod(shape)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _threads(n: int, block: int, items: int) -> tuple[int, int]:
    """(blocks, threads per block) for ``n`` elements: about ``items`` elements per
    thread, ``block`` threads per block, fewer (a multiple of 32) for small arrays."""
    per_block = min(block, 32 * _ceil_div(_ceil_div(n, items), 32))
    blocks = min(MAX_BLOCKS, _ceil_div(n, per_block * items))
    return blocks, per_block


def _element_dtype(t: Attribute) -> np.dtype:
    element = t.element_type if isinstance(t, TensorType) else t  # type: ignore[attr-defined]
    return np.dtype(dtype_of_type(element))


def _static_shape(t: Attribute) -> tuple[int | None, ...]:
    if not isinstance(t, TensorType):
        return ()
    return tuple(None if d < 0 else d for d in t.get_shape())


# ---------------------------------------------------------------------------
# Launchers

Launcher = Callable[[Sequence[Any]], Any]


def launcher(
    kind: str,
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    """The function running a ``myia_gpu.launch`` on its operands' values."""
    make = {
        "map": _map,
        "contiguous": _contiguous,
        "reduce": _reduce,
        "argreduce": _argreduce,
        "matmul": _matmul,
        "concatenate": _join,
        "stack": _join,
        "setitem": _setitem,
    }[kind]
    if kind in ("concatenate", "stack"):
        config = {**config, "kind": kind}
    return make(kernels, config, operand_types, result_type)


def _map(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    kernel = compiled(kernels[0])
    arrays = [isinstance(t, TensorType) for t in operand_types]
    dtype = _element_dtype(result_type)
    static = _static_shape(result_type)
    block, items = config["block"], config["items"]
    shaped = config.get("shaped", False)  # (the last operand is the result's shape)
    if shaped:
        arrays = arrays[:-1]

    def run(values: Sequence[Any]) -> DeviceArray:
        if shaped:
            *values, shape = values
            shape = tuple(shape)
        else:
            shapes = [v.shape for v, a in zip(values, arrays, strict=True) if a]
            shape = broadcast_shape([*shapes, tuple(d or 1 for d in static)])
        out = allocate(shape, dtype)
        write_map(kernel, values, arrays, out, block, items)
        return out

    return run


def write_map(
    kernel: Any,
    values: Sequence[Any],
    arrays: Sequence[bool],
    out: DeviceArray,
    block: int,
    items: int,
) -> None:
    """Launch a map kernel writing into ``out`` (a new array, or a view)."""
    shape = out.shape
    n = _size(shape)
    if n == 0:
        return
    blocks, threads = _threads(n, block, items)
    # Flat: every array contiguous of the result's shape, or a single element.
    flat = len(shape) >= 2 and out.contiguous
    for v, a in zip(values, arrays, strict=True):
        if flat and a and not ((v.shape == shape and v.contiguous) or v.size == 1):
            flat = False
    args: list[Any] = []
    for v, a in zip(values, arrays, strict=True):
        if not a:
            args.append(v)
            continue
        strides = broadcast_strides(v, shape)
        if flat:  # (the flat loop reads ``offset + i * innermost stride``)
            strides[-1] = 0 if v.size == 1 else 1
        args += [v.buffer.array, v.offset, *strides]
    out_strides = list(out.strides)
    if flat:
        out_strides[-1] = 1
    args += [out.buffer.array, out.offset, *out_strides, n, *shape[1:]]
    if len(shape) >= 2:
        args.append(1 if flat else 0)
    _launch(kernel, blocks, threads, args)


def _contiguous(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    copy = compiled(kernels[0])
    block, items = config["block"], config["items"]

    def run(values: Sequence[Any]) -> DeviceArray:
        (x,) = values
        if x.contiguous:
            return x
        out = allocate(x.shape, x.dtype)
        write_map(copy, [x], [True], out, block, items)
        return out

    return run


def _join(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    """``concatenate``/``stack``: each input copied into its slice of the result."""
    copies = [compiled(k) for k in kernels]
    axis, stack = config["axis"], config["kind"] == "stack"
    block, items = config["block"], config["items"]
    dtype = _element_dtype(result_type)

    def run(values: Sequence[Any]) -> DeviceArray:
        (arrays,) = values
        arrays = [view(x, lambda m: np.expand_dims(m, axis)) if stack else x for x in arrays]
        first = arrays[0].shape
        for x in arrays[1:]:
            same = len(x.shape) == len(first) and all(
                d == e for j, (d, e) in enumerate(zip(x.shape, first)) if j != axis
            )
            if not same:
                raise ValueError(
                    "all input arrays must have the same shape"
                    if stack
                    else "all the input array dimensions except for the concatenation axis "
                    "must match exactly"
                )
        size = sum(x.shape[axis] for x in arrays)
        out = allocate((*first[:axis], size, *first[axis + 1 :]), dtype)
        start = 0
        for copy, x in zip(copies, arrays, strict=True):
            stop = start + x.shape[axis]
            part = (slice(None),) * axis + (slice(start, stop),)
            write_map(copy, [x], [True], view(out, lambda m, p=part: m[p]), block, items)
            start = stop
        return out

    return run


def _setitem(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    """``array_setitem``: a copy of the array, then the value written into a view."""
    copy, write = compiled(kernels[0]), compiled(kernels[1])
    block, items = config["block"], config["items"]
    value_is_array = isinstance(operand_types[2], TensorType)

    def run(values: Sequence[Any]) -> DeviceArray:
        x, index, value = values
        out = allocate(x.shape, x.dtype)
        write_map(copy, [x], [True], out, block, items)
        target = view(out, lambda m: m[(*numpy_items(index), Ellipsis)])
        if value_is_array:
            broadcast_shape([value.shape, target.shape])  # (numpy's error if it does not fit)
            if len(value.shape) > len(target.shape):
                raise ValueError(
                    f"could not broadcast input array from shape {value.shape} into shape "
                    f"{target.shape}"
                )
        write_map(write, [value], [value_is_array], target, block, items)
        return out

    return run


def _argreduce(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    kernel = compiled(kernels[0])
    axes = tuple(config["axes"])
    keepdims = bool(config["keepdims"])
    block = config.get("block")  # (None: a thread per output)
    kind = config["reduce"]

    def run(values: Sequence[Any]) -> DeviceArray:
        (x,) = values
        shape = x.shape
        kept = [a for a in range(len(shape)) if a not in axes]
        m = _size([shape[a] for a in kept])
        k = _size([shape[a] for a in axes])
        if keepdims:
            out_shape = tuple(1 if a in axes else d for a, d in enumerate(shape))
        else:
            out_shape = tuple(shape[a] for a in kept)
        if k == 0:
            raise ValueError(f"attempt to get {kind} of an empty sequence")
        out = allocate(out_shape, np.dtype(np.int64))
        if m == 0:
            return out
        order = [*kept, *axes]
        args = [x.buffer.array, x.offset, *(x.strides[a] for a in order)]
        args += [out.buffer.array, m, k]
        args += [shape[a] for a in kept[1:]] + [shape[a] for a in axes[1:]]
        if block is None:
            _launch(kernel, *_threads(m, 256, 1), args)
        else:
            _launch(kernel, min(m, MAX_GRID_Y), block, args)
        return out

    return run


def reduce_parts(m: int, k: int, block: int) -> int:
    """Into how many parts each output's ``k`` elements are split (1 unless there
    are few outputs for many elements: then enough blocks to fill the GPU)."""
    if m >= 64 or k <= 4 * block:
        return 1
    return min(128, -(-k // (4 * block)))


def _reduce(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    main = compiled(kernels[0])
    partials = compiled(kernels[1])
    arrays = [isinstance(t, TensorType) for t in operand_types]
    axes = tuple(config["axes"])
    keepdims = bool(config["keepdims"])
    kind = config["reduce"]
    block = config.get("block")  # (None: a thread per output)
    dtype = _element_dtype(result_type)
    display = {"amax": "maximum", "amin": "minimum"}.get(kind)

    def run(values: Sequence[Any]) -> DeviceArray:
        shapes = [v.shape for v, a in zip(values, arrays, strict=True) if a]
        shape = broadcast_shape(shapes)
        kept = [a for a in range(len(shape)) if a not in axes]
        m = _size([shape[a] for a in kept])
        k = _size([shape[a] for a in axes])
        if keepdims:
            out_shape = tuple(1 if a in axes else d for a, d in enumerate(shape))
        else:
            out_shape = tuple(shape[a] for a in kept)
        if k == 0 and display is not None:
            raise ValueError(
                f"zero-size array to reduction operation {display} which has no identity"
            )
        out = allocate(out_shape, dtype)
        if m == 0:
            return out
        parts = 1 if block is None else reduce_parts(m, k, block)
        order = [*kept, *axes]
        args: list[Any] = []
        for v, a in zip(values, arrays, strict=True):
            if not a:
                args.append(v)
                continue
            strides = broadcast_strides(v, shape)
            args += [v.buffer.array, v.offset, *(strides[x] for x in order)]
        target = out if parts == 1 else allocate((m * parts,), dtype)
        args += [target.buffer.array, m, k]
        args += [shape[a] for a in kept[1:]] + [shape[a] for a in axes[1:]]
        if kind == "mean":
            args.append(dtype.type(k if parts == 1 else 1))
        if block is None:  # one thread per output
            _launch(main, *_threads(m, 256, 1), args)
            return out
        grid = (min(m, MAX_GRID_Y), parts)
        _launch(main, grid, block, args)
        if parts > 1:
            second = [target.buffer.array, 0, parts, 1, out.buffer.array, m, parts]
            if kind == "mean":
                second.append(dtype.type(k))
            _launch(partials, (min(m, MAX_GRID_Y), 1), 256, second)
        return out

    return run


def _matmul(
    kernels: Sequence[KernelCode],
    config: dict[str, Any],
    operand_types: Sequence[Attribute],
    result_type: Attribute,
) -> Launcher:
    kernel = compiled(kernels[0])
    tile = config["tile"]
    dtype = _element_dtype(result_type)

    def as_matrix(x: DeviceArray, vector_axis: int) -> DeviceArray:
        if x.ndim >= 2:
            return x
        shape = (1, x.shape[0]) if vector_axis == 0 else (x.shape[0], 1)
        strides = (0, x.strides[0]) if vector_axis == 0 else (x.strides[0], 0)
        return DeviceArray(x.buffer, x.offset, shape, strides)

    def run(values: Sequence[Any]) -> DeviceArray:
        a0, b0 = values
        a, b = as_matrix(a0, 0), as_matrix(b0, 1)
        n, kk = a.shape[-2:]
        kb, m = b.shape[-2:]
        if kk != kb:
            raise ValueError(
                f"matmul: Input operand 1 has a mismatch in its core dimension 0, with "
                f"gufunc signature (n?,k),(k,m?)->(n?,m?) (size {kb} is different from {kk})"
            )
        batch = broadcast_shape([a.shape[:-2], b.shape[:-2]])
        full = (*batch, n, m)
        out_shape = list(full)
        if b0.ndim == 1:
            out_shape.pop(-1)
        if a0.ndim == 1:
            out_shape.pop(-2 if b0.ndim > 1 else -1)
        out = allocate(tuple(out_shape), dtype)
        if n == 0 or m == 0 or _size(batch) == 0:
            return out
        args: list[Any] = []
        for x in (a, b):
            lead = len(batch) - (x.ndim - 2)
            sb = [0] * lead + [0 if d == 1 else s for d, s in zip(x.shape[:-2], x.strides[:-2])]
            args += [x.buffer.array, x.offset, *sb, x.strides[-2], x.strides[-1]]
        nbatch = _size(batch)
        args += [out.buffer.array, n, kk, m, nbatch, *batch[1:]]
        grid = (_ceil_div(m, tile), _ceil_div(n, tile), min(nbatch, MAX_GRID_Y))
        _launch(kernel, grid, (tile, tile), args)
        return out

    return run
