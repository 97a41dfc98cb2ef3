"""The ``cpu`` backend: the typed module of a signature through
:func:`~myia.lowering.pipelines.cpu_pipeline`, then the JIT, and the Python
callable around the native function.

Python arguments are flattened to the leaves of their types (tuples and records
field by field) and the native results are rebuilt into Python values of the
result type: ints, floats and bools for ``i64``/``f64``/``i1`` (numpy scalars where
the entry's ``myia.numpy_scalars`` says so), numpy scalars for the other
widths, tuples, dataclass instances.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    ArrayAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
    TupleType,
)
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from myia.dialects.abstract import NUMPY_SCALARS, dtype_of_type
from myia.dialects.ops_function import FuncOp
from myia.dialects.types import (
    FunctionValueType,
    ListType,
    NoneType,
    RecordType,
    StringType,
    has_list,
    has_tensor,
)
from myia.lowering.arrays.results import result_slots_of
from myia.lowering.exports import exports_of, numpy_scalars_of
from myia.lowering.myia_to_cf import native_symbol
from myia.lowering.pipelines import cpu_pipeline, run_passes
from myia.runtime.abi import load_native
from myia.runtime.array_runtime import ARRAY_RUNTIME_FUNCTIONS, ensure
from myia.runtime.myia_values import scalar_types_converter


def flattener(t: Attribute) -> Callable[[Any, list[Any]], None]:
    """A function appending the leaves of a Python value of type ``t``."""
    if isinstance(t, IntegerType):
        if t.width.data == 1:
            return lambda v, out: out.append(bool(v))
        if _is_u64(t):  # passed as the i64 of the same bits
            return lambda v, out: out.append(int(v) - ((int(v) >> 63) << 64))
        return lambda v, out: out.append(int(v))
    if isinstance(t, Float16Type | Float32Type | Float64Type):
        return lambda v, out: out.append(float(v))
    if isinstance(t, NoneType | StringType):
        return lambda v, out: None
    if isinstance(t, TupleType):
        parts = [flattener(e) for e in t.types.data]

        def flat_tuple(v: Any, out: list[Any]) -> None:
            for part, item in zip(parts, v, strict=True):
                part(item, out)

        return flat_tuple
    if isinstance(t, RecordType):
        fields = [(name, flattener(ft)) for name, ft in t.fields]

        def flat_record(v: Any, out: list[Any]) -> None:
            for name, part in fields:
                part(getattr(v, name), out)

        return flat_record
    if isinstance(t, TensorType):
        from myia.runtime.array_values import array_flattener

        return array_flattener(t)
    if isinstance(t, ListType):
        from myia.runtime.list_values import list_flattener

        return list_flattener(t)
    raise TypeError(f"the cpu backend cannot take an argument of type {t} yet")


def builder(t: Attribute) -> tuple[int, Callable[[tuple[Any, ...], int], Any]]:
    """How many leaves a value of type ``t`` has, and a function rebuilding it
    from the result leaves at an offset."""
    if isinstance(t, IntegerType | Float16Type | Float32Type | Float64Type):
        dtype = dtype_of_type(t)
        if dtype == "bool":
            return 1, lambda r, i: bool(r[i])
        if dtype == "int64":
            return 1, lambda r, i: int(r[i])
        if dtype == "float64":
            return 1, lambda r, i: float(r[i])
        np_type = np.dtype(dtype).type
        if isinstance(t, IntegerType) and t.signedness.data == Signedness.UNSIGNED:
            width = t.width.data
            return 1, lambda r, i: np_type(r[i] % (1 << width))
        return 1, lambda r, i: np_type(r[i])
    if isinstance(t, NoneType | StringType):
        return 0, lambda r, i: None
    if isinstance(t, TupleType):
        parts = [builder(e) for e in t.types.data]
        size = sum(n for n, _ in parts)

        def build_tuple(r: tuple[Any, ...], i: int) -> Any:
            items = []
            for n, part in parts:
                items.append(part(r, i))
                i += n
            return tuple(items)

        return size, build_tuple
    if isinstance(t, RecordType):
        from myia.dialects.record_classes import RECORD_CLASSES
        from myia.runtime.values import Record

        fields = [(name, builder(ft)) for name, ft in t.fields]
        size = sum(n for _, (n, _) in fields)
        cls = RECORD_CLASSES.get(t.class_name.data)

        def build_record(r: tuple[Any, ...], i: int) -> Any:
            values = {}
            for name, (n, part) in fields:
                values[name] = part(r, i)
                i += n
            if cls is None:
                return Record(t.class_name.data, values.items())
            obj = object.__new__(cls)
            for name, value in values.items():
                object.__setattr__(obj, name, value)
            return obj

        return size, build_record
    if isinstance(t, TensorType):
        from myia.runtime.array_values import array_builder

        return array_builder(t)
    if isinstance(t, ListType):
        from myia.runtime.list_values import list_builder

        return list_builder(t)
    if isinstance(t, FunctionValueType):
        raise TypeError("compiled functions cannot return function values to Python yet")
    raise TypeError(f"the cpu backend cannot return a value of type {t} yet")


PYTHON_SCALARS = ("int64", "float64", "bool")


def _is_u64(t: Attribute) -> bool:
    return dtype_of_type(t) == "uint64"


def _runner(
    call: Callable[..., Any],
    arg_types: list[Attribute],
    result_type: Attribute,
    built: bool = False,
    converter: Any = None,
    numpy_result: bool = False,
) -> Callable[..., Any]:
    """The Python callable around a native function: flattens the arguments and
    rebuilds the result, with fast paths for scalars (the common case).
    ``built``: the call itself returns the result (a result converter rebuilt
    it before the arena was rewound, as for arrays); ``converter``: that
    converter, whose result slots each call provides (arrays);
    ``numpy_result``: the result, a scalar, is a numpy scalar (an
    ``np.float64`` rather than a float)."""
    scalar_args = all(dtype_of_type(t) is not None and not _is_u64(t) for t in arg_types)
    result_dtype = dtype_of_type(result_type)
    np_type = np.dtype(result_dtype).type if numpy_result and result_dtype else None
    if built or any(has_tensor(t) or has_list(t) for t in arg_types):
        from myia.runtime.array_values import array_runner

        _, build = builder(result_type)
        run_arrays = array_runner(
            call, [flattener(t) for t in arg_types], None if built else build, converter
        )
        return run_arrays if np_type is None else _then(run_arrays, np_type)
    if scalar_args and result_dtype in PYTHON_SCALARS:
        # The native call takes and returns Python scalars as they are.
        if np_type is not None:

            def run_numpy_scalar(*args: Any) -> Any:
                return np_type(call(*args)[0])

            return run_numpy_scalar

        def run_scalar(*args: Any) -> Any:
            return call(*args)[0]

        return run_scalar
    flatteners = [flattener(t) for t in arg_types]
    _, build = builder(result_type)

    def run(*args: Any) -> Any:
        leaves: list[Any] = []
        for flat, arg in zip(flatteners, args, strict=True):
            flat(arg, leaves)
        return build(call(*leaves), 0)

    return run if np_type is None else _then(run, np_type)


def _then(run: Callable[..., Any], convert: Callable[[Any], Any]) -> Callable[..., Any]:
    def run_and_convert(*args: Any) -> Any:
        return convert(run(*args))

    return run_and_convert


def numpy_scalar_paths_of(func: FuncOp) -> list[str]:
    """The paths of the numpy scalars in the result of a typed entry (its
    ``myia.numpy_scalars``: see :func:`myia.dialects.abstract.numpy_scalar_paths`)."""
    paths = func.attributes.get(NUMPY_SCALARS)
    return [p.data for p in paths.data] if isinstance(paths, ArrayAttr) else []


def cpu_backend(
    module: ModuleOp,
    entry: str,
    *,
    frontend: Any = None,
    passes: Sequence[ModulePass] = (),
) -> Callable[..., Any]:
    """Compile the typed ``module`` with :func:`~myia.lowering.pipelines.cpu_pipeline`
    (``passes`` run after simplification) and return a callable of Python values."""
    lowered = run_passes(cpu_pipeline(entry, passes), module)
    return load_entry(lowered, native_symbol(entry))  # (a user's memcpy is not libc's)


def load_entry(module: ModuleOp, entry: str) -> Callable[..., Any]:
    """The callable of Python values for ``entry`` of a module the cpu pipeline
    made: its types (``myia.exports``), the numpy scalars of its result, result
    slots and error sites are read from the module's attributes."""
    signature = exports_of(module)[entry]
    arg_types = list(signature.inputs.data)
    (result_type,) = signature.outputs.data
    slots = result_slots_of(module, entry)
    if slots or _calls_array_runtime(module):  # BLAS, threads, result allocations
        ensure()
    converters = None
    if has_tensor(result_type):
        from myia.runtime.array_values import result_converter

        converters = result_converter(entry, result_type, slots)
    elif has_list(result_type):
        from myia.runtime.list_values import list_result_converter

        converters = list_result_converter(entry, result_type)
    native = load_native(module, result_converters=converters)[entry]
    numpy_paths = numpy_scalars_of(module, entry)
    run = _runner(
        native.call,
        arg_types,
        result_type,
        converters is not None,
        converters.get(entry) if converters else None,
        numpy_paths == [""],
    )
    numpy_scalars = scalar_types_converter(result_type, numpy_paths, False)
    if numpy_scalars is not None and numpy_paths != [""]:
        # (the builders give Python's scalars: f64 is a float)
        run = _then(run, numpy_scalars)

    run.native = native  # type: ignore[attr-defined]
    run.lowered = module  # type: ignore[attr-defined]
    return run


def _calls_array_runtime(module: ModuleOp) -> bool:
    """Whether ``module`` (llvm dialect) declares a function of the array runtime."""
    return any(
        isinstance(op, llvm.FuncOp) and op.sym_name.data in ARRAY_RUNTIME_FUNCTIONS
        for op in module.ops
    )
