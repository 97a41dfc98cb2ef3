"""The Python frontend: Python functions to the myia dialect.

Each Python function becomes a ``myia.func``. Control flow is cut into more
functions, named after their owner and source line:

* an ``if`` becomes ``myia.if %c, @f.then_L3(...), @f.else_L3(...)``; when its
  branches only assign variables, they return the assigned variables that are live
  after it and ``f`` continues; when they ``return``, ``break`` or ``continue``, the
  rest of the code becomes a continuation function (``@f.after_L6``) that the
  branches tail-call;
* a loop becomes a tail-recursive header function (``@f.while_L4``) whose
  parameters are the variables the loop carries, and whose captures are the
  loop-invariant ones; its body (``.body``) tail-calls the header again;
* a nested ``def`` or a ``lambda`` becomes a function whose captures are the
  enclosing variables it reads; ``myia.closure`` supplies them.

Every op carries the location of the Python code it comes from.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import re
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xdsl.dialects.builtin import (
    FloatAttr,
    IntegerAttr,
    ModuleOp,
    StringAttr,
    UnitAttr,
    f64,
    i1,
    i64,
)
from xdsl.ir import Attribute, Block, Operation, SSAValue

from myia.dialects import (
    ApplyOp,
    CallOp,
    ClosureOp,
    ConstOp,
    FuncOp,
    GetAttrOp,
    IfOp,
    RecordOp,
    ReturnOp,
    TupleGetOp,
    TupleOp,
    UndefinedOp,
    prim_op,
)
from myia.errors import MyiaSyntaxError, MyiaTypeError, SourceLocation
from myia.frontend import analysis
from myia.frontend.resolve import (
    Builtin,
    Constant,
    ModuleRef,
    PythonFunction,
    RecordClass,
    Resolved,
    Unsupported,
    resolve_module_attribute,
    resolve_name,
)
from myia.frontend.source import FunctionSource, function_source

#: Dataclasses seen by any frontend, by the class name their records carry.
RECORD_CLASSES: dict[str, type] = {}


def record_class_name(cls: type) -> str:
    name = f"{cls.__module__}.{cls.__qualname__}".replace(".<locals>", "")
    RECORD_CLASSES.setdefault(name, cls)
    return name


BINARY_OPS: dict[type, str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv",
    ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow", ast.MatMult: "matmul",
    ast.BitAnd: "bitand", ast.BitOr: "bitor", ast.BitXor: "bitxor",
    ast.LShift: "lshift", ast.RShift: "rshift",
}  # fmt: skip
UNARY_OPS: dict[type, str] = {
    ast.USub: "neg", ast.UAdd: "pos", ast.Not: "not", ast.Invert: "invert",
}  # fmt: skip
COMPARE_OPS: dict[type, str] = {
    ast.Eq: "eq", ast.NotEq: "ne", ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt",
    ast.GtE: "ge", ast.Is: "is", ast.IsNot: "is_not",
}  # fmt: skip
BOOL_PRIMS = {"eq", "ne", "lt", "le", "gt", "ge", "is", "is_not", "not", "truth", "contains",
              "hasnext", "isnan", "isinf", "isfinite"}  # fmt: skip

REJECTED_STATEMENTS: dict[type, str] = {
    ast.Try: "try statements are not supported: myia programs have no exceptions",
    ast.With: "with statements are not supported: they exist for side effects",
    ast.AsyncWith: "async with is not supported",
    ast.AsyncFor: "async for is not supported",
    ast.AsyncFunctionDef: "async functions are not supported",
    ast.Global: "global statements are not supported: myia functions do not mutate state",
    ast.Nonlocal: "nonlocal statements are not supported: closures capture read-only values",
    ast.Import: "import statements are not supported inside compiled functions",
    ast.ImportFrom: "import statements are not supported inside compiled functions",
    ast.Delete: "del statements are not supported: myia values are immutable",
    ast.Raise: "raise statements are not supported: myia programs have no exceptions",
    ast.Assert: "assert statements are not supported: myia programs have no exceptions",
    ast.ClassDef: "class definitions are not supported inside compiled functions",
    ast.Match: "match statements are not supported",
}  # fmt: skip
if hasattr(ast, "TryStar"):
    REJECTED_STATEMENTS[ast.TryStar] = REJECTED_STATEMENTS[ast.Try]

REJECTED_EXPRESSIONS: dict[type, str] = {
    ast.JoinedStr: "f-strings are not supported",
    ast.FormattedValue: "f-strings are not supported",
    ast.Yield: "generators (yield) are not supported",
    ast.YieldFrom: "generators (yield from) are not supported",
    ast.Await: "await is not supported",
    ast.NamedExpr: "assignment expressions (:=) are not supported",
    ast.List: "lists are not supported yet; use a tuple",
    ast.ListComp: "list comprehensions are not supported yet",
    ast.Dict: "dicts are not supported",
    ast.DictComp: "dict comprehensions are not supported",
    ast.Set: "sets are not supported",
    ast.SetComp: "set comprehensions are not supported",
    ast.GeneratorExp: "generator expressions are not supported",
    ast.Starred: "starred expressions (*x) are not supported",
}  # fmt: skip


# ---------------------------------------------------------------------------
# Scopes and bindings


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


# ---------------------------------------------------------------------------
# Jumps: what runs when control leaves a piece of code


class Jump:
    """A way of leaving the code being emitted (falling off its end, ``break``,
    ``continue``). ``needs`` are the variables the target reads."""

    needs: list[str]

    def emit(self, b: FunctionBuilder, node: ast.AST) -> None:
        raise NotImplementedError


@dataclass
class ReturnNone(Jump):
    needs: list[str] = field(default_factory=list)

    def emit(self, b: FunctionBuilder, node: ast.AST) -> None:
        b.ret(b.const(None, node), node)


@dataclass
class ReturnVariables(Jump):
    """Return the listed variables (one value, or a tuple of several)."""

    needs: list[str]

    def emit(self, b: FunctionBuilder, node: ast.AST) -> None:
        values = [b.read_var(n, node) for n in self.needs]
        if len(values) == 1:
            b.ret(values[0], node)
        else:
            b.ret(b.add(TupleOp(values), node), node)


@dataclass
class TailCall(Jump):
    """Tail-call a function made by the frontend, passing the variables it needs."""

    symbol: str
    needs: list[str]

    def emit(self, b: FunctionBuilder, node: ast.AST) -> None:
        args = b.read_vars(self.needs, node)
        b.ret(b.add(CallOp(self.symbol, args), node), node)


@dataclass
class Exits:
    fallthrough: Jump
    brk: Jump | None = None
    cont: Jump | None = None


# ---------------------------------------------------------------------------
# Building one myia.func


class FunctionBuilder:
    """Emits the ops of one ``myia.func``; ``env`` maps variable names to values."""

    def __init__(self, fe: Frontend, scope: PyScope, func: FuncOp, env: dict[str, Binding]):
        self.fe = fe
        self.scope = scope
        self.func = func
        self.block: Block = func.entry
        self.env = env
        self.bools: set[SSAValue] = set()
        self.done = False

    # -- emission helpers ------------------------------------------------------

    def add(self, op: Operation, node: ast.AST) -> SSAValue:
        op.location = self.scope.location(node).to_attr()
        self.block.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def prim(self, name: str, node: ast.AST, *args: SSAValue) -> SSAValue:
        value = self.add(prim_op(name, *args), node)
        if name in BOOL_PRIMS:
            self.bools.add(value)
        return value

    def ret(self, value: SSAValue, node: ast.AST) -> None:
        self.add(ReturnOp(value), node)
        self.done = True

    def const(self, value: Any, node: ast.AST) -> SSAValue:
        if isinstance(value, tuple):
            return self.add(TupleOp([self.const(v, node) for v in value]), node)
        result = self.add(ConstOp(constant_attr(value, self.scope, node)), node)
        if isinstance(value, bool):
            self.bools.add(result)
        return result

    def named(self, value: SSAValue, name: str) -> SSAValue:
        name = _arg_name(name)
        if value.name_hint is None and SSAValue.is_valid_name(name):
            value.name_hint = name
        return value

    # -- variables -------------------------------------------------------------

    def bind(self, name: str, value: Binding) -> None:
        if isinstance(value, SSAValue):
            self.named(value, name)
        self.env[name] = value

    def lookup(self, name: str, node: ast.AST) -> Binding:
        if name in self.env:
            return self.env[name]
        if self.scope.is_local(name):
            static = self.scope.static(name)
            if static is not None:
                return static
            if name not in self.scope.locals:
                raise AssertionError(f"myia frontend: free variable {name} was not captured")
            return self.add(UndefinedOp(name), node)
        return self.fe.resolve_global(self, name, node)

    def read_var(self, name: str, node: ast.AST) -> SSAValue:
        """A variable's value, as a first-class value."""
        binding = self.lookup(name, node)
        if isinstance(binding, StaticFunction):
            return self.closure(binding, node)
        if isinstance(binding, SSAValue):
            return binding
        return self.fe.materialize(self, binding, name, node)

    def read_vars(self, names: Sequence[str], node: ast.AST) -> list[SSAValue]:
        return [self.read_var(n, node) for n in names]

    def closure(self, static: StaticFunction, node: ast.AST) -> SSAValue:
        caps = self.read_vars(static.captures, node)
        return self.add(ClosureOp(static.symbol, caps), node)


