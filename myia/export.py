"""``JitFunction.export``: one specialization of a jitted function, compiled by
the cpu pipeline and written ahead of time by :mod:`myia.runtime.aot`.

Loaded on the first export (it loads the compiler, as :mod:`myia.compiler` is
loaded on the first call).
"""

from __future__ import annotations

import os
from typing import Any

from myia.compiler import generic_shapes, specialize
from myia.errors import MyiaError, MyiaTypeError
from myia.lowering.exports import exports_of
from myia.lowering.myia_to_cf import native_symbol
from myia.lowering.pipelines import cpu_pipeline, run_passes
from myia.runtime.aot import Exported, export_module

__all__ = ["export_function"]


def export_function(
    fn: Any,
    path: str | os.PathLike[str],
    example_args: tuple[Any, ...],
    *,
    name: str | None = None,
    shapes: str = "auto",
    cpu: str = "generic",
) -> Exported:
    """Write ``fn`` (a ``JitFunction``) compiled for the signature of
    ``example_args`` to ``path`` (see :meth:`myia.api.JitFunction.export`)."""
    parameters = list(fn._signature.parameters)
    if len(example_args) != len(parameters):
        raise MyiaTypeError(
            f"{fn.__name__}.export(): {len(parameters)} example argument(s) expected "
            f"({', '.join(parameters)}), got {len(example_args)}",
            fn._location(),
        )
    static = fn.abstract_signature(example_args, f"{fn.__name__}.export()")
    dynamic = tuple(map(generic_shapes, static))
    candidates = {"static": [static], "dynamic": [dynamic], "auto": [dynamic, static]}[shapes]
    fn._parse()
    error: MyiaError | None = None
    for candidate in dict.fromkeys(candidates):
        try:
            typed, entry = specialize(fn.module, fn.entry, candidate, fn._frontend)
            lowered = run_passes(cpu_pipeline(entry, fn.passes), typed)
        except MyiaError as exc:  # (shape-generic code may not compile: try static)
            error = error or exc
            continue
        symbol = native_symbol(entry)
        (result,) = exports_of(lowered)[symbol].outputs.data
        described = ", ".join(f"{p}: {a}" for p, a in zip(parameters, candidate))
        return export_module(
            lowered,
            symbol,
            path,
            name=name or fn.__name__,
            param_names=parameters,
            python_signature=f"{_title(fn)}({described}) -> {result}",
            origin=fn._location(),
            cpu=cpu,
        )
    assert error is not None
    raise error


def _title(fn: Any) -> str:
    """What the header calls the function: ``cost``, or ``myia.grad(cost, argnums=0)``."""
    made_by = fn._entry_of
    if made_by is None:
        return fn.__qualname__
    _, argnums, with_value = made_by.__myia_grad__
    kind = "value_and_grad" if with_value else "grad"
    return f"myia.{kind}({fn.__qualname__}, argnums={argnums!r})"
