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
    function: Any = None
    """The Python function object, for module-level functions (their defaults)."""
    node: ast.FunctionDef | ast.Lambda | None = None
    _assignments: dict[str, list[tuple[int, int]]] | None = None

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

    def check_capture(self, node: ast.AST, captured: list[str]) -> None:
        """Reject a closure built at ``node`` whose captured variable is assigned
        again further down the function. myia closures capture values when they are
        built, while Python reads the variable when the closure runs: the two agree
        unless the variable changes in between. (A closure built in a loop sees the
        values of the iteration that built it, as if written ``lambda i=i: ...``.)"""
        assignments = self._assignment_positions()
        end = (getattr(node, "end_lineno", 0), getattr(node, "end_col_offset", 0))
        for name in captured:
            if name not in self.locals:
                continue
            later = [p for p in assignments.get(name, []) if p > end]
            if later:
                raise MyiaSyntaxError(
                    f"this closure captures '{name}', which is assigned again on line "
                    f"{later[0][0] + self.source.line_offset}: myia closures capture values "
                    f"when they are created, while Python would read '{name}' when the "
                    "closure runs; give the new value another name",
                    self.location(node),
                )

    def _assignment_positions(self) -> dict[str, list[tuple[int, int]]]:
        """Where each variable of this function is assigned (AST positions)."""
        if self._assignments is None:
            from myia.frontend.analysis import _walk_scope, target_names

            self._assignments = {}
            body = [] if self.node is None else (
                self.node.body if isinstance(self.node, ast.FunctionDef) else [self.node.body]
            )
            for stmt in body:
                for n in _walk_scope(stmt):
                    targets: list[ast.AST] = []
                    if isinstance(n, ast.Assign):
                        targets = list(n.targets)
                    elif isinstance(n, ast.AugAssign | ast.AnnAssign | ast.For):
                        targets = [n.target]
                    for t in targets:
                        for name in target_names(t):
                            self._assignments.setdefault(name, []).append(
                                (t.lineno, t.col_offset)  # type: ignore[attr-defined]
                            )
        return self._assignments


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
