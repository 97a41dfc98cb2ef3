"""Variable analysis on Python ASTs: which names a piece of code binds, which it
reads, and which are live where.

The frontend cuts a function into smaller functions at every branch and loop; these
analyses decide what each piece receives (the variables live into it) and returns
(the variables it assigns that are live after it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence


def target_names(target: ast.AST) -> set[str]:
    """Names bound by an assignment target (``a``, ``a, (b, c)``)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple | ast.List):
        names: set[str] = set()
        for elt in target.elts:
            names |= target_names(elt)
        return names
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return set()


def assigned_names(stmts: Iterable[ast.stmt]) -> set[str]:
    """Names a statement list binds, not counting those bound inside nested functions."""
    names: set[str] = set()
    for stmt in stmts:
        for node in _walk_scope(stmt):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    names |= target_names(t)
            elif isinstance(node, ast.AugAssign | ast.AnnAssign | ast.For):
                names |= target_names(node.target)
            elif isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.NamedExpr):
                names |= target_names(node.target)
    return names


def _walk_scope(node: ast.AST) -> Iterable[ast.AST]:
    """Walk a node without descending into nested function bodies (a ``def`` at
    the root is yielded, with its decorators and defaults, but not its body)."""
    if isinstance(node, ast.FunctionDef | ast.Lambda | ast.AsyncFunctionDef):
        yield node
        stack: list[ast.AST] = list(node.args.defaults)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack += node.decorator_list
    else:
        stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for child in ast.iter_child_nodes(n):
            if isinstance(child, ast.FunctionDef | ast.Lambda | ast.AsyncFunctionDef):
                yield child  # the def itself binds its name; its body is another scope
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    stack.extend(child.decorator_list)
                stack.extend(child.args.defaults)
                continue
            stack.append(child)


def function_locals(fn: ast.FunctionDef | ast.Lambda) -> set[str]:
    params = {a.arg for a in fn.args.args + fn.args.kwonlyargs + fn.args.posonlyargs}
    if fn.args.vararg:
        params.add(fn.args.vararg.arg)
    if fn.args.kwarg:
        params.add(fn.args.kwarg.arg)
    if isinstance(fn, ast.Lambda):
        return params
    return params | assigned_names(fn.body)


def free_names(fn: ast.FunctionDef | ast.Lambda) -> set[str]:
    """Names a nested function reads from its enclosing scopes (or globals)."""
    body: Sequence[ast.AST] = [fn.body] if isinstance(fn, ast.Lambda) else fn.body
    reads: set[str] = set()
    for node in body:
        reads |= read_names(node)
    return reads - function_locals(fn)


def read_names(node: ast.AST) -> set[str]:
    """Names an expression or statement reads, including the free names of the
    functions it defines (they read them when called)."""
    names: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            names.add(n.id)
        elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):
            names.add(n.target.id)
        if isinstance(n, ast.FunctionDef | ast.Lambda):
            names |= free_names(n)
            stack.extend(n.args.defaults)
            if isinstance(n, ast.FunctionDef):
                stack.extend(n.decorator_list)
            continue
        stack.extend(ast.iter_child_nodes(n))
    return names


class _Liveness:
    """Backward liveness over structured statements.

    ``break_live`` and ``continue_live`` are the live sets at the targets of
    ``break`` (after the loop) and ``continue`` (the loop header).
    """

    def __init__(self) -> None:
        self.break_live: set[str] = set()
        self.continue_live: set[str] = set()

    def block(self, stmts: Sequence[ast.stmt], live: set[str]) -> set[str]:
        for stmt in reversed(stmts):
            live = self.stmt(stmt, live)
        return live

    def stmt(self, s: ast.stmt, live: set[str]) -> set[str]:
        if isinstance(s, ast.Return):
            return read_names(s.value) if s.value is not None else set()
        if isinstance(s, ast.Break):
            return set(self.break_live)
        if isinstance(s, ast.Continue):
            return set(self.continue_live)
        if isinstance(s, ast.Assign):
            defs: set[str] = set()
            for t in s.targets:
                defs |= target_names(t)
            uses = read_names(s.value)
            for t in s.targets:
                if not isinstance(t, ast.Name | ast.Tuple | ast.List):
                    uses |= read_names(t)
            return (live - defs) | uses
        if isinstance(s, ast.AnnAssign):
            if s.value is None:
                return live
            return (live - target_names(s.target)) | read_names(s.value)
        if isinstance(s, ast.AugAssign):
            return live | read_names(s)
        if isinstance(s, ast.FunctionDef):
            return (live - {s.name}) | read_names(s)
        if isinstance(s, ast.If):
            then_live = self.block(s.body, live)
            else_live = self.block(s.orelse, live)
            return read_names(s.test) | then_live | else_live
        if isinstance(s, ast.While):
            return self.loop(s, live, read_names(s.test), set())
        if isinstance(s, ast.For):
            header = self.loop(s, live, set(), target_names(s.target))
            return header | read_names(s.iter)
        return live | read_names(s)

    def loop(
        self, s: ast.While | ast.For, live_after: set[str], test_reads: set[str], target: set[str]
    ) -> set[str]:
        saved = (self.break_live, self.continue_live)
        after_normal = self.block(s.orelse, live_after)
        header = set(test_reads) | after_normal
        while True:
            self.break_live, self.continue_live = live_after, header
            body_live = self.block(s.body, header) - target
            new_header = header | body_live | test_reads
            if new_header == header:
                break
            header = new_header
        self.break_live, self.continue_live = saved
        return header


def live_in(
    stmts: Sequence[ast.stmt],
    live_out: set[str],
    break_live: set[str] = frozenset(),  # type: ignore[assignment]
    continue_live: set[str] = frozenset(),  # type: ignore[assignment]
) -> set[str]:
    """The names read before being bound when ``stmts`` run, given what is live
    after them and at the targets of the ``break`` and ``continue`` they contain."""
    lv = _Liveness()
    lv.break_live, lv.continue_live = set(break_live), set(continue_live)
    return lv.block(stmts, set(live_out))


def loop_header_live(
    loop: ast.While | ast.For,
    live_after: set[str],
    break_live: set[str] = frozenset(),  # type: ignore[assignment]
    continue_live: set[str] = frozenset(),  # type: ignore[assignment]
) -> set[str]:
    """The names live at the top of each iteration of ``loop``, given what is
    live at the targets of a ``break`` or ``continue`` in its ``else`` block
    (which leave to an enclosing loop)."""
    lv = _Liveness()
    lv.break_live, lv.continue_live = set(break_live), set(continue_live)
    test = read_names(loop.test) if isinstance(loop, ast.While) else set()
    target = target_names(loop.target) if isinstance(loop, ast.For) else set()
    return lv.loop(loop, live_after, test, target)


def has_return(stmts: Iterable[ast.stmt]) -> bool:
    """Whether a ``return`` occurs in ``stmts`` (outside nested functions)."""
    return any(isinstance(n, ast.Return) for s in stmts for n in _walk_scope(s))


def has_loop_jump(stmts: Iterable[ast.stmt]) -> bool:
    """Whether a ``break`` or ``continue`` in ``stmts`` leaves them (targets an
    enclosing loop)."""

    def visit(stmt: ast.stmt) -> bool:
        if isinstance(stmt, ast.Break | ast.Continue):
            return True
        if isinstance(stmt, ast.If):
            return any(visit(s) for s in stmt.body + stmt.orelse)
        if isinstance(stmt, ast.While | ast.For):
            return any(visit(s) for s in stmt.orelse)
        return False

    return any(visit(s) for s in stmts)
