"""What compiling a function for one signature makes, stage by stage:
``myia.jit(f).lower(*args)`` returns a :class:`Lowered`, whose ``as_text(stage)``
prints the IR of a stage (or the LLVM IR, or the assembly) and ``as_dot(stage)``
draws it, as JAX's ``jit(f).lower(x).as_text()``.

The stages are those of the function's backend, declared with its pipeline
(:func:`myia.lowering.pipelines.cpu_stages`): the IR the frontend made
(``untyped``), after inference and the expansion of gradients (``typed``), then
the backend's (``cpu``: ``simplified``, ``fused``, ``loops``, ``llvm-dialect``,
``llvm``, ``llvm-opt``, ``asm``). Each is computed on first use, from a copy
of the typed module: lowering runs nothing and changes no compiled code.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.printer import Printer

from myia.errors import MyiaError
from myia.lowering.llvm.to_llvm_ir import emit_llvm_ir
from myia.lowering.pipelines import cpu_stages, cuda_stages, run_passes
from myia.passes.ir_graph import module_to_dot
from myia.runtime.jit import assembly, optimize_ir

STAGED_BACKENDS: dict[str, Callable[..., list[tuple[str, list[ModulePass]]]]] = {
    "cpu": cpu_stages,
    "cuda": cuda_stages,
}
"""The backends whose pipeline has named stages past ``typed``."""

LLVM_STAGES: dict[str, Callable[[str], str]] = {
    "llvm": lambda text: text,
    "llvm-opt": lambda text: optimize_ir(text, 3),
    "asm": lambda text: assembly(text, 3),
}
"""The text stages made from the ``llvm-dialect`` module (cpu)."""


class Lowered:
    """The stages of one function compiled for one signature (see the module's
    docstring). ``stages`` lists their names, in order."""

    def __init__(
        self,
        name: str,
        untyped: ModuleOp,
        typed: ModuleOp,
        entry: str,
        backend: str,
        passes: Sequence[ModulePass] = (),
    ):
        self.name = name
        #: The typed entry's symbol (its specialization's name in the module).
        self.entry = entry
        self.backend = backend
        self._modules: dict[str, ModuleOp] = {"untyped": untyped, "typed": typed}
        self._pipeline = STAGED_BACKENDS.get(backend, lambda entry, passes: [])(entry, passes)
        self._texts: dict[str, str] = {}
        names = ["untyped", "typed", *(stage for stage, _ in self._pipeline)]
        if backend == "cpu":
            names += list(LLVM_STAGES)
        self.stages: tuple[str, ...] = tuple(names)

    def module(self, stage: str = "typed") -> ModuleOp:
        """The module at an IR ``stage`` (a copy of what compiling makes)."""
        self._check(stage)
        if stage in LLVM_STAGES:
            raise MyiaError(f"the stage {stage!r} is text (as_text), not a module")
        if stage not in self._modules:
            self._lower()
        return self._modules[stage]

    def as_text(self, stage: str = "typed", *, debuginfo: bool = False) -> str:
        """The stage's IR as ``myia-opt`` prints it (``debuginfo``: with the
        source locations), or its LLVM IR or assembly."""
        self._check(stage)
        if stage in LLVM_STAGES:
            if stage not in self._texts:
                llvm_ir = emit_llvm_ir(self.module("llvm-dialect"))
                self._texts[stage] = LLVM_STAGES[stage](llvm_ir)
            return self._texts[stage]
        out = io.StringIO()
        Printer(stream=out, print_debuginfo=debuginfo).print_op(self.module(stage))
        return out.getvalue() + "\n"

    def as_dot(self, stage: str = "typed", *, graph: str = "dataflow", function: str = "") -> str:
        """Graphviz DOT of the stage's IR: each function's dataflow and control
        flow (``graph="dataflow"``) or the call graph (``"calls"``), labelled
        with source lines; ``function`` keeps one function and what it calls."""
        return module_to_dot(self.module(stage), graph, function or None)

    def render(self, path: str | Path, stage: str = "typed", *, graph: str = "dataflow") -> Path:
        """Write the picture of a stage to ``path``: DOT for ``.dot``, else the
        format of the suffix (``.svg``, ``.png``, ``.pdf``) drawn by Graphviz's
        ``dot``, which must be installed."""
        path = Path(path)
        text = self.as_dot(stage, graph=graph)
        if path.suffix == ".dot":
            path.write_text(text)
            return path
        dot = shutil.which("dot")
        if dot is None:
            raise MyiaError(
                f"drawing {path.name} needs Graphviz's `dot` program (install graphviz), "
                "or write a .dot file"
            )
        subprocess.run(
            [dot, f"-T{path.suffix[1:]}", "-o", str(path)], input=text, text=True, check=True
        )
        return path

    def _check(self, stage: str) -> None:
        if stage not in self.stages:
            raise MyiaError(
                f"{self.name}: no stage {stage!r} on the {self.backend!r} backend; "
                f"its stages: {', '.join(self.stages)}"
            )

    def _lower(self) -> None:
        """Run the backend's pipeline on a copy of the typed module, keeping a
        copy of the module after each stage."""
        module = self._modules["typed"].clone()
        for stage, passes in self._pipeline:
            module = run_passes(passes, module)
            self._modules[stage] = module.clone()

    def __repr__(self) -> str:
        return f"<myia.Lowered {self.name} ({self.backend}): {', '.join(self.stages)}>"
