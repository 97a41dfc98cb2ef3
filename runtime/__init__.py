"""The JIT engine, the calling convention, memory, value conversion and the
interpreter: what runs a module the lowering made (and rewrites no IR)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from myia.registry import lazy_attribute

if TYPE_CHECKING:
    from myia.registry import Registry


def register(registry: Registry) -> None:
    """Add the ``llvm`` target (``myia-opt -t llvm``) to ``registry``, replacing
    xDSL's on purpose, and the ahead-of-time targets ``obj`` and ``shared``
    (each loaded when used: myia-opt loads LLVM only then)."""
    llvm_target = lazy_attribute("myia.runtime.llvm_target", "LLVMIRTarget")
    registry.register_target("llvm", llvm_target, replace="llvm" in registry.targets)
    registry.register_target("obj", lazy_attribute("myia.runtime.aot_target", "ObjectTarget"))
    registry.register_target("shared", lazy_attribute("myia.runtime.aot_target", "SharedTarget"))
