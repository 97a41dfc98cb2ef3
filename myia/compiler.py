"""What :mod:`myia.api` runs when a function is first called: the frontend, the
passes and the backends, wired together.

``import myia`` and ``@myia.jit`` do not load the compiler; :mod:`myia.api` imports
this module on the first call of a compiled function (or the first
``register_bprop``), and this module imports every layer below the API.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Any

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute

from myia.dialects.abstract import Abstract, from_type
from myia.dialects.abstract_of_values import (
    abstract_of,
    array_layout,
    generic_shapes,
    without_layout,
)
from myia.dialects.primitive import PRIMITIVES
from myia.dialects.record_classes import record_class_name
from myia.frontend import Frontend
from myia.lowered import Lowered
from myia.lowering.arrays.contiguous import mark_contiguous
from myia.lowering.pipelines import user_passes
from myia.passes.grad import expand_gradients
from myia.passes.grad.user_rules import user_grad_rule
from myia.passes.infer import infer_module
from myia.passes.symbol_uses import functions
from myia.runtime.arg_checks import check_entry
from myia.runtime.cpu import cpu_backend, numpy_scalar_paths_of
from myia.runtime.interpreter import Interpreter
from myia.runtime.jit import get_jit
from myia.runtime.myia_values import scalar_types_converter

__all__ = [
    "PRIMITIVES",
    "abstract_signature",
    "cpu_backend",
    "generic_shapes",
    "interp_backend",
    "llvm_seconds",
    "lower",
    "parse",
    "python_grad_rule",
    "specialize",
    "typed_interp_backend",
    "user_passes",
]


def parse(fn: types.FunctionType, entry_of: Any = None) -> tuple[Frontend, str]:
    """A frontend that parsed ``fn`` (or the entry applying ``entry_of``, a
    ``myia.grad`` object), and the symbol of the public entry point."""
    frontend = Frontend()
    entry = frontend.entry_for(entry_of) if entry_of is not None else frontend.function(fn)
    frontend.func_op(entry).sym_visibility = None  # the entry is public
    return frontend, entry


def abstract_signature(arg: Any) -> Abstract:
    """The abstract value of an argument (its arrays' layouts included)."""
    return abstract_of(arg, record_class_name, layout=True)


def specialize(
    module: ModuleOp,
    entry: str,
    signature: tuple[Any, ...],
    frontend: Frontend | None,
    **grad_options: Any,
) -> tuple[ModuleOp, str]:
    """The typed module of ``entry`` for the abstract arguments ``signature``:
    inferred, gradients expanded (``grad_options``: see
    :func:`~myia.passes.grad.expand_gradients`), arrays passed C-contiguous
    marked."""
    typed, symbol = infer_module(module, entry, tuple(map(without_layout, signature)), frontend)
    expand_gradients(typed, **grad_options)
    # Which arrays callers pass C-contiguous (the cpu backend's lowering uses it).
    mark_contiguous(typed, symbol, array_layout(signature))
    return typed, symbol


def lower(
    name: str,
    module: ModuleOp,
    entry: str,
    signature: tuple[Any, ...],
    frontend: Frontend,
    backend: str,
    passes: tuple[Any, ...] = (),
) -> Lowered:
    """The stages of compiling ``entry`` of the untyped ``module`` for
    ``signature`` (``myia.jit(f).lower(*args)``)."""
    typed, symbol = specialize(module, entry, signature, frontend)
    return Lowered(name, module, typed, symbol, backend, passes)


def llvm_seconds() -> float:
    """The seconds the JIT spent in LLVM so far (parsing, optimizing,
    generating and loading code)."""
    return sum(get_jit().stats.seconds.values())


def compile_python_function(
    fn: types.FunctionType, arg_types: list[Attribute]
) -> tuple[ModuleOp, str]:
    """``fn`` parsed and specialized for ``arg_types``: its typed module and the
    symbol of its entry in it (a user's gradient rule, linked where it is used)."""
    frontend = Frontend()
    symbol = frontend.function(fn)
    typed, entry = infer_module(
        frontend.module, symbol, [from_type(t) for t in arg_types], frontend
    )
    expand_gradients(typed)
    return typed, entry


def python_grad_rule(fn: types.FunctionType) -> Any:
    """The gradient rule of a primitive that calls the Python function ``fn``
    (``myia.register_bprop``)."""
    return user_grad_rule(fn, compile_python_function)


def interp_backend(module: ModuleOp, entry: str, *, frontend: Any = None) -> Callable[..., Any]:
    """The reference interpreter running ``entry``."""
    interpreter = Interpreter(module, frontend)
    return functools.partial(interpreter.call, entry)


def typed_interp_backend(
    module: ModuleOp, entry: str, *, frontend: Any = None, check_args: Callable[..., None]
) -> Callable[..., Any]:
    """The interpreter on a typed module: results get the Python types compiled
    code gives them; ``check_args`` rejects what typed code cannot take (the
    callable checks the arguments against the entry's types first)."""
    run = interp_backend(module, entry, frontend=frontend)
    func = functions(module)[entry]
    # The result's scalars get the Python types compiled code gives them (the
    # interpreter's values may be numpy scalars where Python's are meant).
    convert = scalar_types_converter(func.result_type, numpy_scalar_paths_of(func), True)

    def run_typed(*args: Any) -> Any:
        check_args(*args)
        result = run(*args)
        return result if convert is None else convert(result)

    return check_entry(run_typed, func)
