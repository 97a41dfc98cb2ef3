"""Lists in the Python frontend: list literals, comprehensions, and
``xs.append(x)`` on a list the function built itself.

myia lists are values. ``xs.append(x)`` and ``xs.extend(ys)`` are rewritten, on
the function's AST before any analysis, as ``xs = xs + [x]`` and ``xs = xs +
ys``: a new list bound to the same name (amortized O(1) in native code). That is
what Python does only when nobody else sees the list, so the rewrite is allowed
only on a variable that the function itself binds, always to a new list (a list
literal, a comprehension, a concatenation, a slice), and never copies into
another name; anything else (a parameter, a variable of an enclosing function)
is a :class:`MyiaSyntaxError`.

A comprehension ``[elt for x in xs if c]`` becomes a nested function called
where the comprehension is (Python 3 gives comprehensions a scope of their own
too)::

    def <listcomp>():
        .acc = []
        for x in xs:
            if c:
                .acc = .acc + [elt]
        return .acc
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from myia.dialects import CallOp
from myia.errors import MyiaSyntaxError
from myia.frontend import analysis
from myia.frontend.scope import StaticFunction

if TYPE_CHECKING:
    from xdsl.ir import SSAValue

    from myia.frontend.builder import FunctionBuilder
    from myia.frontend.source import FunctionSource

MUTATING_METHODS = ("append", "extend")
ACC = ".acc"


# ---------------------------------------------------------------------------
# xs.append(x) -> xs = xs + [x]


def rewrite_list_methods(source: FunctionSource) -> None:
    """Rewrite ``xs.append(x)`` / ``xs.extend(ys)`` statements in every function
    of ``source`` (in place), or raise a :class:`MyiaSyntaxError` where Python
    would change a list that someone else sees."""
    for node in ast.walk(source.node):
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            _rewrite_function(node, source)


def _mutation(stmt: ast.stmt) -> tuple[str, str, ast.Call] | None:
    """``(variable, method, call)`` for a statement ``name.append(...)``."""
    if not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
        return None
    call = stmt.value
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in MUTATING_METHODS
        and isinstance(func.value, ast.Name)
    ):
        return func.value.id, func.attr, call
    return None


def _is_fresh(value: ast.expr) -> bool:
    """Whether an expression makes a new list (or a value that is not a list)
    rather than reading one that exists."""
    if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Slice):
        return True  # a slice is a copy
    return not isinstance(value, ast.Name | ast.Attribute | ast.Subscript | ast.Call | ast.IfExp)


def _rewrite_function(fn: ast.FunctionDef | ast.Lambda, source: FunctionSource) -> None:
    if isinstance(fn, ast.Lambda):
        return  # no statements
    params = {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
    local_names = analysis.function_locals(fn)
    mutations: list[tuple[list[ast.stmt], int, str, str, ast.Call]] = []
    bindings: dict[str, list[ast.expr | None]] = {}
    aliases: dict[str, ast.AST] = {}
    for stmt in fn.body:
        for node in analysis._walk_scope(stmt):
            if isinstance(node, ast.FunctionDef | ast.Lambda):
                continue  # another scope (rewritten on its own)
            for field in ("body", "orelse"):
                stmts = getattr(node, field, None)
                if isinstance(stmts, list):
                    for i, s in enumerate(stmts):
                        found = _mutation(s) if isinstance(s, ast.stmt) else None
                        if found is not None:
                            mutations.append((stmts, i, *found))
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        bindings.setdefault(t.id, []).append(node.value)
                        if isinstance(node.value, ast.Name):
                            aliases[node.value.id] = node
                    else:
                        for name in analysis.target_names(t):
                            bindings.setdefault(name, []).append(None)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                bindings.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.AugAssign):
                for name in analysis.target_names(node.target):
                    bindings.setdefault(name, []).append(
                        None if not isinstance(node.op, ast.Add) else node
                    )  # type: ignore[arg-type]
            elif isinstance(node, ast.For):
                for name in analysis.target_names(node.target):
                    bindings.setdefault(name, []).append(None)
    top = [(fn.body, i, *found) for i, s in enumerate(fn.body) if (found := _mutation(s))]
    for stmts, i, name, method, call in top + mutations:
        loc = source.location(call)
        what = f"{name}.{method}(...)"
        if name in params:
            raise MyiaSyntaxError(
                f"{what} would change the list the caller passed as '{name}': myia values "
                f"are immutable; make a new list instead (`{name} = {name} + [x]` binds "
                "the name to it, and the caller's list stays as it was)",
                loc,
            )
        if name not in local_names:
            raise MyiaSyntaxError(
                f"{what} would change a list of an enclosing function (or a global): myia "
                "values are immutable; return a new list instead",
                loc,
            )
        if len(call.args) != 1 or call.keywords:
            raise MyiaSyntaxError(f"list.{method}() takes exactly one argument", loc)
        if not all(v is not None and _is_fresh(v) for v in bindings.get(name, [])):
            raise MyiaSyntaxError(
                f"{what}: myia appends only to a list that this function builds itself "
                f"(assigned from a list literal, a comprehension or a concatenation); "
                f"'{name}' may be a list that something else also holds",
                loc,
            )
        if name in aliases:
            other = aliases[name]
            raise MyiaSyntaxError(
                f"{what}: '{name}' is also bound to another name (line "
                f"{source.location(other).line}), which would see the change in Python but "
                "not in myia (its values are immutable)",
                loc,
            )
        (arg,) = call.args
        added: ast.expr = arg if method == "extend" else ast.List(elts=[arg], ctx=ast.Load())
        value = ast.BinOp(left=ast.Name(id=name, ctx=ast.Load()), op=ast.Add(), right=added)
        new = ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value)
        for n in (added, value, value.left, new, new.targets[0]):
            ast.copy_location(n, call)
        ast.fix_missing_locations(new)
        stmts[i] = new


# ---------------------------------------------------------------------------
# Comprehensions


def list_comprehension(fe: Any, b: FunctionBuilder, node: ast.ListComp) -> SSAValue:
    """A comprehension: a nested function (its loop) called at once."""
    for gen in node.generators:
        if gen.is_async:
            raise MyiaSyntaxError("async comprehensions are not supported", b.scope.location(gen))

    def located(n: ast.AST) -> Any:
        ast.copy_location(n, node)
        return n

    acc_load = lambda: located(ast.Name(id=ACC, ctx=ast.Load()))
    acc_store = lambda: located(ast.Name(id=ACC, ctx=ast.Store()))
    append = located(
        ast.Assign(
            targets=[acc_store()],
            value=located(
                ast.BinOp(
                    left=acc_load(),
                    op=ast.Add(),
                    right=located(ast.List(elts=[node.elt], ctx=ast.Load())),
                )
            ),
        )
    )
    inner: ast.stmt = append
    for gen in reversed(node.generators):
        for cond in reversed(gen.ifs):
            inner = located(ast.If(test=cond, body=[inner], orelse=[]))
        inner = located(ast.For(target=gen.target, iter=gen.iter, body=[inner], orelse=[]))
        ast.copy_location(inner, gen)
    init = located(
        ast.Assign(targets=[acc_store()], value=located(ast.List(elts=[], ctx=ast.Load())))
    )
    ret = located(ast.Return(value=acc_load()))
    fdef = located(
        ast.FunctionDef(
            name="<listcomp>",
            args=ast.arguments(
                posonlyargs=[],
                args=[],
                vararg=None,
                kwonlyargs=[],
                kw_defaults=[],
                kwarg=None,
                defaults=[],
            ),
            body=[init, inner, ret],
            decorator_list=[],
            returns=None,
            type_comment=None,
        )
    )
    ast.fix_missing_locations(fdef)
    line = b.scope.location(node).line
    symbol = fe.unique_symbol(f"{b.scope.symbol}.listcomp_L{line}")
    captures = fe.inputs(b, {v for v in analysis.free_names(fdef) if b.scope.is_local(v)})
    static = StaticFunction(symbol, fdef, captures)
    fe.nested_function(b, fdef, static)
    return b.add(CallOp(symbol, b.read_vars(captures, node)), node)
