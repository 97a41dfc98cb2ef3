"""The builder of myia IR for other frontends: see
:mod:`myia.frontend.ir_builder` and docs/ir_builder.md."""

from myia.frontend.ir_builder import FunctionBuilder, Loc, ModuleBuilder, Value

__all__ = ["FunctionBuilder", "Loc", "ModuleBuilder", "Value"]
