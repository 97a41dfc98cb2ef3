"""What the frontend knows about names: the Python functions being parsed, their
variables, and the nested functions it can call directly."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from myia.frontend.source import FunctionSource
from xdsl.ir import SSAValue

from myia.errors import MyiaSyntaxError, SourceLocation


@dataclass
class StaticFunction:
    """A nested ``def``: calls to it are direct; its captures are looked up by name
    wherever it is referenced."""

    symbol: str
    node: ast.FunctionDef
    captures: list[str]
    scope: PyScope | None = None



Binding = SSAValue | StaticFunction


@dataclass
class PyScope:
    """One Python function being parsed: its locals and where its globals live."""

    source: FunctionSource
    globals: dict[str, Any]
    cells: dict[str, Any]
    locals: set[str]
    order: dict[str, int]
    parent: PyScope | None
    symbol: str
    pyname: str
    nparams: int = 0
    statics: dict[str, StaticFunction] = field(default_factory=dict)

    def is_local(self, name: str) -> bool:
        """Whether ``name`` is a variable of this function or of an enclosing one."""
        scope: PyScope | None = self
        while scope is not None:
            if name in scope.locals:
                return True
            scope = scope.parent
        return False

    def static(self, name: str) -> StaticFunction | None:
        scope: PyScope | None = self
        while scope is not None:
            if name in scope.locals:
                return scope.statics.get(name)
            scope = scope.parent
        return None

    def location(self, node: ast.AST) -> SourceLocation:
        return self.source.location(node)



def _order_key(scope: PyScope, name: str) -> tuple[int, str]:
    if name.startswith("."):
        return (-1, name)
    s: PyScope | None = scope
    depth = 0
    while s is not None:
        if name in s.order:
            return (s.order[name] - depth * 10000, name)
        s = s.parent
        depth += 1
    return (10**9, name)


def _arg_name(name: str) -> str:
    if name.startswith(".it"):
        return "it"
    return name.lstrip(".") or "v"


def check_signature(node: ast.FunctionDef | ast.Lambda, source: FunctionSource) -> None:
    a = node.args
    if a.vararg is not None:
        raise MyiaSyntaxError("functions with *args are not supported", source.location(a.vararg))
    if a.kwarg is not None:
        raise MyiaSyntaxError("functions with **kwargs are not supported", source.location(a.kwarg))
