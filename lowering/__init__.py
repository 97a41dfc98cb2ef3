"""Lowering typed myia to native code: myia -> func/cf/arith/math
(``convert-myia-to-cf``) -> llvm (``myia-to-llvm``, :mod:`.llvm`) -> LLVM IR."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
