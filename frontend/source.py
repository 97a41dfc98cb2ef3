"""Finding a Python function's source and mapping its AST back to file positions."""

from __future__ import annotations

import ast
import inspect
import linecache
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from myia.errors import MyiaSyntaxError, SourceLocation
from myia.frontend.list_syntax import rewrite_list_methods


@dataclass
class FunctionSource:
    """The AST of one Python function, with what it takes to locate its nodes."""

    node: ast.FunctionDef | ast.Lambda
    filename: str
    line_offset: int  # add to an AST line number to get the file's line number
    col_offset: int  # add to an AST column (the source was dedented)

    def location(self, node: ast.AST) -> SourceLocation:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        return SourceLocation(self.filename, line + self.line_offset, col + self.col_offset)


def function_source(fn: Any) -> FunctionSource:
    """Parse the source of ``fn`` (a ``def`` or a ``lambda``)."""
    code = fn.__code__
    filename = code.co_filename
    try:
        lines, first_line = inspect.getsourcelines(fn)
    except (OSError, TypeError) as exc:
        raise MyiaSyntaxError(
            f"cannot find the source code of {fn.__qualname__}: myia compiles Python "
            "functions defined in files (not in an interactive prompt or exec)"
        ) from exc
    if filename not in linecache.cache and not filename.startswith("<"):
        linecache.checkcache(filename)
    raw = "".join(lines)
    dedented = textwrap.dedent(raw)
    indent = _indent_removed(raw, dedented)
    first_line = max(first_line, 1)
    try:
        tree = ast.parse(dedented)
    except SyntaxError:
        # A lambda in the middle of an expression: parse from the lambda keyword on.
        tree = _parse_lambda_fragment(dedented)
    node = _find_function_node(tree, fn, first_line - 1, indent)
    if node is None:
        for candidate in ast.walk(tree):
            if isinstance(candidate, ast.AsyncFunctionDef) and candidate.name == fn.__name__:
                where = FunctionSource(candidate, filename, first_line - 1, indent)  # type: ignore[arg-type]
                raise MyiaSyntaxError(
                    "async functions are not supported", where.location(candidate)
                )
        raise MyiaSyntaxError(f"cannot find the definition of {fn.__qualname__} in its source")
    source = FunctionSource(node, filename, first_line - 1, indent)

    rewrite_list_methods(source)  # xs.append(x) -> xs = xs + [x]
    return source


def _indent_removed(raw: str, dedented: str) -> int:
    for raw_line, ded_line in zip(raw.splitlines(), dedented.splitlines()):
        if ded_line.strip():
            return len(raw_line) - len(ded_line)
    return 0


def _parse_lambda_fragment(text: str) -> ast.AST:
    """The lambdas of a source fragment that is not a statement (a lambda in the
    middle of an expression: ``{"add": lambda x, y: x + y, "mod": lambda ...}``).

    Each ``lambda`` keyword starts the longest expression that parses from it;
    all of them are returned, at their positions in ``text``, so that the
    caller picks the one the code object belongs to (a fragment parsed from the
    first lambda alone would hold only that one)."""
    lines = text.splitlines(keepends=True)
    found = ast.Module(body=[], type_ignores=[])
    for line_index, line in enumerate(lines):
        for match in re.finditer(r"\blambda\b", line):
            tree = _parse_expression_from(text, line_index, match.start(), lines)
            if tree is not None:
                found.body.append(ast.Expr(tree))
    if not found.body:
        raise MyiaSyntaxError("cannot parse the source of a lambda")
    return found


def _parse_expression_from(
    text: str, line_index: int, col: int, lines: list[str]
) -> ast.expr | None:
    """The longest expression of ``text`` starting at ``(line_index, col)``,
    with the positions it has in ``text``."""
    start = sum(len(line) for line in lines[:line_index]) + col
    fragment = text[start:]
    for end in range(len(fragment), 0, -1):
        try:
            tree = ast.parse("(" + fragment[:end] + ")", mode="eval")
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) is not None:
                if node.lineno == 1:  # type: ignore[attr-defined]
                    node.col_offset += col - 1  # type: ignore[attr-defined]
                node.lineno += line_index  # type: ignore[attr-defined]
            if getattr(node, "end_lineno", None) is not None:
                if node.end_lineno == 1:  # type: ignore[attr-defined]
                    node.end_col_offset += col - 1  # type: ignore[attr-defined]
                node.end_lineno += line_index  # type: ignore[attr-defined]
        return tree.body
    return None


def _find_function_node(
    tree: ast.AST, fn: Any, line_offset: int, col_offset: int
) -> ast.FunctionDef | ast.Lambda | None:
    code = fn.__code__
    is_lambda = fn.__name__ == "<lambda>"
    candidates: list[ast.FunctionDef | ast.Lambda] = []
    for node in ast.walk(tree):
        if (is_lambda and isinstance(node, ast.Lambda)) or (
            not is_lambda and isinstance(node, ast.FunctionDef) and node.name == fn.__name__
        ):
            candidates.append(node)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    if is_lambda:
        # Several lambdas (on one line): the one whose body holds the code's
        # instructions (their file positions).
        positions = [
            (line, col)
            for line, _, col, end in code.co_positions()
            if line is not None and col is not None and end  # skip the bare (line, 0, 0)
        ]

        def holds(node: ast.Lambda) -> bool:
            body = node.body
            start = (body.lineno + line_offset, body.col_offset + col_offset)
            stop = (body.end_lineno + line_offset, body.end_col_offset + col_offset)  # type: ignore[operator]
            return bool(positions) and all(start <= p <= stop for p in positions)

        holding = [n for n in candidates if holds(n)]  # type: ignore[arg-type]
        if holding:
            return max(holding, key=lambda n: (n.lineno, n.col_offset))  # the innermost
    params = list(code.co_varnames[: code.co_argcount])
    same_params = [n for n in candidates if [a.arg for a in n.args.args] == params]
    if same_params:
        candidates = same_params
    # The outermost candidate is the function itself (getsource starts at it).
    return min(candidates, key=lambda n: (n.lineno, n.col_offset))
