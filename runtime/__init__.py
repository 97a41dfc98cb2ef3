"""The JIT engine, the calling convention, memory, value conversion and the
interpreter: what runs a module the lowering made (and rewrites no IR)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from myia.registry import Registry


def _llvm_target() -> Any:
    # Lazy: myia-opt loads LLVM only when it prints LLVM IR (start-up time).
    from myia.runtime.llvm_target import LLVMIRTarget

    return LLVMIRTarget


def register(registry: Registry) -> None:
    """Add the ``llvm`` target (``myia-opt -t llvm``) to ``registry``, replacing
    xDSL's on purpose."""
    registry.register_target("llvm", _llvm_target, replace="llvm" in registry.targets)
