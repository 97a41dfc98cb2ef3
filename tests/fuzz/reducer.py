"""Delta debugging on a program's AST: the smallest program that still fails
the same way.

:func:`reduce` tries candidate simplifications of the module one at a time and
keeps one when ``still_fails(source)`` says the candidate still has the
failure's signature (which backends disagree, and how). The simplifications,
each of which makes the program strictly smaller (fewer AST nodes, or simpler
constants, so that reduction ends):

* keep only the failing case in ``CASES``; delete module-level functions;
* delete a statement; replace ``if``/``for``/``while`` by their body, drop
  ``else`` blocks and ``elif`` branches;
* replace an expression by one of its subexpressions, or by a constant;
* shrink constants (ints toward 0, floats toward short decimals), arguments too;
* drop a parameter of ``main`` that the program no longer uses.
"""

from __future__ import annotations

import ast
import copy
import math
import time
import warnings
from collections.abc import Callable, Iterator

Transform = Callable[[ast.Module], bool]

#: What an expression may become (one of them usually has its type).
CONSTANTS: tuple[object, ...] = (0, 1.0, True, 1, 0.0)


def size(source: str) -> tuple[int, float]:
    """What reduction minimizes: AST nodes, then the complexity of constants."""
    tree = ast.parse(source)
    nodes = sum(1 for _ in ast.walk(tree))
    cost = sum(_constant_cost(n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant))
    return nodes, cost


def _constant_cost(value: object) -> float:
    if isinstance(value, bool) or value is None:
        return 0.0
    if isinstance(value, int):
        return math.log2(abs(value) + 1)
    if isinstance(value, float):
        if not math.isfinite(value):
            return 1.0
        return len(repr(abs(value))) + math.log2(abs(value) + 1)
    return 0.0


def only_case(source: str, case: int) -> str:
    """``source`` with ``CASES`` holding only case ``case``."""
    tree = ast.parse(source)
    for node in tree.body:
        if _assigns(node, "CASES") and isinstance(node.value, ast.List):
            node.value.elts = [node.value.elts[case]]
    return ast.unparse(tree) + "\n"


def _assigns(node: ast.stmt, name: str) -> bool:
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == name
    )


# ---------------------------------------------------------------------------
# Candidate edits, each addressed by the index of a node in ast.walk order


def _nodes(tree: ast.AST) -> list[ast.AST]:
    return list(ast.walk(tree))


def _parents(tree: ast.AST) -> dict[int, tuple[ast.AST, str, int | None]]:
    """id(child) -> (parent, field, index in the field's list or None)."""
    out: dict[int, tuple[ast.AST, str, int | None]] = {}
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        out[id(item)] = (parent, name, i)
            elif isinstance(value, ast.AST):
                out[id(value)] = (parent, name, None)
    return out


def _replace(tree: ast.AST, node: ast.AST, new: ast.AST | list[ast.stmt]) -> None:
    parent, name, index = _parents(tree)[id(node)]
    if index is None:
        setattr(parent, name, new)
        return
    items = getattr(parent, name)
    if isinstance(new, list):
        items[index : index + 1] = new
        if not items and name == "body":
            items.append(ast.Pass())
    else:
        items[index] = new


def _is_cases(node: ast.AST) -> bool:
    return isinstance(node, ast.stmt) and _assigns(node, "CASES")


