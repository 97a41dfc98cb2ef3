"""Device memory for the cuda backend: arrays, transfers, a buffer pool, counters.

A :class:`DeviceArray` is what host code holds for an array on the GPU: a flat
buffer (a 1-D numba device array), an offset, sizes and strides, in elements (the
layout of the CPU backend's arrays). Views share the buffer. :func:`view` computes
any view (transpose, slicing, broadcasting, new axes, reshape of a contiguous array)
by running the primitive's own numpy implementation on a *meta* array: a numpy array
of the same geometry over a dummy address, never read, whose resulting geometry is
that of the view (so numpy's semantics and errors hold, ``IndexError`` included).

Buffers come from a pool (:class:`BufferPool`): the buffer of an array nobody holds
any more goes back to the pool, and the next array of the same size and dtype takes
it, as CuPy's and PyTorch's allocators do: a training step allocating the same
arrays at each call allocates device memory only at the first one. All work runs on
the default stream, in order, so a buffer is reused only after the kernels using it.

:data:`COUNTERS` counts kernel launches and transfers each way (tests check them;
``bench/RESULTS.md`` reports them).
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import os
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from myia.errors import MyiaError

__all__ = [
    "COUNTERS",
    "DeviceArray",
    "allocate",
    "as_device_array",
    "counters",
    "numba_cuda",
    "numpy_items",
    "reset_counters",
    "simulated",
    "to_host",
    "view",
]

COUNTERS = {"launches": 0, "to_device": 0, "to_host": 0, "allocations": 0}
"""Kernel launches, host-to-device and device-to-host copies, and device allocations
(buffers not taken from the pool) since the process started."""


def counters() -> dict[str, int]:
    """A copy of :data:`COUNTERS`."""
    return dict(COUNTERS)


def reset_counters() -> None:
    for key in COUNTERS:
        COUNTERS[key] = 0


def simulated() -> bool:
    """Whether numba's CUDA simulator runs the kernels (``NUMBA_ENABLE_CUDASIM=1``)."""
    return os.environ.get("NUMBA_ENABLE_CUDASIM", "0") not in ("", "0")


def has_cuda_gpu() -> bool:
    """Whether the CUDA driver is there and sees a device, asked without numba (which
    reads ``NUMBA_ENABLE_CUDASIM`` once, when ``numba.cuda`` is first imported: the
    tests and benchmarks decide on the simulator with this first)."""
    try:
        driver = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    count = ctypes.c_int(0)
    if driver.cuInit(0) != 0 or driver.cuDeviceGetCount(ctypes.byref(count)) != 0:
        return False
    return count.value > 0


def has_numba_cuda() -> bool:
    """Whether NVIDIA's numba-cuda (the ``cuda`` extra) is installed."""
    return importlib.util.find_spec("numba_cuda") is not None


@functools.cache
def numba_cuda() -> Any:
    """``numba.cuda``, imported on first use; a :class:`MyiaError` saying what is
    missing when it cannot run kernels."""
    if not has_numba_cuda():
        raise MyiaError("the cuda backend needs NVIDIA's numba-cuda: pip install 'myia[cuda]'")
    from numba import cuda

    if not simulated() and not cuda.is_available():
        raise MyiaError(
            "the cuda backend found no CUDA GPU (set NUMBA_ENABLE_CUDASIM=1 before "
            "importing numba.cuda to run on numba's CUDA simulator)"
        )
    return cuda


# ---------------------------------------------------------------------------
# Buffers


class Buffer:
    """A flat device allocation; given back to the pool when no array holds it."""

    __slots__ = ("__weakref__", "array", "dtype", "pooled", "size")

    def __init__(self, array: Any, size: int, dtype: np.dtype):
        self.array = array
        self.size = size
        self.dtype = dtype
        self.pooled = True

    def __del__(self) -> None:
        if self.pooled:
            POOL.give_back(self)


class BufferPool:
    """Free device buffers by (dtype, size), up to :attr:`limit` bytes in all."""

    def __init__(self, limit: int = 1 << 30):
        self.limit = limit
        self.free: dict[tuple[str, int], list[Any]] = {}
        self.bytes = 0

    def take(self, size: int, dtype: np.dtype) -> Buffer:
        key = (dtype.str, size)
        free = self.free.get(key)
        if free:
            self.bytes -= size * dtype.itemsize
            return Buffer(free.pop(), size, dtype)
        COUNTERS["allocations"] += 1
        return Buffer(numba_cuda().device_array(max(size, 1), dtype=dtype), size, dtype)

    def give_back(self, buffer: Buffer) -> None:
        nbytes = buffer.size * buffer.dtype.itemsize
        if self.bytes + nbytes > self.limit:
            return  # (numba frees it with its last reference)
        self.free.setdefault((buffer.dtype.str, buffer.size), []).append(buffer.array)
        self.bytes += nbytes

    def clear(self) -> None:
        self.free.clear()
        self.bytes = 0


POOL = BufferPool()


# ---------------------------------------------------------------------------
# Arrays


class DeviceArray:
    """An array on the device: ``buffer`` (a :class:`Buffer`), ``offset``, ``shape`` and
    ``strides`` in elements."""

    __slots__ = ("buffer", "dtype", "offset", "shape", "strides")

    def __init__(
        self, buffer: Buffer, offset: int, shape: tuple[int, ...], strides: tuple[int, ...]
    ):
        self.buffer = buffer
        self.dtype = buffer.dtype
        self.offset = offset
        self.shape = shape
        self.strides = strides

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def contiguous(self) -> bool:
        """C-contiguous (sizes of 1 and empty arrays allow any stride)."""
        expected = 1
        for d, s in zip(reversed(self.shape), reversed(self.strides), strict=True):
            if d == 0:
                return True
            if d != 1 and s != expected:
                return False
            expected *= d
        return True

    def __repr__(self) -> str:
        return f"<DeviceArray {self.dtype} {self.shape} strides={self.strides}>"


