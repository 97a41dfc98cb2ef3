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

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from xdsl.dialects import llvm
from xdsl.dialects.builtin import (
    ArrayAttr,
    ModuleOp,
)
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from myia.dialects.abstract import NUMPY_SCALARS, dtype_of_type
from myia.dialects.ops_function import FuncOp
from myia.dialects.types import (
    has_list,
    has_tensor,
)
from myia.errors import MyiaError
from myia.lowering.arrays.results import result_slots_of
from myia.lowering.exports import exports_of, layout_of, numpy_scalars_of
from myia.lowering.myia_to_cf import native_symbol
from myia.lowering.pipelines import cpu_pipeline, run_passes
from myia.passes.symbol_uses import functions
from myia.runtime.abi import load_native
from myia.runtime.arg_checks import CheckedEntry, checked_entry, entry_checker
from myia.runtime.array_runtime import ARRAY_RUNTIME_FUNCTIONS, ensure
from myia.runtime.array_values import array_runner, result_converter
from myia.runtime.conversion import builder, flattener, is_u64, list_result_converter
from myia.runtime.myia_values import scalar_types_converter
from myia.runtime.profiler import ensure_sampler

PYTHON_SCALARS = ("int64", "float64", "bool")


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
    scalar_args = all(dtype_of_type(t) is not None and not is_u64(t) for t in arg_types)
    result_dtype = dtype_of_type(result_type)
    np_type = np.dtype(result_dtype).type if numpy_result and result_dtype else None
    if built or any(has_tensor(t) or has_list(t) for t in arg_types):
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
    check_nans: bool | None = None,
    profile: bool = False,
) -> Callable[..., Any]:
    """Compile the typed ``module`` with :func:`~myia.lowering.pipelines.cpu_pipeline`
    (``passes`` run after simplification; ``check_nans``, by default
    ``MYIA_CHECK_NANS=1``, raises at the first NaN or infinity; ``profile``: the
    code says which line it is at, for ``myia.profile``) and return a callable of
    Python values."""
    if check_nans is None:
        check_nans = os.environ.get("MYIA_CHECK_NANS", "") not in ("", "0")
    if profile:
        ensure_sampler()  # (the profiled code links to its site global)
    # The check names the function and parameters as the typed module does.
    check = entry_checker(functions(module)[entry])
    lowered = run_passes(cpu_pipeline(entry, passes, check_nans, profile), module)
    run = load_entry(lowered, native_symbol(entry))  # (a user's memcpy is not libc's)
    return CheckedEntry(run.unchecked, check)


def load_entry(module: ModuleOp, entry: str) -> CheckedEntry:
    """The callable of Python values for ``entry`` of a module the cpu pipeline
    made: its types (``myia.exports``), the numpy scalars of its result, result
    slots and error sites are read from the module's attributes. It checks its
    arguments against the entry's parameter types (:mod:`.arg_checks`)."""
    signature = exports_of(module).get(entry)
    if signature is None:
        known = ", ".join(f"@{name}" for name in exports_of(module)) or "none"
        raise MyiaError(f"the module exports no function @{entry} (its exports: {known})")
    arg_types = list(signature.inputs.data)
    (result_type,) = signature.outputs.data
    slots = result_slots_of(module, entry)
    if slots or _calls_array_runtime(module):  # BLAS, threads, result allocations
        ensure()
    converters = None
    if has_tensor(result_type):
        converters = result_converter(entry, result_type, builder(result_type)[1], slots)
    elif has_list(result_type):
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
    params = [(f"arg{i}", t) for i, t in enumerate(arg_types)]
    return checked_entry(run, entry, params, contiguous=layout_of(module, entry))


def _calls_array_runtime(module: ModuleOp) -> bool:
    """Whether ``module`` (llvm dialect) declares a function of the array runtime."""
    return any(
        isinstance(op, llvm.FuncOp) and op.sym_name.data in ARRAY_RUNTIME_FUNCTIONS
        for op in module.ops
    )
