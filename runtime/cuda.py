"""The ``cuda`` backend: typed myia -> the ``cuda`` pipeline -> kernels + host code.

The pipeline (:func:`myia.lowering.pipelines.cuda_pipeline`) maps every array
operation to ``myia_gpu`` launches of ``gpu.func`` kernels whose numba.cuda source it writes (``lowering/cuda``). The host
functions run on the reference interpreter (:mod:`.interpreter`), with handlers for
the ``myia_gpu`` ops registered here: a launch runs its kernels through
:mod:`.cuda_launch`, a host op computes a view or a shape, ``to_host`` copies a scalar
computed on the device. See ``docs/cuda.md`` for why the host is interpreted.

Arguments: a numpy array is copied to the device once; a device array (a numba one,
or anything with ``__cuda_array_interface__``: CuPy, PyTorch) is used in place.
Results are numpy arrays, or numba device arrays when some array argument was a
device array (numba's rule for its CUDA ufuncs).

:data:`GENERATED` lists every kernel the backend compiled in this process (the tests
compile each to PTX for sm_90 as well).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects import gpu
from xdsl.dialects.builtin import (
    ArrayAttr,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    StringAttr,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from myia.dialects.abstract import dtype_of_type
from myia.dialects.myia_gpu import HostOp, LaunchOp, ToHostOp
from myia.dialects.primitive import PRIMITIVES
from myia.dialects.types import ListType, RecordType, has_tensor
from myia.errors import MyiaError
from myia.lowering.cuda.to_numba import SIGNATURE, SOURCE, KernelSource
from myia.lowering.pipelines import cuda_pipeline, run_passes
from myia.passes.symbol_uses import functions
from myia.runtime.arg_checks import CheckedEntry, entry_checker
from myia.runtime.cpu import numpy_scalar_paths_of
from myia.runtime.cuda_device import (
    DeviceArray,
    as_device_array,
    is_device_array,
    numba_cuda,
    numpy_items,
    to_device_result,
    to_host,
    view,
)
from myia.runtime.cuda_launch import GENERATED, KernelCode, contiguous_copy, launcher
from myia.runtime.interpreter import Interpreter
from myia.runtime.interpreter_ops import scalar_converter
from myia.runtime.interpreter_steps import StepBuilder, register_op
from myia.runtime.myia_values import scalar_types_converter

__all__ = ["GENERATED", "compile_for_cuda", "cuda_backend"]


def compile_for_cuda(module: ModuleOp, entry: str, passes: Sequence[ModulePass] = ()) -> None:
    """Run the cuda pipeline (with a user's ``passes``) on a typed module, in place."""
    run_passes(cuda_pipeline(entry, passes), module)


def kernel_codes(module: ModuleOp) -> dict[str, KernelCode]:
    """The kernels of the module's ``gpu.module``, by symbol."""
    out = {}
    for op in module.ops:
        if isinstance(op, gpu.ModuleOp):
            for func in op.body.block.ops:
                if isinstance(func, gpu.FuncOp):
                    symbol = func.sym_name.data
                    source = func.attributes[SOURCE].data  # type: ignore[attr-defined]
                    signature = func.attributes[SIGNATURE].data  # type: ignore[attr-defined]
                    python_name = KernelSource(func).python_name
                    code = KernelCode(symbol, source, python_name, signature)
                    out[symbol] = GENERATED.setdefault((source, signature), code)
    return out


class CudaInterpreter(Interpreter):
    """The interpreter running host code, with the module's kernels."""

    def __init__(self, module: ModuleOp, resolver: Any = None):
        super().__init__(module, resolver)
        self.kernels = kernel_codes(module)


# ---------------------------------------------------------------------------
# Handlers of the myia_gpu ops


def _attribute_value(attr: Attribute) -> Any:
    if isinstance(attr, IntegerAttr):
        if isinstance(attr.type, IntegerType) and attr.type.width.data == 1:
            return bool(attr.value.data)
        return attr.value.data
    if isinstance(attr, StringAttr):
        return attr.data
    if isinstance(attr, ArrayAttr):
        return [_attribute_value(a) for a in attr.data]
    raise TypeError(f"unexpected launch configuration {attr}")


@register_op(LaunchOp)
def _launch(b: StepBuilder, op: LaunchOp) -> Any:
    interpreter = b.interpreter
    assert isinstance(interpreter, CudaInterpreter)
    kernels = [interpreter.kernels[ref.nested_references.data[-1].data] for ref in op.kernels]
    config = {k: _attribute_value(v) for k, v in op.config.data.items()}
    run = launcher(op.kind.data, kernels, config, [v.type for v in op.args], op.result.type)
    slots = b.slots(op.args)
    out = b.out

    def step(env: list[Any]) -> None:
        env[out] = run([env[s] for s in slots])

    return step


def _view_of(name: str) -> Callable[..., Any]:
    """How host op ``name`` computes its result from a meta array and operands."""
    # (a trailing ``...`` makes numpy give a 0-d view, never read a scalar)
    if name == "array_getitem":
        return lambda meta, items: meta[(*numpy_items(items), Ellipsis)]
    if name == "getitem":  # (an int or a slice: iterating over an array)
        return lambda meta, index: meta[index, ...]
    impl = PRIMITIVES[name].impl
    return impl


@register_op(HostOp)
def _host(b: StepBuilder, op: HostOp) -> Any:
    name = op.primitive.data
    make = _view_of(name)
    slots = b.slots(op.args)
    out = b.out
    reshape = name == "reshape"
    shape_result = name in ("array_shape", "len")

    def step(env: list[Any]) -> None:
        x, *rest = (env[s] for s in slots)
        if reshape and not x.contiguous:
            raise AssertionError("reshape of a strided device array")
        value = view(x, lambda meta: make(meta, *rest))
        if shape_result:
            value = int(value) if name == "len" else tuple(int(d) for d in value)
        env[out] = value

    return step


@register_op(ToHostOp)
def _to_host(b: StepBuilder, op: ToHostOp) -> Any:
    (src,) = b.slots([op.array])
    convert = scalar_converter(op.result.type)
    assert convert is not None
    out = b.out

    def step(env: list[Any]) -> None:
        env[out] = convert(to_host(env[src])[()])

    return step


# ---------------------------------------------------------------------------
# Values in and out

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def argument_converter(t: Attribute) -> Callable[[Any], Any]:
    """Python argument -> the host value of type ``t`` (arrays on the device)."""
    if isinstance(t, TensorType):
        dtype = np.dtype(dtype_of_type(t.element_type))
        ndim = len(t.get_shape())

        def array(v: Any) -> DeviceArray:
            d = as_device_array(v, dtype)
            if d.ndim != ndim:
                raise TypeError(f"expected an array of {ndim} dimension(s), got {d.ndim}")
            return d

        return array
    if isinstance(t, TupleType):
        parts = [argument_converter(e) for e in t.types.data]
        return lambda v: tuple(p(x) for p, x in zip(parts, v, strict=True))
    if isinstance(t, ListType):
        element = argument_converter(t.element)
        return lambda v: [element(x) for x in v]
    if isinstance(t, RecordType):
        fields = [(name, argument_converter(ft)) for name, ft in t.fields]

        def record(v: Any) -> Any:
            obj = object.__new__(type(v))
            for name, convert in fields:
                object.__setattr__(obj, name, convert(getattr(v, name)))
            return obj

        return record
    if isinstance(t, IntegerType) and t.width.data == 64:

        def integer(v: Any) -> Any:
            if v.__class__ is int and not _I64_MIN <= v <= _I64_MAX:
                raise OverflowError("an int argument does not fit in 64 bits")
            return v

        return integer
    if has_tensor(t):
        raise MyiaError(f"the cuda backend cannot take an argument of type {t} yet")
    return lambda v: v


def result_converter(t: Attribute) -> Callable[[Any, bool], Any]:
    """The host value of type ``t`` -> the Python result (``device``: arrays stay
    on the device)."""
    if isinstance(t, TensorType):
        return lambda v, device: to_device_result(contiguous_copy(v)) if device else to_host(v)
    if isinstance(t, TupleType):
        parts = [result_converter(e) for e in t.types.data]
        return lambda v, device: tuple(p(x, device) for p, x in zip(parts, v, strict=True))
    if isinstance(t, ListType):
        element = result_converter(t.element)
        return lambda v, device: [element(x, device) for x in v]
    if isinstance(t, RecordType):
        fields = [(name, result_converter(ft)) for name, ft in t.fields]

        def record(v: Any, device: bool) -> Any:
            if dataclasses.is_dataclass(v):
                obj = object.__new__(type(v))
                for name, convert in fields:
                    object.__setattr__(obj, name, convert(getattr(v, name), device))
                return obj
            return v

        return record
    if has_tensor(t):
        raise MyiaError(f"the cuda backend cannot return a value of type {t} yet")
    return lambda v, device: v


def _any_device_array(values: Sequence[Any]) -> bool:
    """Whether some argument is or holds a device array."""
    for v in values:
        if v is None or isinstance(v, np.ndarray | np.generic | int | float | str):
            continue
        if isinstance(v, tuple | list):
            if _any_device_array(v):
                return True
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            if _any_device_array([getattr(v, f.name) for f in dataclasses.fields(v)]):
                return True
        elif is_device_array(v):
            return True
    return False


RESULTS = ("auto", "numpy", "device")
"""Where the arrays a call returns live (``jit(backend_options={"results": ...})``):
``auto``, numpy arrays unless some array argument was a device array (numba's rule
for its CUDA ufuncs); ``numpy``, always copied to the host; ``device``, always
left on the GPU (numba device arrays)."""


def cuda_backend(
    module: ModuleOp,
    entry: str,
    *,
    frontend: Any = None,
    passes: Sequence[ModulePass] = (),
    results: str = "auto",
) -> Callable[..., Any]:
    """Compile the typed ``module`` for the GPU and return a callable of Python values
    (its arrays returned where ``results`` says: see :data:`RESULTS`) that checks
    its arguments against the entry's types (device arrays are arrays)."""
    if results not in RESULTS:
        raise MyiaError(
            f"the cuda backend's option results={results!r} is not one of "
            f"{', '.join(map(repr, RESULTS))}"
        )
    numba_cuda()  # (an error now if kernels cannot run)
    entry_func = functions(module)[entry]
    arg_types = [a.type for a in entry_func.args]
    result_type = entry_func.result_type
    check = entry_checker(entry_func, device=True)
    compile_for_cuda(module, entry, passes)
    interpreter = CudaInterpreter(module, frontend)
    converters = [argument_converter(t) for t in arg_types]
    convert_result = result_converter(result_type)
    # The result's scalars get the Python types compiled code gives them (numpy's
    # where the entry's myia.numpy_scalars says so).
    scalar_types = scalar_types_converter(result_type, numpy_scalar_paths_of(entry_func), True)
    call = interpreter.call

    def run(*args: Any) -> Any:
        values = [convert(a) for convert, a in zip(converters, args, strict=True)]
        device = results == "device" or (results == "auto" and _any_device_array(args))
        result = convert_result(call(entry, *values), device)
        return result if scalar_types is None else scalar_types(result)

    run.module = module  # type: ignore[attr-defined]
    run.lowered = module  # type: ignore[attr-defined]  # (as the cpu backend's)
    return CheckedEntry(run, check)