def statement_edits(tree: ast.Module) -> Iterator[Callable[[ast.Module], None]]:
    """Delete statements, unwrap compound ones, drop else blocks."""
    for i, node in enumerate(_nodes(tree)):
        if not isinstance(node, ast.stmt) or _is_cases(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        yield lambda t, i=i: _delete(t, _nodes(t)[i])
        if isinstance(node, ast.If | ast.For | ast.While):
            yield lambda t, i=i: _replace(t, _nodes(t)[i], _nodes(t)[i].body)  # type: ignore[attr-defined]
            if node.orelse:
                yield lambda t, i=i: _replace(t, _nodes(t)[i], _nodes(t)[i].orelse)  # type: ignore[attr-defined]
                yield lambda t, i=i: setattr(_nodes(t)[i], "orelse", [])


def _delete(tree: ast.Module, node: ast.AST) -> None:
    parent, name, index = _parents(tree)[id(node)]
    items = getattr(parent, name)
    del items[index]
    if not items and name == "body":
        items.append(ast.Pass())


def expression_edits(tree: ast.Module) -> Iterator[Callable[[ast.Module], None]]:
    """Replace an expression by a subexpression, or by a constant."""
    for i, node in enumerate(_nodes(tree)):
        if not isinstance(node, ast.expr) or isinstance(node, ast.Constant):
            continue
        if _in_cases(tree, node) or _is_target(tree, node) or _is_callee(tree, node):
            continue
        if isinstance(node, ast.Name) and node.id in ("math", "np"):
            continue
        for j, child in enumerate(_subexpressions(node)):
            if isinstance(child, ast.expr):
                yield lambda t, i=i, j=j: _replace(
                    t, _nodes(t)[i], _subexpressions(_nodes(t)[i])[j]
                )
        for value in CONSTANTS:
            yield lambda t, i=i, value=value: _replace(t, _nodes(t)[i], ast.Constant(value))


def _subexpressions(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Lambda):
        return [node.body]
    if isinstance(node, ast.Call):
        return list(node.args)
    return [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]


def _in_cases(tree: ast.Module, node: ast.AST) -> bool:
    cases = [n for n in tree.body if _is_cases(n)]
    return any(node is n for c in cases for n in ast.walk(c))


def _is_target(tree: ast.Module, node: ast.AST) -> bool:
    return isinstance(node, ast.Name | ast.Tuple | ast.Subscript) and isinstance(
        getattr(node, "ctx", None), ast.Store
    )


def _is_callee(tree: ast.Module, node: ast.AST) -> bool:
    parent, name, _ = _parents(tree).get(id(node), (None, "", None))
    return isinstance(parent, ast.Call) and name == "func"


def constant_edits(tree: ast.Module) -> Iterator[Callable[[ast.Module], None]]:
    """Shrink constants, in the program and in its arguments."""
    for i, node in enumerate(_nodes(tree)):
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool | str):
            continue
        for value in _smaller(node.value):
            yield lambda t, i=i, value=value: setattr(_nodes(t)[i], "value", value)


def _smaller(value: object) -> list[object]:
    out: list[object] = []
    if isinstance(value, int):
        out = [0, 1, 2, value // 2, value - 1 if value > 0 else value + 1]
    elif isinstance(value, float) and math.isfinite(value):
        out = [0.0, 1.0, 0.5, float(round(value)), round(value, 1), round(value, 3), value / 2]
    seen: list[object] = []
    for v in out:
        if v not in seen and v != value and _constant_cost(v) < _constant_cost(value):
            seen.append(v)
    return seen


def parameter_edits(tree: ast.Module) -> Iterator[Callable[[ast.Module], None]]:
    """Drop a parameter of ``main`` (and ``loss``) with its argument."""
    main = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main"), None)
    if main is None:
        return
    for k in range(len(main.args.args)):
        yield lambda t, k=k: _drop_parameter(t, k)


def _drop_parameter(tree: ast.Module, k: int) -> None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in ("main", "loss"):
            del node.args.args[k]
        if _is_cases(node):
            for case in node.value.elts:  # type: ignore[attr-defined]
                del case.elts[k]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "main"
            and len(node.args) > k
        ):
            del node.args[k]


def function_edits(tree: ast.Module) -> Iterator[Callable[[ast.Module], None]]:
    """Delete module-level functions (helpers)."""
    for i, node in enumerate(tree.body):
        if isinstance(node, ast.FunctionDef) and node.name not in ("main", "loss"):
            yield lambda t, i=i: t.body.pop(i)


PASSES = (function_edits, parameter_edits, statement_edits, expression_edits, constant_edits)


# ---------------------------------------------------------------------------
# The loop


def reduce(
    source: str,
    still_fails: Callable[[str], bool],
    *,
    budget: float = 120.0,
    log: Callable[[str], None] | None = None,
) -> str:
    """The smallest program found within ``budget`` seconds for which
    ``still_fails`` holds (``source`` itself satisfies it)."""
    deadline = time.monotonic() + budget
    current = _normalize(source)
    tries = 0
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        for make_edits in PASSES:
            i = 0
            while time.monotonic() < deadline:
                edits = list(make_edits(ast.parse(current)))
                if i >= len(edits):
                    break
                candidate = _apply(current, edits[i])
                tries += 1
                if (
                    candidate is not None
                    and size(candidate) < size(current)
                    and still_fails(candidate)
                ):
                    current = candidate
                    progress = True
                    if log:
                        log(f"reduced to {size(current)[0]} nodes ({tries} tries)")
                else:
                    i += 1
    return current


def _apply(source: str, edit: Callable[[ast.Module], None]) -> str | None:
    tree = copy.deepcopy(ast.parse(source))
    try:
        edit(tree)
        ast.fix_missing_locations(tree)
        result = ast.unparse(tree) + "\n"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(result, "<candidate>", "exec")
    except (SyntaxError, ValueError, TypeError, IndexError, AttributeError):
        return None
    return result


def _normalize(source: str) -> str:
    return ast.unparse(ast.parse(source)) + "\n"
