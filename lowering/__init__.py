"""Lowering typed myia to native code: myia -> func/cf/arith/math
(``convert-myia-to-cf``) -> llvm (``myia-to-llvm``, :mod:`.llvm`) -> LLVM IR."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from myia.registry import Registry


def _convert_myia_to_cf() -> type:
    from myia.lowering.myia_to_cf import ConvertMyiaToCf

    return ConvertMyiaToCf


def register(registry: Registry) -> None:
    """Add the lowering passes (and the llvm target) to ``registry``."""
    from myia.lowering import llvm

    llvm.register(registry)
    registry.register_pass("convert-myia-to-cf", _convert_myia_to_cf)
    registry.register_pass("myia-fuse-arrays", _array_pass("fuse", "FuseArrays"))
    registry.register_pass("myia-parallel-loops", _array_pass("parallel", "ParallelLoops"))


def _array_pass(module: str, cls: str) -> Any:
    def factory() -> type:
        import importlib

        return getattr(importlib.import_module(f"myia.lowering.arrays.{module}"), cls)

    return factory
