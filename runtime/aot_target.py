"""``myia-opt -t 'obj{path=f.o}'`` and ``-t 'shared{path=libf.so}'``: the module
(at the end of the cpu pipeline: ``-p 'myia-cpu{entry=f}'``) exported ahead of
time by :mod:`.aot` to ``path``, with its C header beside it. The header is
also the target's output (stdout, or ``-o``): an object file is not text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from xdsl.context import Context
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from myia.errors import MyiaExportError
from myia.lowering.exports import exports_of
from myia.lowering.llvm.capi import capi_name
from myia.runtime.aot import export_module


@dataclass(frozen=True)
class ExportTarget(Target):
    """Export the module's entry ahead of time (see the module docstring)."""

    path: str = ""
    """Where to write the object file or library (required)."""

    entry: str = ""
    """The exported function (default: the module's only one)."""

    symbol: str = ""
    """The C function's name (default: the entry's)."""

    cpu: str = "generic"
    """``generic`` (portable), ``host`` or a CPU name LLVM knows."""

    suffix: ClassVar[str] = ""

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        if Path(self.path).suffix != self.suffix:
            raise MyiaExportError(
                f"-t {self.name} writes a file: give its path, ending in {self.suffix} "
                f"(-t '{self.name}{{path=out{self.suffix}}}')"
            )
        exports = exports_of(module)
        entry = self.entry or (next(iter(exports)) if len(exports) == 1 else "")
        if exports and entry not in exports:
            known = ", ".join(exports)
            raise MyiaExportError(f"-t {self.name}: which entry? entry=... (exported: {known})")
        wrappers = {op.sym_name.data for op in module.ops if isinstance(op, llvm.FuncOp)}
        if capi_name(entry) not in wrappers:
            raise MyiaExportError(
                f"-t {self.name} exports a module at the end of the cpu pipeline: "
                f"run -p 'myia-cpu{{entry={entry or 'f'}}}' first"
            )
        ftype = exports[entry]
        params = ", ".join(f"arg{i}: {t}" for i, t in enumerate(ftype.inputs.data))
        results = ", ".join(str(t) for t in ftype.outputs.data)
        exported = export_module(
            module,
            entry,
            self.path,
            name=self.symbol or None,
            python_signature=f"{entry}({params}) -> {results}",
            cpu=self.cpu,
        )
        output.write(exported.header.read_text())


@dataclass(frozen=True)
class ObjectTarget(ExportTarget):
    """An object file and its C header (``-t 'obj{path=f.o}'``)."""

    name = "obj"
    suffix = ".o"


@dataclass(frozen=True)
class SharedTarget(ExportTarget):
    """A shared library and its C header (``-t 'shared{path=libf.so}'``)."""

    name = "shared"
    suffix = ".so"
