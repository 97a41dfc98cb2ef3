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

Every op carries the location of the Python code it comes from."""

from __future__ import annotations

import ast
import inspect
import re
import types
from collections.abc import Callable, Sequence
from typing import Any

from xdsl.dialects.builtin import (
    ArrayAttr,
    Float64Type,
    IntegerType,
    ModuleOp,
    SymbolRefAttr,
    UnitAttr,
)
from xdsl.ir import Attribute

from myia.dialects import ApplyOp, FuncOp
from myia.dialects.ops_value import const_attr
from myia.dialects.record_classes import RECORD_CLASSES, record_class_name
from myia.dialects.symbols import fresh_symbol
from myia.errors import MyiaSyntaxError, SourceLocation
from myia.frontend import analysis
from myia.frontend.builder import Exits, FunctionBuilder, ReturnNone
from myia.frontend.calls import CallConverter
from myia.frontend.expressions import ExpressionConverter
from myia.frontend.numpy_api import NumpyConverter
from myia.frontend.resolve import resolve_object
from myia.frontend.scope import (
    Binding,
    PyScope,
    StaticFunction,
    _arg_name,
    _order_key,
    check_signature,
)
from myia.frontend.source import FunctionSource, function_source
from myia.frontend.statements import StatementConverter

__all__ = ["RECORD_CLASSES", "Frontend", "parse", "record_class_name"]


class Frontend(StatementConverter, ExpressionConverter, CallConverter, NumpyConverter):
    """Parses Python functions, and what they call, into one module.

    Functions are parsed on demand and once each; :meth:`function` and
    :meth:`method` return the symbol of the parsed function."""

    def __init__(self) -> None:
        self.module = ModuleOp([])
        self.symbols: set[str] = set()
        self.parsed: dict[Any, str] = {}
        self.pending: list[Callable[[], None]] = []
        self.sources: dict[Any, FunctionSource] = {}

    @classmethod
    def for_module(cls, module: ModuleOp) -> Frontend:
        """A frontend parsing more functions into ``module`` (which another
        frontend made: its functions' symbols are taken)."""
        frontend = cls()
        frontend.module = module
        frontend.symbols = {f.sym_name.data for f in module.ops if isinstance(f, FuncOp)}
        return frontend

    def source(self, fn: types.FunctionType) -> FunctionSource:
        if fn not in self.sources:
            self.sources[fn] = function_source(fn)
        return self.sources[fn]

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
            raise MyiaSyntaxError(
                f"{cls.__qualname__}.{name}: static and class methods are not supported"
            )
        return self.function(attr)

    def entry_for(self, obj: Any) -> str:
        """A public function applying ``obj`` (a ``myia.grad`` of a Python
        function...) to its parameters: the entry point compiled for ``obj``."""
        fn = obj
        while hasattr(fn, "__myia_grad__"):
            fn = fn.__myia_grad__[0]
        fn = getattr(fn, "__myia_function__", fn)
        source = self.source(fn)
        symbol = self.unique_symbol(f"{fn.__qualname__}.grad_entry")
        scope = self._make_scope(source.node, source, fn.__globals__, {}, None, symbol, fn.__name__)
        a = source.node.args
        params = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]
        func = FuncOp(symbol, params, 0)
        func.location = scope.location(source.node).to_attr()
        # Not the user's code: tracebacks start at the function it applies.
        func.attributes["myia.hidden"] = UnitAttr()
        self.module.body.block.add_op(func)
        b = FunctionBuilder(self, scope, func, dict(zip(params, func.args, strict=True)))
        value = self.materialize(b, resolve_object(obj, fn.__name__), fn.__name__, source.node)
        b.ret(b.add(ApplyOp(value, list(func.args)), source.node), source.node)
        self._drain()
        return symbol

    def func_op(self, symbol: str) -> FuncOp:
        for op in self.module.ops:
            if isinstance(op, FuncOp) and op.sym_name.data == symbol:
                return op
        raise KeyError(symbol)

    def unique_symbol(self, base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_$.]", "_", base.replace("<locals>.", "")).strip(".")
        if not base or not (base[0].isalpha() or base[0] == "_"):
            base = "f" + base
        return fresh_symbol(base, self.symbols)

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
        self.pending.append(lambda: self._convert_toplevel(fn, source, symbol, cells))
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
        scope.function = fn
        try:
            self._convert_function(scope, node, [], private=True)
        except RecursionError:
            raise MyiaSyntaxError(
                f"{fn.__name__} nests too deeply to be compiled (Python's recursion limit "
                "was reached while reading it): split it into smaller functions",
                source.location(node),
            ) from None
        rules = getattr(fn, "__myia_custom_vjp__", None)
        if rules is not None:
            self._attach_custom_vjp(fn, rules, symbol, source)

    def _attach_custom_vjp(self, fn: Any, rules: Any, symbol: str, source: FunctionSource) -> None:
        """Parse the forward and backward rules of a ``myia.custom_vjp`` function
        and name them on its ``myia.func`` (``myia.custom_vjp = [@fwd, @bwd]``)."""
        if rules.fwd is None or rules.bwd is None:
            raise MyiaSyntaxError(
                f"{fn.__qualname__} is a myia.custom_vjp without rules: call "
                f"{fn.__name__}.defvjp(fwd, bwd)",
                source.location(source.node),
            )
        refs = [SymbolRefAttr(self._request(rules.fwd)), SymbolRefAttr(self._request(rules.bwd))]
        self.func_op(symbol).attributes["myia.custom_vjp"] = ArrayAttr(refs)

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
        scope = PyScope(
            source,
            globals_,
            cells,
            local_names,
            order,
            parent,
            symbol,
            pyname,
            len(params),
            node=node,
        )
        if isinstance(node, ast.FunctionDef):
            self._declare_static_functions(scope, node.body)
        return scope

    def _declare_static_functions(self, scope: PyScope, body: list[ast.stmt]) -> None:
        """Nested functions whose name is bound once, by a ``def`` or by
        ``name = lambda ...``, are static: called directly, and able to call
        themselves and each other whatever the order of their definitions."""
        defs: dict[str, list[ast.FunctionDef | ast.Lambda]] = {}
        others = {p for p, i in scope.order.items() if i < scope.nparams}
        for stmt in body:
            for n in analysis._walk_scope(stmt):
                if isinstance(n, ast.FunctionDef):
                    defs.setdefault(n.name, []).append(n)
                elif (
                    isinstance(n, ast.Assign)
                    and len(n.targets) == 1
                    and isinstance(n.targets[0], ast.Name)
                    and isinstance(n.value, ast.Lambda)
                ):
                    defs.setdefault(n.targets[0].id, []).append(n.value)
                elif isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.For):
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
            name: {v for v in analysis.free_names(st.node) if scope.is_local(v)}
            for name, st in scope.statics.items()
        }
        changed = True
        while changed:
            changed = False
            for names in free.values():
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
        func = FuncOp(
            scope.symbol,
            [*captures, *params],
            len(captures),
            private=private,
            defaults=default_attributes(
                params, self.defaults_of(scope.function, node, scope.source)
            ),
        )
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

    @staticmethod
    def defaults_of(
        fn: types.FunctionType | None, node: ast.FunctionDef | ast.Lambda, source: FunctionSource
    ) -> dict[str, Any]:
        """The default values of a function's parameters, by name: the values of
        ``__defaults__`` for a function object, constant expressions for a nested
        function (whose defaults Python evaluates at its definition)."""
        if fn is not None:
            a = node.args
            positional = [p.arg for p in a.posonlyargs + a.args]
            values = dict(
                zip(
                    positional[len(positional) - len(fn.__defaults__ or ()) :],
                    fn.__defaults__ or (),
                )
            )
            values.update(fn.__kwdefaults__ or {})
            return values
        a = node.args
        positional = [p.arg for p in a.posonlyargs + a.args]
        result: dict[str, Any] = {}
        pairs = list(zip(positional[len(positional) - len(a.defaults) :], a.defaults))
        pairs += [(p.arg, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
        for name, expr in pairs:
            try:
                result[name] = ast.literal_eval(expr)
            except ValueError:
                raise MyiaSyntaxError(
                    "default values of nested functions must be constants",
                    source.location(expr),
                ) from None
        return result

    def _nested_scope(
        self, b: FunctionBuilder, node: ast.FunctionDef | ast.Lambda, symbol: str
    ) -> PyScope:
        name = node.name if isinstance(node, ast.FunctionDef) else "<lambda>"
        return self._make_scope(
            node, b.scope.source, b.scope.globals, b.scope.cells, b.scope, symbol, name
        )

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
        func = FuncOp(
            symbol,
            [_arg_name(v) for v in values],
            len(captures),
            private=True,
            owner=b.scope.symbol,
        )
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
            static = (
                binding
                if isinstance(binding, StaticFunction)
                else (b.scope.static(name) if binding is None else None)
            )
            if static is not None:
                result |= set(self.inputs(b, set(static.captures)))
            else:
                result.add(name)
        return sorted(result, key=lambda v: _order_key(b.scope, v))


def default_attributes(params: list[str], defaults: dict[str, Any]) -> list[Attribute]:
    """The ``defaults`` of a ``myia.func``: the constants of the longest run of
    trailing parameters that all have a scalar (or None, or string) default."""
    result: list[Attribute] = []
    for name in reversed(params):
        value = defaults.get(name, _NO_DEFAULT)
        if value is _NO_DEFAULT or not isinstance(value, bool | int | float | str | type(None)):
            break
        if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
            break
        literal_type = (
            IntegerType(1)
            if isinstance(value, bool)
            else (IntegerType(64) if isinstance(value, int) else Float64Type())
        )
        result.append(const_attr(value, literal_type))
    return result[::-1]


_NO_DEFAULT = object()


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
    for members in groups.values():
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
