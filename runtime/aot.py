"""Ahead-of-time export: one compiled specialization as an object file or a
shared library that a C or C++ program links, with a C header.

:func:`export_module` takes a module the ``cpu`` pipeline made (llvm dialect,
with the C-ABI wrapper ``@f__capi`` of its entry: see
:mod:`myia.lowering.llvm.capi`) and writes ``path``: an object file (``.o``) or
a shared library (``.so``, linked by the system C compiler, ``$CC`` or ``cc``),
and the header ``path.with_suffix(".h")``.

The C ABI of the exported function ``NAME``::

    int32_t NAME(<arguments>, <results>);
    const char *NAME_error_message(int32_t status);

- a scalar argument is passed by value (``double``, ``float``, ``int64_t``...,
  ``bool``); a tuple or a dataclass, field by field (``x_0``, ``x_1``...);
- an array argument is ``const T *x, const int64_t x_shape[ndim]``: C-contiguous
  (row-major) data and its dimensions. Dimensions fixed at compile time are
  checked (a status, not undefined behaviour);
- each scalar of the result is written through an out-pointer (``T *result``);
  an array result through ``T **result, int64_t result_shape[ndim]``: a new
  C-contiguous array, allocated with ``malloc``, which the caller frees with
  ``free``;
- the return value is 0, or a status whose low byte is the kind of error
  (:class:`~myia.lowering.llvm.runtime_decls.ErrorCode`, as ``#define``\\ s in the
  header) and ``NAME_error_message(status)`` a static string naming the error,
  its message and the user's ``file:line`` (as the Python exception would).

What is linked in: everything the generated code calls, but the C library, libm
and the compiler's support library (``libgcc``). The runtime
(:data:`~myia.runtime.native_runtime.STANDALONE_RUNTIME_IR`: errors, stack
checks, the arena; polls do nothing, there is no watchdog thread), the array
runtime's pieces with no dependency (matrix products as loops LLVM vectorizes,
:data:`EXPORT_GEMM`, instead of numpy's OpenBLAS; loops run on the calling
thread instead of libgomp's), and the libm aliases the JIT binds at run time. The runtime's state
is thread-local, and every symbol but the two functions above is internal: the
function may be called from several threads at once, and two exported
functions link into one program. An object that would still need a symbol of
the Python process (``Py*``, ``myia_*``...) is a :class:`MyiaExportError`,
never a library that fails when loaded.

Code is generated for a portable CPU (``cpu="generic"``: x86-64's baseline) or
for the host (``cpu="host"``), position-independent.

The C side (parameters, header) is :mod:`.aot_c`, the LLVM IR written for the
export (entry point, messages, gemm) :mod:`.aot_ir`; this module links them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import llvmlite.binding as llvm
from xdsl.dialects.builtin import ModuleOp

from myia.errors import MyiaExportError, SourceLocation
from myia.lowering.exports import exports_of
from myia.lowering.llvm.capi import find_function, signature_of
from myia.lowering.llvm.error_sites import error_sites_of
from myia.lowering.llvm.runtime_decls import ERROR_SITE_SHIFT, ErrorCode
from myia.lowering.llvm.to_llvm_ir import emit_llvm_ir
from myia.runtime.aot_c import Part, header_text, identifier, parts_of
from myia.runtime.aot_ir import (
    EXPORT_HELPERS_IR,
    Status,
    array_runtime_ir,
    entry_ir,
    libm_aliases,
    messages_ir,
    statuses,
    thread_local,
)
from myia.runtime.jit import initialize_llvm, optimize, undefined_symbols
from myia.runtime.native_runtime import STANDALONE_RUNTIME_IR

KINDS = {".o": "object", ".so": "shared"}
"""Output suffix -> what is written."""

_SYSTEM_PREFIXES = ("myia", "__myia", "Py", "_Py", "GOMP_", "omp_", "scipy_", "cblas_")
"""Undefined symbols with these prefixes belong to the Python process (the
runtime, Python, numpy's OpenBLAS, libgomp): exported code must not need them."""

_USER_PREFIX = "myia.user."
"""The prefix of the compiled module's own definitions in the exported object
(internal: they cannot clash with the exported names)."""


def target_machine(cpu: str) -> llvm.TargetMachine:
    """A target machine for this platform's triple: ``cpu="generic"`` (portable),
    ``"host"`` (this CPU and its features) or a CPU name LLVM knows."""
    initialize_llvm()
    target = llvm.Target.from_default_triple()
    features = ""
    if cpu == "host":
        cpu, features = llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten()
    return target.create_target_machine(
        cpu=cpu, features=features, opt=3, reloc="pic", codemodel="default"
    )


def link_module(
    module: ModuleOp, entry: str, name: str, args: list[Part], results: list[Part]
) -> llvm.ModuleRef:
    """The exported code of ``entry`` as one LLVM module, every definition
    internal but ``name`` and ``name_error_message``."""
    signature = signature_of(find_function(module, entry))
    table = statuses(module)
    shape_codes = []
    next_site = len(error_sites_of(module)) + 1
    for n, part in enumerate(args):
        if part.is_array:
            dims = ", ".join("?" if d is None else str(d) for d in part.shape)
            message = (
                f"ValueError: {name}(): argument '{part.name}' (argument {n + 1}) must have "
                f"the shape ({dims}) it was exported for"
            )
            code = ErrorCode.SHAPE | next_site << ERROR_SITE_SHIFT
            next_site += 1
            table.append(Status(code, message))
            shape_codes.append(code)
        else:
            shape_codes.append(0)
    memory_code = ErrorCode.MEMORY | next_site << ERROR_SITE_SHIFT
    table.append(Status(memory_code, f"MemoryError: {name}(): out of memory copying the result"))

    user = llvm.parse_assembly(thread_local(emit_llvm_ir(module)))
    for value in (*user.functions, *user.global_variables):
        if not value.is_declaration:  # (made internal once linked)
            value.name = _USER_PREFIX + value.name
    capi = _USER_PREFIX + signature.capi_name
    pieces = [
        thread_local(STANDALONE_RUNTIME_IR),
        *array_runtime_ir(),
        EXPORT_HELPERS_IR,
        libm_aliases(module),
        entry_ir(name, capi, signature, args, results, shape_codes, memory_code),
        messages_ir(name, table),
    ]
    for text in pieces:
        if text:
            piece = llvm.parse_assembly(text)
            user.link_in(piece)
    public = {name, f"{name}_error_message"}
    for fn in user.functions:
        if not fn.is_declaration and fn.name not in public:
            fn.linkage = llvm.Linkage.internal
    for gv in user.global_variables:
        if not gv.is_declaration:
            gv.linkage = llvm.Linkage.internal
    user.verify()
    return user


def object_code(module: llvm.ModuleRef, cpu: str) -> bytes:
    """The optimized object file of ``module``; a :class:`MyiaExportError` if it
    still needs a symbol of the Python process."""
    tm = target_machine(cpu)
    module.triple = tm.triple
    module.data_layout = str(tm.target_data)
    optimize(module, tm, 3)
    obj = tm.emit_object(module)
    foreign = sorted(s for s in undefined_symbols(obj) if s.startswith(_SYSTEM_PREFIXES))
    if foreign:
        raise MyiaExportError(
            "this function cannot be exported: its code needs symbols of the Python "
            f"process ({', '.join(foreign)})"
        )
    return obj


def c_compiler() -> str:
    """The system C compiler (``$CC``, else ``cc``); a :class:`MyiaExportError`
    if there is none."""
    name = os.environ.get("CC") or "cc"
    path = shutil.which(name.split()[0]) if name.strip() else None
    if path is None:
        raise MyiaExportError(
            f"no C compiler found ({name!r}): a shared library is linked by the system C "
            "compiler (install gcc or clang, or set CC); an object file (.o) needs none"
        )
    return name


def link_shared(obj: bytes, path: Path) -> None:
    """``cc -shared`` of the object ``obj`` into ``path`` (with libm)."""
    cc = c_compiler()
    with tempfile.TemporaryDirectory(prefix="myia-export-") as folder:
        obj_path = Path(folder) / "export.o"
        obj_path.write_bytes(obj)
        command = [*cc.split(), "-shared", "-o", str(path), str(obj_path), "-lm"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            raise MyiaExportError(
                f"linking the shared library failed ({' '.join(command)}):\n{done.stderr.strip()}"
            )


# ---------------------------------------------------------------------------
# Everything together


@dataclass(frozen=True)
class Exported:
    """What :func:`export_module` wrote."""

    path: Path
    header: Path
    name: str
    kind: str


def export_module(
    module: ModuleOp,
    entry: str,
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    param_names: Sequence[str] | None = None,
    python_signature: str | None = None,
    origin: SourceLocation | None = None,
    cpu: str = "generic",
) -> Exported:
    """Write the exported code of ``entry`` (a module the cpu pipeline made) to
    ``path`` (``.o`` or ``.so``) and its header next to it (``.h``).

    ``name`` is the C function's name (default: ``entry``), ``param_names`` the
    Python parameters' (they name the C parameters), ``python_signature`` what
    the header says the function was compiled for."""
    out = Path(path)
    kind = KINDS.get(out.suffix)
    if kind is None:
        raise MyiaExportError(
            f"cannot tell what to write from the suffix of {str(out)!r}: use .o (an "
            "object file) or .so (a shared library)"
        )
    if kind == "shared":
        c_compiler()  # before compiling anything
    name = identifier(name or entry)
    exports = exports_of(module)
    if entry not in exports:
        raise MyiaExportError(f"the module exports no function {entry!r}")
    ftype = exports[entry]
    inputs = list(ftype.inputs.data)
    names = list(param_names) if param_names is not None else []
    names += [f"arg{i}" for i in range(len(names), len(inputs))]
    args = [p for t, n in zip(inputs, names) for p in parts_of(t, identifier(n))]
    (result_type,) = ftype.outputs.data
    results = parts_of(result_type, "result")
    linked = link_module(module, entry, name, args, results)
    obj = object_code(linked, cpu)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "object":
        out.write_bytes(obj)
    else:
        link_shared(obj, out)
    header = out.with_suffix(".h")
    signature_text = python_signature or f"{entry}(...)"
    header.write_text(header_text(name, args, results, signature_text, origin))
    return Exported(out, header, name, kind)


__all__ = [
    "KINDS",
    "Exported",
    "c_compiler",
    "export_module",
    "link_module",
    "object_code",
    "target_machine",
]
