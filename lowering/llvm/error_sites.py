"""``myia-error-sites``: which ``myia_raise`` of compiled code failed, and where.

Each ``myia_raise(code)`` call of the module (llvm dialect) that has a source
location or a message of its own (``myia.error_message``) gets an index in the
module's error-site table, and raises ``code | index << ERROR_SITE_SHIFT``
instead; calls of the same code, location and message share an index. The
native call returns that value, and the runtime finds the site (1-based) in the
table, which the pass leaves on the module::

    builtin.module attributes {myia.error_sites = [
        {code = 1 : i32, loc = loc("prog.py":4:11), message = "float floor division by zero"}]}

so that native errors carry the user's ``file:line`` and Python's message, as
the interpreter's do. It runs last, after every pass that may add a raise.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, IntegerAttr, ModuleOp, StringAttr, i32
from xdsl.ir import Attribute
from xdsl.passes import ModulePass

from myia.errors import SourceLocation

from .runtime_decls import ERROR_MESSAGE_ATTR, ERROR_SITE_SHIFT, MYIA_RAISE

ERROR_SITES = "myia.error_sites"
"""Module attribute: the error-site table, one dictionary per site (``code``,
``loc``, and ``message`` when the site has its own)."""

MAX_SITES = (1 << (31 - ERROR_SITE_SHIFT)) - 1
"""Sites past this many (never in practice) keep their plain codes."""


def site_entry(code: int, location: Attribute, message: str | None) -> DictionaryAttr:
    entry: dict[str, Attribute] = {"code": IntegerAttr(code, i32), "loc": location}
    if message is not None:
        entry["message"] = StringAttr(message)
    return DictionaryAttr(entry)


def site_fields(entry: Attribute) -> tuple[int, SourceLocation | None, str | None]:
    """``(code, source location, message)`` of an entry of the table."""
    assert isinstance(entry, DictionaryAttr)
    code = entry.data["code"]
    message = entry.data.get("message")
    assert isinstance(code, IntegerAttr)
    return (
        code.value.data,
        SourceLocation.from_attr(entry.data.get("loc")),
        message.data if isinstance(message, StringAttr) else None,
    )


def error_sites_of(module: ModuleOp) -> list[tuple[int, SourceLocation | None, str | None]]:
    """The module's error-site table, in index order (index 1 first)."""
    table = module.attributes.get(ERROR_SITES)
    if not isinstance(table, ArrayAttr):
        return []
    return [site_fields(entry) for entry in table.data]


def number_error_sites(module: ModuleOp) -> None:
    """Number the error sites of ``module`` (see the module docstring), after
    those an earlier run numbered."""
    table = module.attributes.get(ERROR_SITES)
    entries: list[Attribute] = list(table.data) if isinstance(table, ArrayAttr) else []
    index = {site: n for n, site in enumerate(map(site_fields, entries), 1)}
    for op in module.walk():
        if not (
            isinstance(op, llvm.CallOp)
            and op.callee is not None
            and op.callee.string_value() == MYIA_RAISE
            and len(op.args) == 1
        ):
            continue
        const = op.args[0].owner
        if not isinstance(const, llvm.ConstantOp) or not isinstance(const.value, IntegerAttr):
            continue
        code = const.value.value.data
        message = op.attributes.get(ERROR_MESSAGE_ATTR)
        text = message.data if isinstance(message, StringAttr) else None
        site = (code, SourceLocation.from_attr(op.location), text)
        if (site[1] is None and text is None) or code >> ERROR_SITE_SHIFT:
            continue
        number = index.get(site)
        if number is None:
            if len(entries) >= MAX_SITES:
                break
            entries.append(site_entry(code, op.location, text))
            number = index[site] = len(entries)
        located = llvm.ConstantOp(IntegerAttr(code | number << ERROR_SITE_SHIFT, i32), i32)
        parent = op.parent_block()
        assert parent is not None
        parent.insert_op_before(located, op)
        op.operands[0] = located.result
    if entries:
        module.attributes[ERROR_SITES] = ArrayAttr(entries)


@dataclass(frozen=True)
class NumberErrorSites(ModulePass):
    """Give each located myia_raise an index in the module's error-site table
    (myia.error_sites)."""

    name = "myia-error-sites"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        number_error_sites(op)


__all__ = [
    "ERROR_SITES",
    "NumberErrorSites",
    "error_sites_of",
    "number_error_sites",
    "site_entry",
]
