"""numpy arrays across the boundary of compiled code.

Arguments are not copied: an array's leaves are its data pointer, its sizes and
its strides in elements (see :mod:`myia.lowering.arrays.values`), read from
numpy's own buffer, views (transposes, steps, negative strides) included. Only
arrays numpy could not describe that way (a byte order other than the machine's,
misaligned data, strides not a multiple of the item size) are copied first.

Results are copied out of the call's arena into new numpy arrays by the result
converter, before the arena is rewound (so that memory stays flat however many
calls are made).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import numpy as np
from myia.dialects.abstract import dtype_of_type
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import Attribute

_KEEP: list[Any] = []
"""Copies made for the current call's arguments (kept alive until it returns)."""


def array_flattener(t: TensorType) -> Callable[[Any, list[Any]], None]:
    dtype = np.dtype(dtype_of_type(t.element_type))
    itemsize = dtype.itemsize
    ndim = len(t.get_shape())

    def flat_array(v: Any, out: list[Any]) -> None:
        if v.__class__ is not np.ndarray or v.dtype != dtype:
            v = np.asarray(v, dtype=dtype)
        strides = v.strides
        if not (v.flags.aligned and v.dtype.isnative) or any(s % itemsize for s in strides):
            v = np.ascontiguousarray(v, dtype=dtype.newbyteorder("="))
            _KEEP.append(v)
            strides = v.strides
        if v.ndim != ndim:
            raise TypeError(f"expected an array of {ndim} dimension(s), got {v.ndim}")
        out.append(v.__array_interface__["data"][0])
        out.extend(v.shape)
        out.extend([s // itemsize for s in strides])

    return flat_array


def array_builder(t: TensorType) -> tuple[int, Callable[[tuple[Any, ...], int], Any]]:
    """Leaves -> a new numpy array (a copy of the memory they describe)."""
    dtype = np.dtype(dtype_of_type(t.element_type))
    itemsize = dtype.itemsize
    n = len(t.get_shape())

    def build_array(r: tuple[Any, ...], i: int) -> Any:
        ptr = r[i]
        shape = r[i + 1 : i + 1 + n]
        strides = r[i + 1 + n : i + 1 + 2 * n]
        if any(d == 0 for d in shape) or not ptr:
            return np.zeros(shape, dtype)
        lo = sum(min(0, (d - 1) * s) for d, s in zip(shape, strides))
        hi = sum(max(0, (d - 1) * s) for d, s in zip(shape, strides))
        nbytes = (hi - lo + 1) * itemsize
        buffer = (ctypes.c_char * nbytes).from_address(ptr + lo * itemsize)
        view = np.ndarray(
            shape, dtype, buffer=buffer, offset=-lo * itemsize, strides=[s * itemsize for s in strides]
        )
        return view.copy()

    return 1 + 2 * n, build_array


def array_runner(
    call: Callable[..., Any], flatteners: list[Callable[[Any, list[Any]], None]], build: Any = None
) -> Callable[..., Any]:
    """The Python callable of an entry point taking or returning arrays;
    ``build`` rebuilds the result from the leaves (None: the call does it)."""

    def run(*args: Any) -> Any:
        leaves: list[Any] = []
        try:
            for flat, arg in zip(flatteners, args, strict=True):
                flat(arg, leaves)
            result = call(*leaves)
        finally:
            _KEEP.clear()
        return result if build is None else build(result, 0)

    return run


def prepare_arrays(module: ModuleOp) -> None:
    """Before lowering a typed module with arrays: fuse its elementwise
    operations, and bind BLAS and the thread pool in the JIT."""
    from myia.lowering.arrays.fuse import fuse_arrays
    from myia.runtime.array_runtime import ensure
    from xdsl.transforms.dead_code_elimination import region_dce

    fuse_arrays(module)
    region_dce(module.body)
    ensure()


def result_converter(entry: str, result_type: Attribute) -> dict[str, Callable[[tuple[Any, ...]], Any]] | None:
    """The result converter of an entry returning arrays (None if it returns none)."""
    from myia.runtime.cpu import _has_tensor, builder

    if not _has_tensor(result_type):
        return None
    _, build = builder(result_type)
    return {entry: lambda raw: build(raw, 0)}
