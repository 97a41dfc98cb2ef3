"""What the frontend knows about names: the Python functions being parsed, their
variables, and the nested functions it can call directly."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xdsl.ir import SSAValue

from myia.errors import MyiaSyntaxError, SourceLocation
from myia.frontend.analysis import _walk_scope, target_names

if TYPE_CHECKING:
    from myia.frontend.source import FunctionSource


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
    _parent_map: dict[ast.AST, ast.AST] | None = None

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
        self._check_loop_escape(node, [n for n in captured if n in self.locals])

    def _check_loop_escape(self, node: ast.AST, captured: list[str]) -> None:
        """Reject a closure built in a loop, capturing a variable the loop assigns,
        that is kept in a variable carried to a later iteration or past the loop:
        Python's closure would then see the later value of the variable. (Kept
        only within its iteration, the two agree.) What is checked is where the
        closure value goes syntactically: bound to a name directly, or through
        tuples, lists and ``+`` of them."""
        if self.node is None or not captured:
            return
        parents = self._parents()
        target, stmt = self._bound_name(node, parents)
        if target is None:
            return
        assignments = self._assignment_positions()
        loop = parents.get(node)
        while loop is not None and loop is not self.node:
            if isinstance(loop, ast.For | ast.While):
                changing = [
                    n for n in captured if any(_inside(p, loop) for p in assignments.get(n, []))
                ]
                if changing and self._carried(target, stmt, loop):
                    raise MyiaSyntaxError(
                        f"this closure captures '{changing[0]}', which the loop on line "
                        f"{loop.lineno + self.source.line_offset} assigns again, and it is kept "
                        f"in '{target}' beyond the iteration: myia closures capture values when "
                        f"they are created, while Python would read '{changing[0]}' when the "
                        "closure runs; pass it to the closure as an argument instead",
                        self.location(node),
                    )
            loop = parents.get(loop)

    def _bound_name(self, node: ast.AST, parents: dict) -> tuple[str | None, ast.AST | None]:
        """The variable a closure made at ``node`` is stored in, and the
        statement storing it (a nested ``def`` stores itself)."""
        if isinstance(node, ast.FunctionDef):
            return node.name, node
        child, parent = node, parents.get(node)
        while isinstance(
            parent, ast.Tuple | ast.List | ast.BinOp | ast.IfExp | ast.BoolOp | ast.Starred
        ):
            child, parent = parent, parents.get(parent)
        if isinstance(parent, ast.Assign) and child is parent.value:
            names = [t.id for t in parent.targets if isinstance(t, ast.Name)]
            return (names[0], parent) if names else (None, None)
        if isinstance(parent, ast.AugAssign | ast.AnnAssign) and isinstance(
            parent.target, ast.Name
        ):
            return parent.target.id, parent
        return None, None

    def _carried(self, name: str, stmt: ast.AST, loop: ast.For | ast.While) -> bool:
        """Whether the value stored in ``name`` by ``stmt`` (in ``loop``) may be
        read after the variables it captured changed: in a later iteration, or
        after the loop when it may come from an iteration before the last one
        (``stmt`` runs only on some iterations)."""
        at = (stmt.lineno, stmt.col_offset)
        every_iteration = stmt in loop.body and not any(
            isinstance(n, ast.Continue) for s in loop.body for n in _walk_loop_level(s)
        )
        for n in ast.walk(self.node):
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load):
                pos = (n.lineno, n.col_offset)
                stored_after = pos < at or (  # the right side runs before the store
                    not isinstance(stmt, ast.FunctionDef) and _inside(pos, stmt)
                )
                if _inside(pos, loop) and stored_after:
                    return True
                if pos > _end(loop) and not (every_iteration and isinstance(loop, ast.For)):
                    return True
        return False

    def _parents(self) -> dict[ast.AST, ast.AST]:
        if self._parent_map is None:
            self._parent_map = {}
            for n in ast.walk(self.node):
                for child in ast.iter_child_nodes(n):
                    self._parent_map[child] = n
        return self._parent_map

    def _assignment_positions(self) -> dict[str, list[tuple[int, int]]]:
        """Where each variable of this function is assigned (AST positions)."""
        if self._assignments is None:
            self._assignments = {}
            body = (
                []
                if self.node is None
                else (
                    self.node.body if isinstance(self.node, ast.FunctionDef) else [self.node.body]
                )
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


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", 0), getattr(node, "end_col_offset", 0))


def _inside(pos: tuple[int, int], node: ast.AST) -> bool:
    return (node.lineno, node.col_offset) <= pos <= _end(node)  # type: ignore[attr-defined]


def _walk_loop_level(node: ast.AST):
    """The nodes of a loop body's statement, not those of nested loops or
    functions (whose ``continue`` is theirs)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for child in ast.iter_child_nodes(n):
            if not isinstance(child, ast.For | ast.While | ast.FunctionDef | ast.Lambda):
                stack.append(child)


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
