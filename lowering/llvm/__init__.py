"""func/arith/math/cf/scf -> the llvm dialect -> LLVM IR.

Passes (each a module here, each with lit tests in ``tests/filecheck/lowering/llvm``):

=========================  ==========================================================
``myia-scf-to-cf``         scf.if/for/while/index_switch/execute_region -> cf blocks
``lower-index-to-i64``     the index type becomes i64 everywhere
``convert-math-to-llvm``   math -> LLVM intrinsics, libm calls, an ipowi helper
``convert-arith-to-llvm``  arith -> llvm (optional division-by-zero checks)
``convert-cf-to-llvm``     cf.br/cond_br/switch/assert -> llvm
``convert-func-to-llvm``   func.func/call/return -> llvm (several results as a struct)
``myia-stack-check``       recursive functions check the stack (RecursionError)
``myia-poll``              loops and recursive functions poll for signals (Ctrl-C)
``myia-to-llvm``           all of the above, in this order
``myia-capi-wrappers``     the C-ABI entry point ``@f__capi`` of each exported function
``myia-error-sites``       located raises get an index in the module's error-site table
=========================  ==========================================================

:func:`lower_to_llvm` runs the pipeline from Python; :func:`emit_llvm_ir` prints
LLVM IR (xDSL's translator extended for the operations of :mod:`.extra_ops`).
:func:`register` adds all of it to a :class:`myia.registry.Registry` (the
``myia-opt -t llvm`` target, which optimizes with the JIT's pipeline, is the
runtime's: :mod:`myia.runtime.llvm_target`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from myia.registry import lazy_attribute

if TYPE_CHECKING:
    from xdsl.passes import ModulePass

    from myia.registry import Registry


def _lazy(module: str, cls: str) -> Callable[[], Any]:
    return lazy_attribute(f"myia.lowering.llvm.{module}", cls)


PASSES: dict[str, Callable[[], type[ModulePass]]] = {
    "myia-scf-to-cf": _lazy("scf_to_cf", "MyiaScfToCf"),
    "lower-index-to-i64": _lazy("index_to_i64", "LowerIndexToI64"),
    "convert-math-to-llvm": _lazy("math_to_llvm", "ConvertMathToLLVM"),
    "convert-arith-to-llvm": _lazy("arith_to_llvm", "ConvertArithToLLVM"),
    "convert-cf-to-llvm": _lazy("cf_to_llvm", "ConvertCfToLLVM"),
    "convert-func-to-llvm": _lazy("func_to_llvm", "ConvertFuncToLLVM"),
    "myia-stack-check": _lazy("stack_check", "MyiaStackCheck"),
    "myia-poll": _lazy("interrupt_poll", "MyiaPoll"),
    "myia-to-llvm": _lazy("pipeline", "MyiaToLLVM"),
    "myia-capi-wrappers": _lazy("capi", "CApiWrappers"),
    "myia-error-sites": _lazy("error_sites", "NumberErrorSites"),
}
"""Pass name -> factory of the pass class (imports the module on first use)."""


def _dialect(name: str) -> Callable[[], Any]:
    def factory() -> Any:
        # Lazy: registering the dialects (myia-opt's start) does not load them.
        from .extra_ops import EXTENDED_DIALECTS

        return EXTENDED_DIALECTS[name]

    return factory


DIALECTS: dict[str, Callable[[], Any]] = {
    name: _dialect(name) for name in ("llvm", "arith", "math")
}
"""xDSL's llvm/arith/math dialects extended with :mod:`.extra_ops` (they replace
xDSL's dialects of the same name)."""


def register(registry: Registry) -> None:
    """Add the passes and the extended dialects to ``registry``, replacing
    xDSL's dialects of the same name on purpose."""
    for name, factory in DIALECTS.items():
        registry.register_dialect(name, factory, replace=name in registry.dialects)
    for name, factory in PASSES.items():
        registry.register_pass(name, factory, replace=name in registry.passes)


def make_context(*, allow_unregistered: bool = False) -> Any:
    """A ``Context`` with every xDSL dialect, llvm/arith/math extended as above
    (for tests and tools that parse upstream IR without myia's registry)."""
    from xdsl.context import Context
    from xdsl.dialects import get_all_dialects

    ctx = Context(allow_unregistered=allow_unregistered)
    for name, factory in get_all_dialects().items():
        ctx.register_dialect(name, DIALECTS.get(name, factory))
    return ctx


def lower_to_llvm(*args: Any, **kwargs: Any) -> Any:
    # Lazy: this package is imported to register its passes (myia-opt's start).
    from .pipeline import lower_to_llvm as run

    return run(*args, **kwargs)


def emit_llvm_ir(*args: Any, **kwargs: Any) -> str:
    # Lazy: this package is imported to register its passes (myia-opt's start).
    from .to_llvm_ir import emit_llvm_ir as run

    return run(*args, **kwargs)


__all__ = [
    "DIALECTS",
    "PASSES",
    "emit_llvm_ir",
    "lower_to_llvm",
    "make_context",
    "register",
]