def constant_attr(value: Any, scope: PyScope, node: ast.AST) -> Attribute:
    if isinstance(value, bool):
        return IntegerAttr(int(value), i1)
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise MyiaSyntaxError(
                f"the integer {value} does not fit in 64 bits", scope.location(node)
            )
        return IntegerAttr(value, i64)
    if isinstance(value, float):
        return FloatAttr(value, f64)
    if value is None:
        return UnitAttr()
    if isinstance(value, str):
        return StringAttr(value)
    raise MyiaSyntaxError(
        f"myia cannot embed a constant of type {type(value).__name__}", scope.location(node)
    )


# ---------------------------------------------------------------------------
# The frontend


class Frontend:
    """Parses Python functions, and what they call, into one module.

    Functions are parsed on demand and once each; :meth:`function` and
    :meth:`method` return the symbol of the parsed function.
    """

    def __init__(self) -> None:
        self.module = ModuleOp([])
        self.symbols: set[str] = set()
        self.parsed: dict[Any, str] = {}
        self.pending: list[Callable[[], None]] = []
        self.sources: dict[Any, FunctionSource] = {}

    def source(self, fn: types.FunctionType) -> FunctionSource:
        if fn not in self.sources:
            self.sources[fn] = function_source(fn)
        return self.sources[fn]

    # -- public API ------------------------------------------------------------

    def function(self, fn: Any) -> str:
        """Parse ``fn`` (and everything it calls) and return its symbol."""
        fn = getattr(fn, "__myia_function__", fn)
        if not isinstance(fn, types.FunctionType):
            raise MyiaSyntaxError(f"myia compiles Python functions, not {type(fn).__name__}")
        symbol = self._request(fn)
        self._drain()
        return symbol

    def method(self, cls: type, name: str) -> str:
        """Parse the method (or property getter) ``name`` of the dataclass ``cls``."""
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, property):
            attr = attr.fget
        if isinstance(attr, staticmethod | classmethod):
            raise MyiaSyntaxError(f"{cls.__qualname__}.{name}: static and class methods are not supported")
        return self.function(attr)

    def func_op(self, symbol: str) -> FuncOp:
        for op in self.module.ops:
            if isinstance(op, FuncOp) and op.sym_name.data == symbol:
                return op
        raise KeyError(symbol)

    # -- parsing functions -----------------------------------------------------

    def unique_symbol(self, base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_$.]", "_", base.replace("<locals>.", "")).strip(".")
        if not base or not (base[0].isalpha() or base[0] == "_"):
            base = "f" + base
        for i in itertools.count():
            name = base if i == 0 else f"{base}_{i}"
            if name not in self.symbols:
                self.symbols.add(name)
                return name
        raise AssertionError("unreachable")

    def _request(self, fn: types.FunctionType) -> str:
        if fn in self.parsed:
            return self.parsed[fn]
        source = self.source(fn)
        qualname = fn.__qualname__
        if fn.__name__ == "<lambda>":
            qualname = qualname.replace("<lambda>", f"lambda_L{source.location(source.node).line}")
        symbol = self.unique_symbol(qualname)
        self.parsed[fn] = symbol
        cells = {}
        if fn.__closure__:
            for name, cell in zip(fn.__code__.co_freevars, fn.__closure__, strict=True):
                try:
                    cells[name] = cell.cell_contents
                except ValueError:
                    pass
        self.pending.append(
            lambda: self._convert_toplevel(fn, source, symbol, cells)
        )
        return symbol

    def _drain(self) -> None:
        while self.pending:
            self.pending.pop(0)()

    def _convert_toplevel(
        self, fn: types.FunctionType, source: FunctionSource, symbol: str, cells: dict[str, Any]
    ) -> None:
        node = source.node
        check_signature(node, source)
        scope = self._make_scope(node, source, fn.__globals__, cells, None, symbol, fn.__name__)
        self._convert_function(scope, node, [], private=True)

    def _make_scope(
        self,
        node: ast.FunctionDef | ast.Lambda,
        source: FunctionSource,
        globals_: dict[str, Any],
        cells: dict[str, Any],
        parent: PyScope | None,
        symbol: str,
        pyname: str,
    ) -> PyScope:
        params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
        local_names = analysis.function_locals(node)
        order = {p: i for i, p in enumerate(params)}
        body = node.body if isinstance(node, ast.FunctionDef) else [node.body]
        for sub in body:
            for n in ast.walk(sub):
                if isinstance(n, ast.Name) and n.id in local_names and n.id not in order:
                    order[n.id] = len(order)
                elif isinstance(n, ast.FunctionDef) and n.name not in order:
                    order[n.name] = len(order)
        scope = PyScope(source, globals_, cells, local_names, order, parent, symbol, pyname,
                        len(params))
        if isinstance(node, ast.FunctionDef):
            self._declare_static_functions(scope, node.body)
        return scope

    def _declare_static_functions(self, scope: PyScope, body: list[ast.stmt]) -> None:
        """Nested defs whose name is bound only by that def are static functions."""
        defs: dict[str, list[ast.FunctionDef]] = {}
        for stmt in body:
            for n in analysis._walk_scope(stmt):  # noqa: SLF001 - same package
                if isinstance(n, ast.FunctionDef):
                    defs.setdefault(n.name, []).append(n)
        others = {p for p, i in scope.order.items() if i < scope.nparams}
        for stmt in body:
            for n in analysis._walk_scope(stmt):  # noqa: SLF001
                if isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.For):
                    targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                    for t in targets:
                        others |= analysis.target_names(t)
        for name, nodes in defs.items():
            if len(nodes) == 1 and name not in others:
                node = nodes[0]
                symbol = self.unique_symbol(f"{scope.symbol}.{name}")
                scope.statics[name] = StaticFunction(symbol, node, [])
        # Captures: the enclosing variables each reads, closed over the static
        # functions it calls (whose captures it must be able to supply).
        free = {
            name: {
                v for v in analysis.free_names(st.node) if scope.is_local(v)
            }
            for name, st in scope.statics.items()
        }
        changed = True
        while changed:
            changed = False
            for name, names in free.items():
                for v in list(names):
                    inner = scope.statics.get(v) if v in scope.locals else None
                    if inner is not None:
                        extra = free[v] - names
                        if extra:
                            names |= extra
                            changed = True
        for name, st in scope.statics.items():
            caps = {v for v in free[name] if scope.static(v) is None}
            # Variables of outer scopes reached through an outer static function.
            for v in list(free[name]):
                outer = scope.static(v)
                if outer is not None and v not in scope.statics:
                    caps |= set(outer.captures)
            st.captures = sorted(caps, key=lambda v: _order_key(scope, v))

    def _convert_function(
        self,
        scope: PyScope,
        node: ast.FunctionDef | ast.Lambda,
        captures: list[str],
        private: bool,
        owner_builder: FunctionBuilder | None = None,
    ) -> FuncOp:
        params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
        func = FuncOp(scope.symbol, [*captures, *params], len(captures), private=private)
        func.location = scope.location(node).to_attr()
        self.module.body.block.add_op(func)
        env: dict[str, Binding] = {}
        for name, arg in zip([*captures, *params], func.args, strict=True):
            env[name] = arg
        b = FunctionBuilder(self, scope, func, env)
        if isinstance(node, ast.Lambda):
            b.ret(self.expr(b, node.body), node.body)
        else:
            self.block(b, node.body, Exits(ReturnNone()), node)
        for static in scope.statics.values():
            if static.scope is None:  # a def after a return: still callable
                self.nested_function(b, static.node, static)
        return func

    def _nested_scope(self, b: FunctionBuilder, node: ast.FunctionDef | ast.Lambda, symbol: str) -> PyScope:
        name = node.name if isinstance(node, ast.FunctionDef) else "<lambda>"
        return self._make_scope(
            node, b.scope.source, b.scope.globals, b.scope.cells, b.scope, symbol, name
        )

    # -- generated functions ---------------------------------------------------

    def new_function(
        self,
        b: FunctionBuilder,
        suffix: str,
        node: ast.AST,
        captures: Sequence[str],
        params: Sequence[str] = (),
    ) -> FunctionBuilder:
        """A function for a piece of ``b``'s Python function (a branch, a loop...);
        ``suffix`` is formatted with the line and appended to the owner's symbol,
        unless it starts with ``@`` (a full symbol)."""
        line = b.scope.location(node).line
        if suffix.startswith("@"):
            symbol = self.unique_symbol(suffix[1:])
        else:
            symbol = self.unique_symbol(f"{b.scope.symbol}.{suffix.format(line=line)}")
        values = [*captures, *params]
        func = FuncOp(symbol, [_arg_name(v) for v in values], len(captures), private=True,
                      owner=b.scope.symbol)
        func.location = b.scope.location(node).to_attr()
        self.module.body.block.add_op(func)
        env: dict[str, Binding] = {}
        for name, arg in zip(values, func.args, strict=True):
            env[name] = arg
        # Static functions stay static inside the pieces of their scope.
        return FunctionBuilder(self, b.scope, func, env)

    def inputs(self, b: FunctionBuilder, names: set[str]) -> list[str]:
        """The variables a piece of code needs, as passed to its function: locals
        only, with static functions replaced by what they capture."""
        result: set[str] = set()
        for name in names:
            if name.startswith("."):
                result.add(name)
                continue
            if not b.scope.is_local(name):
                continue
            binding = b.env.get(name)
            static = binding if isinstance(binding, StaticFunction) else (
                b.scope.static(name) if binding is None else None
            )
            if static is not None:
                result |= set(self.inputs(b, set(static.captures)))
            else:
                result.add(name)
        return sorted(result, key=lambda v: _order_key(b.scope, v))

    # -- statements --------------------------------------------------------------

    def block(self, b: FunctionBuilder, stmts: Sequence[ast.stmt], exits: Exits, owner: ast.AST) -> None:
        """Emit ``stmts`` and then ``exits.fallthrough``; ``b``'s function is complete
        afterwards."""
        for i, stmt in enumerate(stmts):
            rest = stmts[i + 1 :]
            if isinstance(stmt, ast.Return):
                value = self.expr(b, stmt.value) if stmt.value is not None else b.const(None, stmt)
                b.ret(value, stmt)
                return
            if isinstance(stmt, ast.Break | ast.Continue):
                target = exits.brk if isinstance(stmt, ast.Break) else exits.cont
                if target is None:
                    raise MyiaSyntaxError(
                        f"'{type(stmt).__name__.lower()}' outside a loop", b.scope.location(stmt)
                    )
                target.emit(b, stmt)
                return
            if isinstance(stmt, ast.If):
                if self.if_stmt(b, stmt, rest, exits):
                    return
                continue
            if isinstance(stmt, ast.While | ast.For):
                if self.loop_stmt(b, stmt, rest, exits):
                    return
                continue
            self.simple_stmt(b, stmt)
        last = stmts[-1] if stmts else owner
        exits.fallthrough.emit(b, last)

    def live_after(self, rest: Sequence[ast.stmt], exits: Exits) -> set[str]:
        return analysis.live_in(
            rest,
            set(exits.fallthrough.needs),
            set(exits.brk.needs) if exits.brk else set(),
            set(exits.cont.needs) if exits.cont else set(),
        )

    def continuation(
        self, b: FunctionBuilder, rest: Sequence[ast.stmt], exits: Exits
    ) -> Jump:
        """A function for the statements after a branching statement, when the
        branches leave by a jump (return, break, continue)."""
        if not rest:
            return exits.fallthrough
        live = self.live_after(rest, exits)
        names = self.inputs(b, live)
        k = self.new_function(b, "after_L{line}", rest[0], names)
        self.block(k, rest, exits, rest[0])
        return TailCall(k.func.sym_name.data, names)

    def condition(self, b: FunctionBuilder, test: ast.expr) -> SSAValue:
        value = self.expr(b, test)
        if value in b.bools:
            return value
        return b.prim("truth", test, value)

    def if_stmt(self, b: FunctionBuilder, stmt: ast.If, rest: Sequence[ast.stmt], exits: Exits) -> bool:
        """Emit an ``if``; return True when it ended ``b``'s function."""
        branches = stmt.body + stmt.orelse
        cond = self.condition(b, stmt.test)
        if analysis.has_return(branches) or analysis.has_loop_jump(branches):
            inner = Exits(self.continuation(b, rest, exits), exits.brk, exits.cont)
            result = self.branches(b, stmt, cond, inner, "then_L{line}", "else_L{line}")
            b.ret(result, stmt)
            return True
        live = self.live_after(rest, exits)
        outs = self.inputs(b, analysis.assigned_names(branches) & live)
        outs = [o for o in outs if not isinstance(b.env.get(o), StaticFunction)]
        if not outs:
            return False
        result = self.branches(b, stmt, cond, Exits(ReturnVariables(outs)), "then_L{line}", "else_L{line}")
        self.unpack_variables(b, outs, result, stmt)
        return False

    @staticmethod
    def direct_target(body: Sequence[ast.stmt], exits: Exits) -> TailCall | None:
        """The function to branch to directly, when a branch only jumps to it."""
        if not body:
            jump: Jump | None = exits.fallthrough
        elif len(body) == 1 and isinstance(body[0], ast.Break):
            jump = exits.brk
        elif len(body) == 1 and isinstance(body[0], ast.Continue):
            jump = exits.cont
        else:
            return None
        return jump if isinstance(jump, TailCall) else None

    def branches(
        self,
        b: FunctionBuilder,
        stmt: ast.If,
        cond: SSAValue,
        exits: Exits,
        then_name: str,
        else_name: str,
    ) -> SSAValue:
        calls = []
        for body, suffix, node in (
            (stmt.body, then_name, stmt.body[0] if stmt.body else stmt),
            (stmt.orelse, else_name, stmt.orelse[0] if stmt.orelse else stmt),
        ):
            target = self.direct_target(body, exits)
            if target is not None:
                calls.append((target.symbol, b.read_vars(target.needs, stmt)))
                continue
            live = analysis.live_in(
                body,
                set(exits.fallthrough.needs),
                set(exits.brk.needs) if exits.brk else set(),
                set(exits.cont.needs) if exits.cont else set(),
            )
            names = self.inputs(b, live)
            fb = self.new_function(b, suffix, stmt, names)
            self.block(fb, body, exits, node)
            calls.append((fb.func.sym_name.data, b.read_vars(names, stmt)))
        (then_sym, then_args), (else_sym, else_args) = calls
        return b.add(IfOp(cond, then_sym, then_args, else_sym, else_args), stmt)

    def unpack_variables(self, b: FunctionBuilder, names: list[str], value: SSAValue, node: ast.AST) -> None:
        if len(names) == 1:
            b.bind(names[0], value)
            return
        for i, name in enumerate(names):
            b.bind(name, b.add(TupleGetOp(value, i), node))

    def loop_stmt(
        self, b: FunctionBuilder, stmt: ast.While | ast.For, rest: Sequence[ast.stmt], exits: Exits
    ) -> bool:
        """Emit a loop; return True when it ended ``b``'s function."""
        cps = analysis.has_return(stmt.body + stmt.orelse)
        kind = "while" if isinstance(stmt, ast.While) else "for"
        assigned = analysis.assigned_names(stmt.body + stmt.orelse)
        if isinstance(stmt, ast.For):
            assigned |= analysis.target_names(stmt.target)
        if cps:
            after: Jump = self.continuation(b, rest, exits)
        else:
            # The loop returns what it assigns that is live after it; the rest of
            # what is live stays in the enclosing function.
            outs = [n for n in self.inputs(b, assigned & self.live_after(rest, exits))
                    if not isinstance(b.env.get(n), StaticFunction)]
            after = ReturnVariables(outs)
        header_live = analysis.loop_header_live(stmt, set(after.needs))
        carried = [n for n in self.inputs(b, header_live & assigned)
                   if not isinstance(b.env.get(n), StaticFunction)]
        invariants = [n for n in self.inputs(b, header_live) if n not in carried]
        it = f".it{id(stmt)}"
        iterator = [it] if isinstance(stmt, ast.For) else []

        # The header: test the condition, then run the body or leave.
        h = self.new_function(b, kind + "_L{line}", stmt, invariants, [*iterator, *carried])
        header_sym = h.func.sym_name.data
        again = TailCall(header_sym, [*invariants, *iterator, *carried])
        if isinstance(stmt, ast.While):
            cond = self.condition(h, stmt.test)
        else:
            cond = h.prim("hasnext", stmt.iter, h.env[it])  # type: ignore[arg-type]
        body_live = analysis.live_in(stmt.body, set(again.needs), set(after.needs), set(again.needs))
        if isinstance(stmt, ast.For):
            body_live = (body_live - analysis.target_names(stmt.target)) | {it}
        body_names = self.inputs(h, body_live)
        body = self.new_function(h, f"@{header_sym}.body", stmt, body_names)
        if isinstance(stmt, ast.For):
            pair = body.prim("next", stmt.iter, body.env[it])  # type: ignore[arg-type]
            element = body.add(TupleGetOp(pair, 0), stmt.target)
            body.bind(it, body.add(TupleGetOp(pair, 1), stmt.iter))
            self.assign(body, stmt.target, element)
        self.block(body, stmt.body, Exits(again, after, again), stmt)
        leave_target = self.direct_target(stmt.orelse, Exits(after))
        if leave_target is not None:
            leave_sym, exit_names = leave_target.symbol, leave_target.needs
        else:
            exit_names = self.inputs(h, analysis.live_in(stmt.orelse, set(after.needs)))
            leave = self.new_function(h, f"@{header_sym}.exit", stmt, exit_names)
            self.block(leave, stmt.orelse, Exits(after), stmt)
            leave_sym = leave.func.sym_name.data
        result = h.add(
            IfOp(
                cond,
                body.func.sym_name.data,
                h.read_vars(body_names, stmt),
                leave_sym,
                h.read_vars(exit_names, stmt),
            ),
            stmt,
        )
        h.ret(result, stmt)

        # Enter the loop.
        if isinstance(stmt, ast.For):
            seq = self.expr(b, stmt.iter)
            b.bind(it, b.prim("iter", stmt.iter, seq))
        entry = b.add(CallOp(header_sym, b.read_vars(again.needs, stmt)), stmt)
        if isinstance(stmt, ast.For):
            del b.env[it]
        if cps:
            b.ret(entry, stmt)
            return True
        self.unpack_variables(b, outs, entry, stmt)  # type: ignore[arg-type]
        return False

    def simple_stmt(self, b: FunctionBuilder, stmt: ast.stmt) -> None:
        loc = b.scope.location(stmt)
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                check_target(t, b.scope)
            if (
                len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Tuple)
                and isinstance(stmt.value, ast.Tuple)
                and len(stmt.targets[0].elts) == len(stmt.value.elts)
                and not any(isinstance(e, ast.Starred) for e in stmt.value.elts)
            ):
                # a, b = b, a: evaluate every value, then bind (no tuple built).
                values = [self.expr(b, e) for e in stmt.value.elts]
                for target, value in zip(stmt.targets[0].elts, values, strict=True):
                    self.assign(b, target, value)
                return
            value = self.expr(b, stmt.value)
            for t in stmt.targets:
                self.assign(b, t, value)
        elif isinstance(stmt, ast.AugAssign):
            check_target(stmt.target, b.scope)
            if not isinstance(stmt.target, ast.Name):
                raise MyiaSyntaxError("augmented assignment is only supported on variables", loc)
            current = b.read_var(stmt.target.id, stmt.target)
            value = self.expr(b, stmt.value)
            self.assign(b, stmt.target, b.prim(BINARY_OPS[type(stmt.op)], stmt, current, value))
        elif isinstance(stmt, ast.AnnAssign):
            check_target(stmt.target, b.scope)
            if stmt.value is not None:
                self.assign(b, stmt.target, self.expr(b, stmt.value))
        elif isinstance(stmt, ast.FunctionDef):
            self.def_stmt(b, stmt)
        elif isinstance(stmt, ast.Expr):
            if isinstance(stmt.value, ast.Constant):
                return  # a docstring, or `...`
            if isinstance(stmt.value, ast.Call):
                raise MyiaSyntaxError(
                    "a call whose result is unused is kept only for its side effects, "
                    "which myia does not allow",
                    b.scope.location(stmt.value),
                )
            raise MyiaSyntaxError("this expression's value is unused", loc)
        elif isinstance(stmt, ast.Pass):
            return
        elif type(stmt) in REJECTED_STATEMENTS:
            raise MyiaSyntaxError(REJECTED_STATEMENTS[type(stmt)], loc)
        else:
            raise MyiaSyntaxError(f"{type(stmt).__name__} statements are not supported", loc)

    def assign(self, b: FunctionBuilder, target: ast.expr, value: SSAValue) -> None:
        if isinstance(target, ast.Name):
            b.bind(target.id, value)
        elif isinstance(target, ast.Tuple | ast.List):
            for i, elt in enumerate(target.elts):
                self.assign(b, elt, b.add(TupleGetOp(value, i), elt))
        else:
            check_target(target, b.scope)

    def def_stmt(self, b: FunctionBuilder, stmt: ast.FunctionDef) -> None:
        loc = b.scope.location(stmt)
        if stmt.decorator_list:
            raise MyiaSyntaxError("decorators on nested functions are not supported",
                                  b.scope.location(stmt.decorator_list[0]))
        check_signature(stmt, b.scope.source)
        static = b.scope.statics.get(stmt.name)
        if static is None:
            symbol = self.unique_symbol(f"{b.scope.symbol}.{stmt.name}")
            captures = self.inputs(b, {v for v in analysis.free_names(stmt) if b.scope.is_local(v)})
            static = StaticFunction(symbol, stmt, captures)
            self.nested_function(b, stmt, static)
            b.bind(stmt.name, b.closure(static, stmt))
            return
        if static.scope is None:
            self.nested_function(b, stmt, static)
        del loc

    def nested_function(self, b: FunctionBuilder, node: ast.FunctionDef | ast.Lambda, static: StaticFunction) -> None:
        scope = self._nested_scope(b, node, static.symbol)
        static.scope = scope
        self._convert_function(scope, node, static.captures, private=True)

    # -- expressions -------------------------------------------------------------

    def expr(self, b: FunctionBuilder, node: ast.expr) -> SSAValue:
        loc = b.scope.location(node)
        if isinstance(node, ast.Constant):
            return b.const(node.value, node)
        if isinstance(node, ast.Name):
            return b.read_var(node.id, node)
        if isinstance(node, ast.BinOp):
            lhs = self.expr(b, node.left)
            rhs = self.expr(b, node.right)
            return b.prim(BINARY_OPS[type(node.op)], node, lhs, rhs)
        if isinstance(node, ast.UnaryOp):
            if (
                isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)
                and type(node.operand.value) in (int, float)
            ):
                return b.const(-node.operand.value, node)
            operand = self.expr(b, node.operand)
            if isinstance(node.op, ast.Not) and operand not in b.bools:
                operand = b.prim("truth", node.operand, operand)
            return b.prim(UNARY_OPS[type(node.op)], node, operand)
        if isinstance(node, ast.Compare):
            return self.compare(b, node)
        if isinstance(node, ast.BoolOp):
            return self.bool_op(b, node, node.values)
        if isinstance(node, ast.IfExp):
            return self.if_exp(b, node)
        if isinstance(node, ast.Tuple):
            return b.add(TupleOp([self.expr(b, e) for e in node.elts]), node)
        if isinstance(node, ast.Subscript):
            value = self.expr(b, node.value)
            index = self.expr(b, node.slice)
            return b.prim("getitem", node, value, index)
        if isinstance(node, ast.Slice):
            parts = [
                self.expr(b, p) if p is not None else b.const(None, node)
                for p in (node.lower, node.upper, node.step)
            ]
            return b.prim("slice", node, *parts)
        if isinstance(node, ast.Attribute):
            return self.attribute(b, node)
        if isinstance(node, ast.Call):
            return self.call(b, node)
        if isinstance(node, ast.Lambda):
            return self.lambda_expr(b, node)
        if type(node) in REJECTED_EXPRESSIONS:
            raise MyiaSyntaxError(REJECTED_EXPRESSIONS[type(node)], loc)
        raise MyiaSyntaxError(f"{type(node).__name__} expressions are not supported", loc)

    def is_simple(self, b: FunctionBuilder, node: ast.expr) -> bool:
        """Whether evaluating ``node`` is free and cannot fail: it can be evaluated
        eagerly where Python would evaluate it lazily."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            binding = b.env.get(node.id)
            return isinstance(binding, SSAValue)
        return False

    def compare(self, b: FunctionBuilder, node: ast.Compare) -> SSAValue:
        left = self.expr(b, node.left)
        return self.compare_chain(b, node, left, list(zip(node.ops, node.comparators)))

    def compare_chain(
        self, b: FunctionBuilder, node: ast.Compare, left: SSAValue, chain: list[tuple[ast.cmpop, ast.expr]]
    ) -> SSAValue:
        op, right_node = chain[0]
        right = self.expr(b, right_node)
        result = self.compare_one(b, node, op, left, right)
        if len(chain) == 1:
            return result
        # a < b < c: evaluate `b < c` only when `a < b` holds, and `b` once.
        rest = chain[1:]
        if all(self.is_simple(b, r) for _, r in rest):
            tail = self.compare_chain(b, node, right, rest)
            value = b.prim("select", node, result, tail, result)
            b.bools.add(value)
            return value
        names = self.inputs(b, set().union(*(analysis.read_names(r) for _, r in rest)))
        then = self.new_function(b, "compare_L{line}", node, [*names, ".left"])
        then.bind(".left", then.func.args[-1])
        then.ret(self.compare_chain(then, node, then.func.args[-1], rest), node)
        other = self.new_function(b, "compare_L{line}.false", node, [])
        other.ret(other.const(False, node), node)
        value = b.add(
            IfOp(result, then.func.sym_name.data, [*b.read_vars(names, node), right],
                 other.func.sym_name.data, []),
            node,
        )
        b.bools.add(value)
        return value

    def compare_one(
        self, b: FunctionBuilder, node: ast.AST, op: ast.cmpop, left: SSAValue, right: SSAValue
    ) -> SSAValue:
        if isinstance(op, ast.In):
            return b.prim("contains", node, right, left)
        if isinstance(op, ast.NotIn):
            return b.prim("not", node, b.prim("contains", node, right, left))
        return b.prim(COMPARE_OPS[type(op)], node, left, right)

    def bool_op(self, b: FunctionBuilder, node: ast.BoolOp, values: list[ast.expr]) -> SSAValue:
        first = self.expr(b, values[0])
        if len(values) == 1:
            return first
        rest = values[1:]
        is_and = isinstance(node.op, ast.And)
        test = first if first in b.bools else b.prim("truth", values[0], first)
        if all(self.is_simple(b, v) for v in rest):
            other = self.bool_op(b, node, rest)
            result = b.prim("select", node, test, other, first) if is_and else b.prim(
                "select", node, test, first, other
            )
            if first in b.bools and other in b.bools:
                b.bools.add(result)
            return result
        names = self.inputs(b, set().union(*(analysis.read_names(v) for v in rest)))
        word = "and" if is_and else "or"
        rhs = self.new_function(b, word + "_L{line}", node, names)
        rhs_value = self.bool_op(rhs, node, rest)
        rhs.ret(rhs_value, node)
        keep = self.new_function(b, word + "_L{line}.short", node, [".value"])
        keep.ret(keep.func.args[0], node)
        rhs_call = (rhs.func.sym_name.data, b.read_vars(names, node))
        keep_call = (keep.func.sym_name.data, [first])
        then, other = (rhs_call, keep_call) if is_and else (keep_call, rhs_call)
        result = b.add(IfOp(test, then[0], then[1], other[0], other[1]), node)
        if first in b.bools and rhs_value in rhs.bools:
            b.bools.add(result)
        return result

    def if_exp(self, b: FunctionBuilder, node: ast.IfExp) -> SSAValue:
        cond = self.condition(b, node.test)
        if self.is_simple(b, node.body) and self.is_simple(b, node.orelse):
            return b.prim("select", node, cond, self.expr(b, node.body), self.expr(b, node.orelse))
        calls = []
        for part, suffix in ((node.body, "ifexp_L{line}.then"), (node.orelse, "ifexp_L{line}.else")):
            names = self.inputs(b, analysis.read_names(part))
            fb = self.new_function(b, suffix, part, names)
            fb.ret(self.expr(fb, part), part)
            calls.append((fb.func.sym_name.data, b.read_vars(names, node)))
        return b.add(IfOp(cond, calls[0][0], calls[0][1], calls[1][0], calls[1][1]), node)

    def lambda_expr(self, b: FunctionBuilder, node: ast.Lambda) -> SSAValue:
        check_signature(node, b.scope.source)
        line = b.scope.location(node).line
        symbol = self.unique_symbol(f"{b.scope.symbol}.lambda_L{line}")
        captures = self.inputs(b, {v for v in analysis.free_names(node) if b.scope.is_local(v)})
        static = StaticFunction(symbol, node, captures)  # type: ignore[arg-type]
        self.nested_function(b, node, static)
        return b.closure(static, node)

    # -- names, attributes and calls -------------------------------------------

    def resolve_global(self, b: FunctionBuilder, name: str, node: ast.AST) -> Resolved:
        return resolve_name(name, b.scope.globals, b.scope.cells)

    def materialize(self, b: FunctionBuilder, resolved: Resolved, name: str, node: ast.AST) -> SSAValue:
        """A global as a first-class value."""
        loc = b.scope.location(node)
        if isinstance(resolved, Constant):
            return b.const(resolved.value, node)
        if isinstance(resolved, PythonFunction):
            return b.add(ClosureOp(self._request(resolved.fn)), node)
        if isinstance(resolved, Builtin):
            return b.add(ClosureOp(self.builtin_wrapper(resolved.name, b, node)), node)
        if isinstance(resolved, Unsupported):
            raise MyiaSyntaxError(resolved.reason, loc)
        if isinstance(resolved, ModuleRef):
            raise MyiaSyntaxError(f"the module '{name}' can only be used as `{name}.attribute`", loc)
        if isinstance(resolved, RecordClass):
            raise MyiaSyntaxError(f"the class '{name}' can only be called", loc)
        raise MyiaSyntaxError(f"'{name}' cannot be used as a value", loc)

    def builtin_wrapper(self, name: str, b: FunctionBuilder, node: ast.AST) -> str:
        """A function wrapping a builtin, for when it is used as a value."""
        key = ("builtin", name)
        if key in self.parsed:
            return self.parsed[key]
        arity = _builtin_arity(name)
        if arity is None:
            raise MyiaSyntaxError(f"'{name}' cannot be used as a value", b.scope.location(node))
        symbol = self.unique_symbol(name.replace("math.", "math_"))
        self.parsed[key] = symbol
        params = [f"x{i}" for i in range(arity)]
        func = FuncOp(symbol, params, 0, private=True)
        func.location = b.scope.location(node).to_attr()
        self.module.body.block.add_op(func)
        fb = FunctionBuilder(self, b.scope, func, dict(zip(params, func.args, strict=True)))
        fake = ast.Call(ast.Name(name), [ast.Name(p, ast.Load()) for p in params], [])
        ast.copy_location(fake, node)
        fb.ret(self.call_builtin(fb, name, fake, list(func.args)), node)
        return symbol

    def static_value(self, b: FunctionBuilder, node: ast.expr) -> Resolved | None:
        """What a dotted global name (``math.sin``, ``mod.CONST``) refers to, if the
        expression is one."""
        if isinstance(node, ast.Name):
            if b.scope.is_local(node.id) or node.id in b.env:
                return None
            return self.resolve_global(b, node.id, node)
        if isinstance(node, ast.Attribute):
            base = self.static_value(b, node.value)
            if isinstance(base, ModuleRef):
                return resolve_module_attribute(base.module, node.attr)
            if base is not None:
                return Unsupported(f"cannot read attribute '{node.attr}' of a global object")
        return None

    def attribute(self, b: FunctionBuilder, node: ast.Attribute) -> SSAValue:
        static = self.static_value(b, node)
        if static is not None:
            return self.materialize(b, static, ast.unparse(node), node)
        obj = self.expr(b, node.value)
        return b.add(GetAttrOp(obj, node.attr), node)

    def call(self, b: FunctionBuilder, node: ast.Call) -> SSAValue:
        loc = b.scope.location(node)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise MyiaSyntaxError("calls with *args are not supported", b.scope.location(arg))
        for kw in node.keywords:
            if kw.arg is None:
                raise MyiaSyntaxError("calls with **kwargs are not supported", b.scope.location(kw.value))
        func = node.func
        static = self.static_value(b, func)
        if static is None and isinstance(func, ast.Name):
            binding = b.env.get(func.id)
            if binding is None and b.scope.is_local(func.id):
                binding = b.scope.static(func.id)
            if isinstance(binding, StaticFunction):
                args = self.bind_arguments(b, node, binding.node, [])
                caps = b.read_vars(binding.captures, node)
                return b.add(CallOp(binding.symbol, [*caps, *args]), node)
        if static is not None:
            if isinstance(static, PythonFunction):
                symbol = self._request(static.fn)
                fn_node = self.source(static.fn).node
                args = self.bind_arguments(b, node, fn_node, static.fn.__defaults__ or ())
                return b.add(CallOp(symbol, args), node)
            if isinstance(static, Builtin):
                if node.keywords and static.name not in ("enumerate",):
                    raise MyiaSyntaxError(f"{static.name}() takes no keyword arguments here", loc)
                args = [self.expr(b, a) for a in node.args]
                return self.call_builtin(b, static.name, node, args)
            if isinstance(static, RecordClass):
                return self.construct_record(b, static.cls, node)
            if isinstance(static, Unsupported):
                raise MyiaSyntaxError(static.reason, b.scope.location(func))
            if isinstance(static, Constant):
                raise MyiaSyntaxError(f"'{ast.unparse(func)}' is not callable", loc)
            if isinstance(static, ModuleRef):
                raise MyiaSyntaxError(f"a module is not callable", loc)
        if node.keywords:
            raise MyiaSyntaxError(
                "keyword arguments are only supported in calls to functions known at "
                "parse time", b.scope.location(node.keywords[0])
            )
        fn_value = self.expr(b, func)
        args = [self.expr(b, a) for a in node.args]
        return b.add(ApplyOp(fn_value, args), node)

    def bind_arguments(
        self, b: FunctionBuilder, node: ast.Call, fn_node: ast.FunctionDef | ast.Lambda, defaults: Sequence[Any]
    ) -> list[SSAValue]:
        """Match a call's arguments to the parameters of a known function, filling
        in constant defaults."""
        loc = b.scope.location(node)
        a = fn_node.args
        positional = [p.arg for p in a.posonlyargs + a.args]
        kwonly = [p.arg for p in a.kwonlyargs]
        name = getattr(fn_node, "name", "<lambda>")
        if len(node.args) > len(positional):
            raise MyiaTypeError(
                f"{name}() takes {len(positional)} positional argument(s) but "
                f"{len(node.args)} were given", loc
            )
        values: dict[str, SSAValue] = {}
        for pname, arg in zip(positional, node.args):
            values[pname] = self.expr(b, arg)
        for kw in node.keywords:
            assert kw.arg is not None
            if kw.arg not in positional and kw.arg not in kwonly:
                raise MyiaTypeError(f"{name}() got an unexpected keyword argument '{kw.arg}'", loc)
            if kw.arg in values:
                raise MyiaTypeError(f"{name}() got multiple values for argument '{kw.arg}'", loc)
            values[kw.arg] = self.expr(b, kw.value)
        pos_defaults = dict(zip(positional[len(positional) - len(a.defaults):], a.defaults))
        kw_defaults = {k: d for k, d in zip(kwonly, a.kw_defaults) if d is not None}
        result = []
        for pname in positional + kwonly:
            if pname in values:
                result.append(values[pname])
                continue
            default = pos_defaults.get(pname, kw_defaults.get(pname))
            if default is None:
                raise MyiaTypeError(f"{name}() missing required argument '{pname}'", loc)
            result.append(self.default_value(b, default, node))
        return result

    def default_value(self, b: FunctionBuilder, default: ast.expr, node: ast.AST) -> SSAValue:
        try:
            value = ast.literal_eval(default)
        except ValueError:
            raise MyiaSyntaxError(
                "default argument values must be constants", b.scope.location(default)
            ) from None
        return b.const(value, node)

    def construct_record(self, b: FunctionBuilder, cls: type, node: ast.Call) -> SSAValue:
        loc = b.scope.location(node)
        fields = [f for f in dataclasses.fields(cls) if f.init]
        names = [f.name for f in fields]
        if len(node.args) > len(fields):
            raise MyiaTypeError(f"{cls.__name__}() takes {len(fields)} field(s) but "
                                f"{len(node.args)} were given", loc)
        values: dict[str, SSAValue] = {}
        for fname, arg in zip(names, node.args):
            values[fname] = self.expr(b, arg)
        for kw in node.keywords:
            assert kw.arg is not None
            if kw.arg not in names:
                raise MyiaTypeError(f"{cls.__name__}() has no field '{kw.arg}'", loc)
            values[kw.arg] = self.expr(b, kw.value)
        result = []
        for f in fields:
            if f.name in values:
                result.append((f.name, values[f.name]))
            elif f.default is not dataclasses.MISSING:
                result.append((f.name, b.const(f.default, node)))
            else:
                raise MyiaTypeError(f"{cls.__name__}() missing field '{f.name}'", loc)
        return b.add(RecordOp(record_class_name(cls), result), node)

    def call_builtin(self, b: FunctionBuilder, name: str, node: ast.Call, args: list[SSAValue]) -> SSAValue:
        loc = b.scope.location(node)

        def arity(low: int, high: int | None = None) -> None:
            high = low if high is None else high
            if not low <= len(args) <= high:
                want = str(low) if low == high else f"{low} to {high}"
                raise MyiaTypeError(f"{name}() takes {want} argument(s), got {len(args)}", loc)

        if name.startswith("math."):
            fname = name[5:]
            if fname == "log" and len(args) == 2:
                return b.prim("truediv", node, b.prim("log", node, args[0]), b.prim("log", node, args[1]))
            if fname == "pow":
                arity(2)
                return b.prim("pow", node, b.prim("float", node, args[0]), b.prim("float", node, args[1]))
            from myia.dialects import PRIMITIVES

            arity(PRIMITIVES[fname].arity)  # type: ignore[arg-type]
            return b.prim(fname, node, *args)
        if name in ("len", "abs", "int", "float", "round"):
            arity(1)
            return b.prim(name, node, *args)
        if name == "bool":
            arity(1)
            return b.prim("truth", node, *args)
        if name in ("min", "max"):
            if len(args) < 2:
                raise MyiaTypeError(f"{name}() of a single iterable is not supported; pass the values", loc)
            result = args[0]
            for arg in args[1:]:
                result = b.prim(name, node, result, arg)
            return result
        if name == "pow":
            arity(2)
            return b.prim("pow", node, *args)
        if name == "divmod":
            arity(2)
            return b.add(TupleOp([b.prim("floordiv", node, *args), b.prim("mod", node, *args)]), node)
        if name == "range":
            arity(1, 3)
            if len(args) == 1:
                args = [b.const(0, node), args[0]]
            if len(args) == 2:
                args = [*args, b.const(1, node)]
            return b.prim("range", node, *args)
        if name == "zip":
            if not args:
                raise MyiaTypeError("zip() needs at least one sequence", loc)
            return b.prim("zip", node, *args)
        if name == "enumerate":
            start: SSAValue | None = None
            for kw in node.keywords:
                if kw.arg != "start":
                    raise MyiaTypeError(f"enumerate() got an unexpected keyword argument '{kw.arg}'", loc)
                start = self.expr(b, kw.value)
            if len(args) == 2 and start is None:
                start = args.pop()
            arity(1)
            return b.prim("enumerate", node, args[0], start if start is not None else b.const(0, node))
        raise MyiaSyntaxError(f"the builtin '{name}' is not supported", loc)


def _builtin_arity(name: str) -> int | None:
    if name.startswith("math."):
        from myia.dialects import PRIMITIVES

        fname = name[5:]
        if fname == "pow":
            return 2
        arity = PRIMITIVES[fname].arity if fname in PRIMITIVES else None
        return arity if isinstance(arity, int) else None
    return {"len": 1, "abs": 1, "int": 1, "float": 1, "round": 1, "bool": 1,
            "min": 2, "max": 2, "pow": 2, "divmod": 2}.get(name)  # fmt: skip


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


def check_target(target: ast.expr, scope: PyScope) -> None:
    loc = scope.location(target)
    if isinstance(target, ast.Name):
        return
    if isinstance(target, ast.Tuple | ast.List):
        for elt in target.elts:
            check_target(elt, scope)
        return
    if isinstance(target, ast.Subscript):
        raise MyiaSyntaxError("item assignment is not supported: myia values are immutable", loc)
    if isinstance(target, ast.Attribute):
        raise MyiaSyntaxError("attribute assignment is not supported: myia values are immutable", loc)
    if isinstance(target, ast.Starred):
        raise MyiaSyntaxError("starred assignment (*x) is not supported", loc)
    raise MyiaSyntaxError(f"cannot assign to {type(target).__name__}", loc)


def check_signature(node: ast.FunctionDef | ast.Lambda, source: FunctionSource) -> None:
    a = node.args
    if a.vararg is not None:
        raise MyiaSyntaxError("functions with *args are not supported", source.location(a.vararg))
    if a.kwarg is not None:
        raise MyiaSyntaxError("functions with **kwargs are not supported", source.location(a.kwarg))


def order_functions(module: ModuleOp) -> None:
    """Sort the functions of a module for reading: each user function followed by
    the pieces it was cut into, in source order."""
    funcs = [op for op in module.ops if isinstance(op, FuncOp)]
    groups: dict[str, list[FuncOp]] = {}
    for func in funcs:
        owner = func.owner.root_reference.data if func.owner else func.sym_name.data
        groups.setdefault(owner, []).append(func)

    def line(func: FuncOp) -> int:
        loc = SourceLocation.from_attr(func.location)
        return loc.line if loc else 0

    ordered = []
    for owner, members in groups.items():
        head = [f for f in members if f.owner is None]
        pieces = sorted((f for f in members if f.owner is not None), key=line)
        ordered += head + pieces
    for func in ordered:
        func.detach()
        module.body.block.add_op(func)


def parse(fn: Any) -> ModuleOp:
    """Parse ``fn`` and every function it calls into a module; ``fn`` is public."""
    fe = Frontend()
    symbol = fe.function(fn)
    entry = fe.func_op(symbol)
    entry.sym_visibility = None
    order_functions(fe.module)
    return fe.module
