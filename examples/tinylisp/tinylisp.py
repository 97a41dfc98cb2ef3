"""tinylisp: a small S-expression language compiled by myia, as a second frontend.

Its frontend (this file) reads the source, walks it and emits the myia dialect
through the builder ``myia.ir``; ``myia.compile_ir`` then gives it what Python
functions get: type and shape inference with tracebacks into the ``.tl`` file,
gradients of any order, native code.

    (def (name params...) body)        a function (recursive ones too)
    (let ((x e) ...) body)             local variables
    (if c a b)                         c is a number or a comparison
    (lambda (params...) body)          a closure over the variables in scope
    (loop ((v init step) ...) c r)     while c: v = step (all at once); then r
    (grad f) (grad f 1)                the gradient of the function value f
    (f args...)                        call a def, a primitive, or a function value

Numbers are ints (``2``) or floats (``2.0``); the primitives are myia's,
under their names (``sin``, ``tanh``, ``matmul``, ``sum``) or an operator below.
Run ``python tinylisp.py FILE.tl NAME ARGS...`` to call one function.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import myia
from myia import ir
from myia.errors import MyiaSyntaxError

OPERATORS = {"+": "add", "-": "sub", "*": "mul", "/": "truediv", "**": "pow", "@": "matmul", "//": "floordiv", "%": "mod",
             "<": "lt", ">": "gt", "<=": "le", ">=": "ge", "=": "eq"}  # fmt: skip
REDUCTIONS = {"sum", "mean", "prod", "amax", "amin"}  # (sum x): of all elements
SPECIAL_FORMS = {"def", "let", "if", "lambda", "loop", "grad"}
TOKEN = re.compile(r"\s*(?:;[^\n]*|([()])|([^\s();]+))")


@dataclass
class Node:
    """An atom (``value`` a str, int or float) or a list (``value`` a list of
    nodes), with where it starts in the source."""

    value: Any
    loc: ir.Loc

    def is_symbol(self, name: str | None = None) -> bool:
        return isinstance(self.value, str) and (name is None or self.value == name)


def read(text: str, filename: str) -> list[Node]:
    """The top-level forms of ``text``."""
    stack: list[list[Node]] = [[]]
    starts: list[ir.Loc] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:
            break
        start = match.start(1) if match.group(1) else match.start(2)
        line = sum(1 for s in line_starts if s <= start)
        loc = ir.Loc(filename, line, start - line_starts[line - 1] + 1)
        position = match.end()
        if match.group(1) == "(":
            stack.append([])
            starts.append(loc)
        elif match.group(1) == ")":
            if len(stack) == 1:
                raise MyiaSyntaxError("unbalanced ')'", loc.source_location())
            items = stack.pop()
            stack[-1].append(Node(items, starts.pop()))
        elif match.group(2):
            stack[-1].append(Node(atom(match.group(2)), loc))
    if starts:
        raise MyiaSyntaxError("this '(' is never closed", starts[-1].source_location())
    return stack[0]


def atom(token: str) -> Any:
    try:
        return ast.literal_eval(token) if token[0].isdigit() or token[0] in "-." else token
    except (ValueError, SyntaxError):
        return token


class Frontend:
    """Emits a program's functions into one module; ``scope`` maps the names of
    the function being emitted to their values."""

    def __init__(self, filename: str):
        self.module = ir.ModuleBuilder(filename)
        self.defs: dict[str, Node] = {}
        self.counter = 0

    def program(self, forms: list[Node]) -> ir.ModuleBuilder:
        for form in forms:
            head = form.value[0] if isinstance(form.value, list) and form.value else None
            if head is None or not head.is_symbol("def") or len(form.value) != 3:
                raise MyiaSyntaxError(
                    "expected (def (name params...) body)", form.loc.source_location()
                )
            self.defs[self.names(form.value[1])[0]] = form
        for name, form in self.defs.items():
            params = self.names(form.value[1])[1:]
            fn = self.module.function(name, params, loc=form.loc)
            self.body(fn, dict(zip(params, fn.params)), form.value[2], owner=name)
        return self.module

    def names(self, node: Node) -> list[str]:
        if not isinstance(node.value, list) or not all(n.is_symbol() for n in node.value):
            raise MyiaSyntaxError("expected a list of names", node.loc.source_location())
        return [n.value for n in node.value]

    def body(self, fn: ir.FunctionBuilder, scope: dict[str, ir.Value], node: Node, owner: str):
        fn.ret(self.expr(fn, scope, node, owner), loc=node.loc)

    def helper(self, kind: str, params: list[str], owner: str, loc: ir.Loc, captures=()):
        """A function the frontend cuts out of ``owner`` (a branch, a loop, a lambda)."""
        self.counter += 1
        name = f"{owner}.{kind}{self.counter}"
        fn = self.module.function(name, params, captures, private=True, owner=owner, loc=loc)
        return fn, dict(zip([*captures, *params], [*fn.captures, *fn.params]))

    def expr(self, fn: ir.FunctionBuilder, scope: dict[str, ir.Value], node: Node, owner: str):
        fn.location = node.loc
        value = node.value
        if isinstance(value, int | float):
            return fn.const(value)
        if isinstance(value, str):
            if value in scope:
                return scope[value]
            if value in self.defs:
                return fn.closure(value)
            raise MyiaSyntaxError(f"unknown name {value!r}", node.loc.source_location())
        if not value:
            raise MyiaSyntaxError("empty form ()", node.loc.source_location())
        head, args = value[0], value[1:]
        if head.is_symbol() and head.value in SPECIAL_FORMS:
            return getattr(self, f"form_{head.value}")(fn, scope, node, args, owner)
        operands = [self.expr(fn, scope, a, owner) for a in args]
        fn.location = node.loc
        if head.is_symbol() and head.value not in scope:
            name = head.value
            if name in self.defs:
                return fn.call(name, *operands)
            if name == "-" and len(operands) == 1:
                return fn.prim("neg", *operands)
            if name in REDUCTIONS and len(operands) == 1:  # axis None, keepdims False
                operands += [fn.const(None), fn.const(False)]
            return fn.prim(OPERATORS.get(name, name), *operands)
        return fn.apply(self.expr(fn, scope, head, owner), *operands, loc=node.loc)

    def form_let(self, fn, scope, node, args, owner):
        if len(args) != 2 or not isinstance(args[0].value, list):
            raise MyiaSyntaxError("expected (let ((x e) ...) body)", node.loc.source_location())
        inner = dict(scope)
        for binding in args[0].value:
            name, init = binding.value
            inner[name.value] = self.expr(fn, inner, init, owner)
        return self.expr(fn, inner, args[1], owner)

    def form_if(self, fn, scope, node, args, owner):
        cond = fn.prim("truth", self.expr(fn, scope, args[0], owner), loc=args[0].loc)
        names = list(scope)
        branches = []
        for kind, arm in (("then", args[1]), ("else", args[2])):
            branch, inner = self.helper(kind, names, owner, arm.loc)
            self.body(branch, inner, arm, owner)
            branches.append(branch)
        values = list(scope.values())
        return fn.if_(cond, branches[0], values, branches[1], values, loc=node.loc)

    def form_lambda(self, fn, scope, node, args, owner):
        lam, inner = self.helper("lambda", self.names(args[0]), owner, node.loc, list(scope))
        self.body(lam, inner, args[1], owner)
        return fn.closure(lam, *scope.values(), loc=node.loc)

    def form_loop(self, fn, scope, node, args, owner):
        """A loop is a function that tail-calls itself while its condition holds."""
        variables = [v.value for v in args[0].value]
        names = [*scope, *(v[0].value for v in variables)]
        head, inner = self.helper("loop", names, owner, node.loc)
        again, again_scope = self.helper("step", names, owner, node.loc)
        steps = [self.expr(again, again_scope, v[2], owner) for v in variables]
        again.ret(again.call(head, *list(again_scope.values())[: len(scope)], *steps))
        done, done_scope = self.helper("done", names, owner, args[2].loc)
        self.body(done, done_scope, args[2], owner)
        cond = head.prim("truth", self.expr(head, inner, args[1], owner), loc=args[1].loc)
        values = list(inner.values())
        head.ret(head.if_(cond, again, values, done, values, loc=node.loc))
        inits = [self.expr(fn, scope, v[1], owner) for v in variables]
        return fn.call(head, *scope.values(), *inits, loc=node.loc)

    def form_grad(self, fn, scope, node, args, owner):
        argnum = args[1].value if len(args) > 1 else 0
        return fn.grad(self.expr(fn, scope, args[0], owner), argnum, loc=node.loc)


def compile_file(path: str | Path, backend: str = "cpu") -> dict[str, Any]:
    """Each function of the program in ``path``, compiled by myia."""
    path = Path(path)
    module = Frontend(str(path)).program(read(path.read_text(), str(path))).verify()
    return {name: myia.compile_ir(module, name, backend=backend) for name in list_defs(module)}


def list_defs(module) -> list[str]:
    return [op.sym_name.data for op in module.ops if op.sym_visibility is None]


if __name__ == "__main__":
    functions = compile_file(sys.argv[1])
    print(functions[sys.argv[2]](*map(atom, sys.argv[3:])))
