"""``myia-export``: the functions Python calls, and their signatures.

The first pass of a native pipeline records on the module, under
``myia.exports``, the signature of each entry point as the caller sees it: the
myia types of a ``myia.func``'s parameters and result (a tuple, a record, an
array), or the function type of a ``func.func`` or ``llvm.func``::

    builtin.module attributes {myia.exports = {f = (tensor<4xf64>, f64) -> f64}}

and, under ``myia.numpy_scalars``, which scalars of a result are numpy scalars
(the entry's own ``myia.numpy_scalars``, which inference sets: see
:data:`myia.dialects.abstract.NUMPY_SCALARS`), and under ``myia.contiguous`` which
of its array arguments the code assumes C-contiguous (the entry's own
``myia.contiguous``: the runtime checks them). Module attributes outlive every
lowering step, so the passes after it (result slots, C-ABI wrappers) know which
functions are entry points, and the runtime reads from the compiled module how
to convert Python values in and out.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func, llvm
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    FunctionType,
    IntegerAttr,
    ModuleOp,
    StringAttr,
)
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from myia.dialects.abstract import NUMPY_SCALARS
from myia.dialects.ops_function import FuncOp
from myia.lowering.arrays.array_codegen import CONTIGUOUS
from myia.lowering.llvm.common import LoweringError

EXPORTS = "myia.exports"
"""Module attribute: entry point name -> its signature (a ``FunctionType``)."""

EXPORTED_NUMPY_SCALARS = NUMPY_SCALARS

EXPORTED_LAYOUTS = CONTIGUOUS
"""Module attribute: entry point name -> which arrays of its arguments the code
assumes C-contiguous (where the entry function says so)."""
"""Module attribute: entry point name -> the paths of the numpy scalars of its
result (where the entry function has some)."""


def signature_of(op: FuncOp | func.FuncOp | llvm.FuncOp) -> FunctionType:
    """What the caller of a function passes and gets back."""
    if isinstance(op, FuncOp):
        return FunctionType.from_lists([a.type for a in op.args], [op.result_type])
    if isinstance(op, func.FuncOp):
        return op.function_type
    ftype = op.function_type
    output = ftype.output
    outputs = [] if isinstance(output, llvm.LLVMVoidType) else [output]
    return FunctionType.from_lists(list(ftype.inputs.data), outputs)


def export(module: ModuleOp, entries: tuple[str, ...]) -> None:
    """Record the signatures of ``entries`` in ``myia.exports`` (added to those
    already recorded)."""
    found = {
        op.sym_name.data: op
        for op in module.ops
        if isinstance(op, FuncOp | func.FuncOp | llvm.FuncOp)
    }
    table = dict(exports_of(module))
    numpy_scalars = _table(module, EXPORTED_NUMPY_SCALARS)
    layouts = _table(module, EXPORTED_LAYOUTS)
    for name in entries:
        op = found.get(name)
        if op is None:
            raise LoweringError(f"the module has no function @{name}")
        table[name] = signature_of(op)
        paths = op.attributes.get(NUMPY_SCALARS)
        if isinstance(op, FuncOp) and isinstance(paths, ArrayAttr):
            numpy_scalars[name] = paths
        layout = op.attributes.get(CONTIGUOUS)
        if isinstance(op, FuncOp) and isinstance(layout, ArrayAttr):
            layouts[name] = layout
    module.attributes[EXPORTS] = DictionaryAttr(table)
    if numpy_scalars:
        module.attributes[EXPORTED_NUMPY_SCALARS] = DictionaryAttr(numpy_scalars)
    if layouts:
        module.attributes[EXPORTED_LAYOUTS] = DictionaryAttr(layouts)


def _table(module: ModuleOp, attribute: str) -> dict[str, Attribute]:
    table = module.attributes.get(attribute)
    return dict(table.data) if isinstance(table, DictionaryAttr) else {}


def exports_of(module: ModuleOp) -> dict[str, FunctionType]:
    """The entry points ``myia-export`` recorded, in order, with their signatures."""
    return {name: t for name, t in _table(module, EXPORTS).items() if isinstance(t, FunctionType)}


def numpy_scalars_of(module: ModuleOp, entry: str) -> list[str]:
    """The paths of the numpy scalars of ``entry``'s result that ``myia-export``
    recorded (see :func:`myia.dialects.abstract.numpy_scalar_paths`)."""
    paths = _table(module, EXPORTED_NUMPY_SCALARS).get(entry)
    if not isinstance(paths, ArrayAttr):
        return []
    return [p.data for p in paths.data if isinstance(p, StringAttr)]


def layout_of(module: ModuleOp, entry: str) -> tuple[bool, ...]:
    """Which arrays of ``entry``'s arguments its code assumes C-contiguous (in the
    order of their leaves), as ``myia-export`` recorded."""
    layout = _table(module, EXPORTED_LAYOUTS).get(entry)
    if not isinstance(layout, ArrayAttr):
        return ()
    return tuple(isinstance(m, IntegerAttr) and bool(m.value.data) for m in layout.data)


def rename_entries(module: ModuleOp, renamed: dict[str, str], tables: tuple[str, ...]) -> None:
    """Rename the entry points of the module attributes ``tables`` (dictionaries
    keyed by entry point, such as ``myia.exports``) as ``renamed`` says."""
    if not renamed:
        return
    for attribute in tables:
        table = module.attributes.get(attribute)
        if isinstance(table, DictionaryAttr):
            module.attributes[attribute] = DictionaryAttr(
                {renamed.get(name, name): value for name, value in table.data.items()}
            )


@dataclass(frozen=True)
class MyiaExport(ModulePass):
    """Record the signatures of the functions Python calls (myia.exports)."""

    name = "myia-export"

    entries: tuple[str, ...] = ()
    """The names of the entry points."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        export(op, self.entries)


__all__ = [
    "EXPORTED_LAYOUTS",
    "EXPORTED_NUMPY_SCALARS",
    "EXPORTS",
    "MyiaExport",
    "export",
    "exports_of",
    "layout_of",
    "numpy_scalars_of",
    "rename_entries",
    "signature_of",
]
