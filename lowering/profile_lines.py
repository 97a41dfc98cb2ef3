"""``myia-profile-lines``: where native code is, for the sampling profiler
(``myia.profile``).

On the loops stage (``func``/``cf``/``scf`` with the user's locations), before
the first op of each run of ops of one source line, the pass stores the
number of that line's *site* to the global ``@myia_profile_site``: one store
where the line changes (straight-line code of one line costs one store, a
loop of the user's, two lines long, two per iteration). The loops of array
operations (``scf.for``) count as one op of their line: no store goes inside
them, which would keep LLVM from vectorizing them. A native thread of the
profiler reads the global while the code runs (runtime/profiler.py). The sites (``file:line``
and the function) are in the module's ``myia.profile_sites``.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, llvm
from xdsl.dialects.builtin import ArrayAttr, IntegerAttr, ModuleOp, StringAttr, i32
from xdsl.ir import Block, Operation
from xdsl.passes import ModulePass

from myia.errors import SourceLocation
from myia.lowering.llvm.common import declare_global

PROFILE_SITE = "myia_profile_site"
"""The global holding the site the code is at (0: none): the profiler's
(runtime/profiler.py), which the module declares."""
PROFILE_SITES = "myia.profile_sites"
"""Module attribute: ``"file:line:function"`` of site 1, 2, ..."""


def profile_sites_of(module: ModuleOp) -> list[str]:
    sites = module.attributes.get(PROFILE_SITES)
    return [s.data for s in sites.data] if isinstance(sites, ArrayAttr) else []


class _Sites:
    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        return self.numbers.setdefault(key, len(self.numbers) + 1)


def _function_name(func: Operation) -> str:
    name = func.properties.get("sym_name") or func.attributes.get("sym_name")
    return name.data if isinstance(name, StringAttr) else "?"


def _mark_block(block: Block, function: str, sites: _Sites) -> None:
    current: tuple[str, int] | None = None
    for op in list(block.ops):
        # An op with regions (an scf.for of a kernel) is marked as one: a store
        # in its body would keep LLVM from vectorizing it.
        loc = SourceLocation.from_attr(op.location)
        if loc is None or loc.line <= 0:
            continue
        here = (loc.filename, loc.line)
        if here == current:
            continue
        current = here
        site = sites.number(f"{loc.filename}:{loc.line}:{function}")
        address = llvm.AddressOfOp(PROFILE_SITE, llvm.LLVMPointerType())
        number = arith.ConstantOp(IntegerAttr(site, i32))
        store = llvm.StoreOp(number, address, alignment=4, ordering=2)  # monotonic: kept in place
        for new in (address, number, store):
            new.location = op.location
        block.insert_ops_before([address, number, store], op)


def profile_lines(module: ModuleOp) -> None:
    """Insert the stores of the sites (see the module's docstring)."""
    sites = _Sites()
    for func in list(module.ops):
        if func.regions and func.regions[0].blocks:
            for block in func.regions[0].blocks:
                _mark_block(block, _function_name(func), sites)
    declare_global(module, PROFILE_SITE, i32)
    module.attributes[PROFILE_SITES] = ArrayAttr([StringAttr(k) for k in sites.numbers])


@dataclass(frozen=True)
class ProfileLines(ModulePass):
    """Store the source line native code is at in @myia_profile_site (loops stage)."""

    name = "myia-profile-lines"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        profile_lines(op)