def contiguous_strides(shape: tuple[int, ...]) -> tuple[int, ...]:
    strides = []
    step = 1
    for d in reversed(shape):
        strides.append(step)
        step *= max(d, 1)
    return tuple(reversed(strides))


def allocate(shape: tuple[int, ...], dtype: np.dtype) -> DeviceArray:
    """A new contiguous array (its content is undefined)."""
    size = 1
    for d in shape:
        size *= d
    return DeviceArray(POOL.take(size, dtype), 0, shape, contiguous_strides(shape))


def to_device(value: np.ndarray) -> DeviceArray:
    """A copy of a host array on the device (one transfer)."""
    value = np.ascontiguousarray(value)
    if value.dtype.byteorder not in "=|":
        value = value.astype(value.dtype.newbyteorder("="))
    out = allocate(value.shape, value.dtype)
    if value.size:
        out.buffer.array[: value.size].copy_to_device(value.reshape(-1))
        COUNTERS["to_device"] += 1
    return out


def is_device_array(value: Any) -> bool:
    """A numba device array, or anything else exposing ``__cuda_array_interface__``."""
    if hasattr(value, "__cuda_array_interface__"):
        return True
    from numba.cuda.cudadrv import devicearray

    return bool(devicearray.is_cuda_ndarray(value))


def as_device_array(value: Any, dtype: np.dtype) -> DeviceArray:
    """The device array for an argument: a device array of ``dtype`` used in place
    (C-contiguous; others are copied on the device), a host array copied in."""
    if not is_device_array(value):
        return to_device(np.asarray(value, dtype=dtype))
    cuda = numba_cuda()
    from numba.cuda.cudadrv import devicearray

    if not devicearray.is_cuda_ndarray(value):
        value = cuda.as_cuda_array(value)  # (CuPy, PyTorch...: no copy)
    if np.dtype(value.dtype) != dtype:
        raise TypeError(f"expected a device array of {dtype}, got {np.dtype(value.dtype)}")
    shape = tuple(value.shape)
    if not value.is_c_contiguous():
        value = value.copy_to_host()  # (rare: a strided view made by the caller)
        return to_device(value)
    size = int(np.prod(shape))
    flat = value.reshape(max(size, 1)) if size else cuda.device_array(1, dtype=dtype)
    buffer = Buffer(flat, size, dtype)
    buffer.pooled = False  # the caller's memory
    return DeviceArray(buffer, 0, shape, contiguous_strides(shape))


def span(array: DeviceArray) -> tuple[int, int]:
    """The range of buffer elements the array covers: (first, one past the last)."""
    lo = hi = array.offset
    for d, s in zip(array.shape, array.strides, strict=True):
        if d == 0:
            return array.offset, array.offset
        if s < 0:
            lo += (d - 1) * s
        else:
            hi += (d - 1) * s
    return lo, hi + 1


def to_host(array: DeviceArray) -> np.ndarray:
    """A numpy copy of a device array (one transfer, of the elements it covers)."""
    if array.size == 0:
        return np.empty(array.shape, array.dtype)
    lo, hi = span(array)
    data = array.buffer.array[lo:hi].copy_to_host()
    COUNTERS["to_host"] += 1
    itemsize = array.dtype.itemsize
    base = array.offset - lo
    out = as_strided(
        data[base:], array.shape, tuple(s * itemsize for s in array.strides), writeable=False
    )
    return np.array(out, copy=True)


def to_device_result(array: DeviceArray) -> Any:
    """A device array for the caller (numba's, C-contiguous); ``array`` must be
    contiguous. Its buffer leaves the pool."""
    assert array.contiguous
    array.buffer.pooled = False
    flat = array.buffer.array[array.offset : array.offset + max(array.size, 1)]
    if array.size == 0:
        return numba_cuda().device_array(array.shape, dtype=array.dtype)
    return flat.reshape(array.shape)


# ---------------------------------------------------------------------------
# Views

_DUMMY: dict[str, np.ndarray] = {}


def _meta(array: DeviceArray) -> np.ndarray:
    """A numpy array of the geometry of ``array`` over a dummy address, never read."""
    dummy = _DUMMY.get(array.dtype.str)
    if dummy is None:
        dummy = _DUMMY[array.dtype.str] = np.zeros(1, array.dtype)
    itemsize = array.dtype.itemsize
    return as_strided(
        dummy, array.shape, tuple(s * itemsize for s in array.strides), writeable=False
    )


def _address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def numpy_items(items: Any) -> tuple[Any, ...]:
    """numpy's index for ``array_getitem``'s items (ints, (start, stop, step) slices,
    None for a new axis)."""
    return tuple(slice(*i) if isinstance(i, tuple) else i for i in items)


def view(array: DeviceArray, make: Callable[[np.ndarray], Any]) -> Any:
    """The view ``make`` (a numpy function returning a view, or a shape) gives of
    ``array``'s geometry, as a device array over the same buffer."""
    meta = _meta(array)
    result = make(meta)
    if not isinstance(result, np.ndarray):
        return result  # (a shape, a length)
    if result.size and not np.may_share_memory(result, meta):
        raise AssertionError("a view of a device array copied its data")
    itemsize = array.dtype.itemsize
    delta = (_address(result) - _address(meta)) // itemsize if result.size else 0
    strides = tuple(s // itemsize for s in result.strides)
    return DeviceArray(array.buffer, array.offset + delta, tuple(result.shape), strides)
