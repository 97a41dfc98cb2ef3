"""Calls: of known Python functions (with keywords and defaults), of nested
functions, of function values, of builtins and ``math``, and of dataclasses."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from typing import Any

from xdsl.ir import SSAValue

from myia.dialects import PRIMITIVES, ApplyOp, CallOp, FuncOp, RecordOp, TupleOp
from myia.dialects.grad_ops import GradOp
from myia.dialects.prims_math import PYTHON_MATH
from myia.dialects.record_classes import record_class_name
from myia.errors import MyiaSyntaxError, MyiaTypeError, SourceLocation
from myia.frontend.builder import FunctionBuilder
from myia.frontend.resolve import (
    PRIMITIVE_PREFIX,
    Builtin,
    Constant,
    GradOf,
    ModuleRef,
    PythonFunction,
    RecordClass,
    Unsupported,
)
from myia.frontend.scope import StaticFunction
from myia.frontend.source import FunctionSource


class CallConverter:
    """Converts calls; mixed into :class:`Frontend`."""

    def builtin_wrapper(self, name: str, b: FunctionBuilder, node: ast.AST) -> str:
        """A function wrapping a builtin, for when it is used as a value."""
        key = ("builtin", name)
        if key in self.parsed:
            return self.parsed[key]
        arity = _builtin_arity(name)
        if arity is None:
            raise MyiaSyntaxError(f"'{name}' cannot be used as a value", b.scope.location(node))
        symbol = self.unique_symbol(name.replace("math.", "math_").replace(PRIMITIVE_PREFIX, ""))
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

    def call(self, b: FunctionBuilder, node: ast.Call) -> SSAValue:
        loc = b.scope.location(node)
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise MyiaSyntaxError("calls with *args are not supported", b.scope.location(arg))
        for kw in node.keywords:
            if kw.arg is None:
                raise MyiaSyntaxError(
                    "calls with **kwargs are not supported", b.scope.location(kw.value)
                )
        func = node.func
        static = self.static_value(b, func)
        if static is None and isinstance(func, ast.Name):
            binding = b.env.get(func.id)
            if binding is None and b.scope.is_local(func.id):
                binding = b.scope.static(func.id)
            if isinstance(binding, StaticFunction):
                defaults = self.defaults_of(None, binding.node, b.scope.source)
                args = self.bind_arguments(
                    b,
                    node,
                    binding.node,
                    defaults,
                    lambda p: default_location(binding.node, p, b.scope.source),
                )
                caps = b.read_vars(binding.captures, node)
                return b.add(CallOp(binding.symbol, [*caps, *args]), node)
        if static is not None:
            if isinstance(static, PythonFunction):
                symbol = self._request(static.fn)
                source = self.source(static.fn)
                defaults = self.defaults_of(static.fn, source.node, source)
                args = self.bind_arguments(
                    b,
                    node,
                    source.node,
                    defaults,
                    lambda p: default_location(source.node, p, source),
                )
                return b.add(CallOp(symbol, args), node)
            if isinstance(static, Builtin):
                if static.name == "myia.tree_map":
                    if node.keywords or len(node.args) < 2:
                        raise MyiaTypeError(
                            "myia.tree_map(fn, tree, *trees) takes positional arguments", loc
                        )
                    return b.prim("tree_map", node, *[self.expr(b, a) for a in node.args])
                if static.name.startswith("myia."):
                    return self.call_grad(b, static.name[5:], node)
                if static.name.startswith("np."):
                    return self.call_numpy(b, static.name[3:], node)
                if node.keywords and static.name not in ("enumerate",):
                    raise MyiaSyntaxError(f"{static.name}() takes no keyword arguments here", loc)
                args = [self.expr(b, a) for a in node.args]
                return self.call_builtin(b, static.name, node, args)
            if isinstance(static, RecordClass):
                return self.construct_record(b, static.cls, node)
            if isinstance(static, GradOf):
                fn_value = self.materialize(b, static, ast.unparse(func), func)
                args = [self.expr(b, a) for a in node.args]
                keywords = [kw.arg for kw in node.keywords if kw.arg is not None]
                args += [self.expr(b, kw.value) for kw in node.keywords]
                return b.add(ApplyOp(fn_value, args, keywords=keywords), node)
            if isinstance(static, Unsupported):
                raise MyiaSyntaxError(static.reason, b.scope.location(func))
            if isinstance(static, Constant):
                raise MyiaSyntaxError(f"'{ast.unparse(func)}' is not callable", loc)
            if isinstance(static, ModuleRef):
                raise MyiaSyntaxError("a module is not callable", loc)
        fn_value = self.expr(b, func)
        args = [self.expr(b, a) for a in node.args]
        keywords = [kw.arg for kw in node.keywords if kw.arg is not None]
        args += [self.expr(b, kw.value) for kw in node.keywords]
        return b.add(ApplyOp(fn_value, args, keywords=keywords), node)

    def bind_arguments(
        self,
        b: FunctionBuilder,
        node: ast.Call,
        fn_node: ast.FunctionDef | ast.Lambda,
        defaults: dict[str, Any],
        default_location: Callable[[str], SourceLocation],
    ) -> list[SSAValue]:
        """Match a call's arguments to the parameters of a known function, filling
        in its defaults (by parameter name)."""
        loc = b.scope.location(node)
        a = fn_node.args
        positional = [p.arg for p in a.posonlyargs + a.args]
        kwonly = [p.arg for p in a.kwonlyargs]
        name = getattr(fn_node, "name", "<lambda>")
        if len(node.args) > len(positional):
            raise MyiaTypeError(
                f"{name}() takes {len(positional)} positional argument(s) but "
                f"{len(node.args)} were given",
                loc,
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
        result = []
        for pname in positional + kwonly:
            if pname in values:
                result.append(values[pname])
            elif pname in defaults:
                try:
                    result.append(b.const(defaults[pname], node))
                except MyiaSyntaxError as exc:
                    raise MyiaSyntaxError(exc.message, default_location(pname)) from None
            else:
                raise MyiaTypeError(f"{name}() missing required argument '{pname}'", loc)
        return result

    def construct_record(self, b: FunctionBuilder, cls: type, node: ast.Call) -> SSAValue:
        loc = b.scope.location(node)
        fields = [f for f in dataclasses.fields(cls) if f.init]
        names = [f.name for f in fields]
        if len(node.args) > len(fields):
            raise MyiaTypeError(
                f"{cls.__name__}() takes {len(fields)} field(s) but {len(node.args)} were given",
                loc,
            )
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

    def call_grad(self, b: FunctionBuilder, name: str, node: ast.Call) -> SSAValue:
        """``myia.grad(f, argnums=0)`` and ``myia.value_and_grad(f, argnums=0)``:
        the argnums must be constants (ints, names, or tuples of them)."""
        loc = b.scope.location(node)
        if not node.args:
            raise MyiaTypeError(f"myia.{name}() needs the function to differentiate", loc)
        argnums_node: ast.expr | None = node.args[1] if len(node.args) > 1 else None
        for kw in node.keywords:
            if kw.arg != "argnums" or argnums_node is not None:
                raise MyiaTypeError(
                    f"myia.{name}() got an unexpected keyword argument '{kw.arg}'", loc
                )
            argnums_node = kw.value
        if len(node.args) > 2:
            raise MyiaTypeError(f"myia.{name}() takes the function and argnums", loc)
        argnums: Any = 0
        if argnums_node is not None:
            try:
                argnums = ast.literal_eval(argnums_node)
            except ValueError:
                raise MyiaSyntaxError(
                    "argnums must be a constant: an int, a name, or a tuple of them",
                    b.scope.location(argnums_node),
                ) from None
        fn = self.expr(b, node.args[0])
        return grad_op(b, fn, argnums, name == "value_and_grad", node)

    def call_builtin(
        self, b: FunctionBuilder, name: str, node: ast.Call, args: list[SSAValue]
    ) -> SSAValue:
        loc = b.scope.location(node)

        def arity(low: int, high: int | None = None) -> None:
            high = low if high is None else high
            if not low <= len(args) <= high:
                want = str(low) if low == high else f"{low} to {high}"
                raise MyiaTypeError(f"{name}() takes {want} argument(s), got {len(args)}", loc)

        if name.startswith(PRIMITIVE_PREFIX):  # a declared primitive (a plugin's)
            prim = PRIMITIVES[name.removeprefix(PRIMITIVE_PREFIX)]
            if not prim.accepts(len(args)):
                raise MyiaTypeError(
                    f"{prim.name}() takes {prim.arity_text()}, got {len(args)}", loc
                )
            return b.prim(prim.name, node, *args)
        if name.startswith("math."):
            # math.f(x) is f on float(x): its math_f primitive (Python's value and
            # errors), or the shared one where numpy and math agree (fabs, floor...).
            fname = name[5:]
            floats = [b.prim("float", node, a) for a in args]
            if fname == "log" and len(args) == 2:
                log = "math_log"
                return b.prim(
                    "truediv", node, b.prim(log, node, floats[0]), b.prim(log, node, floats[1])
                )
            prim = f"math_{fname}" if fname in PYTHON_MATH else fname

            arity(PRIMITIVES[prim].arity)  # type: ignore[arg-type]
            result = b.prim(prim, node, *floats)
            if fname in ("floor", "ceil", "trunc"):
                result = b.prim("int", node, result)  # math.floor(2.5) is the int 2
            return result
        if name in ("len", "abs", "int", "float", "round"):
            arity(1)
            return b.prim(name, node, *args)
        if name == "bool":
            arity(1)
            return b.prim("truth", node, *args)
        if name in ("min", "max"):
            if len(args) < 2:
                raise MyiaTypeError(
                    f"{name}() of a single iterable is not supported; pass the values", loc
                )
            result = args[0]
            for arg in args[1:]:
                result = b.prim(name, node, result, arg)
            return result
        if name == "pow":
            arity(2)
            return b.prim("pow", node, *args)
        if name == "divmod":
            arity(2)
            return b.add(
                TupleOp([b.prim("floordiv", node, *args), b.prim("mod", node, *args)]), node
            )
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
                    raise MyiaTypeError(
                        f"enumerate() got an unexpected keyword argument '{kw.arg}'", loc
                    )
                start = self.expr(b, kw.value)
            if len(args) == 2 and start is None:
                start = args.pop()
            arity(1)
            return b.prim(
                "enumerate", node, args[0], start if start is not None else b.const(0, node)
            )
        raise MyiaSyntaxError(f"the builtin '{name}' is not supported", loc)


def _builtin_arity(name: str) -> int | None:
    if name.startswith(PRIMITIVE_PREFIX):
        arity = PRIMITIVES[name.removeprefix(PRIMITIVE_PREFIX)].arity
        return arity if isinstance(arity, int) else None
    if name.startswith("math."):
        fname = name[5:]
        if fname in PYTHON_MATH:
            return PYTHON_MATH[fname]
        arity = PRIMITIVES[fname].arity if fname in PRIMITIVES else None
        return arity if isinstance(arity, int) else None
    return {"len": 1, "abs": 1, "int": 1, "float": 1, "round": 1, "bool": 1,
            "min": 2, "max": 2, "pow": 2, "divmod": 2}.get(name)  # fmt: skip


def default_location(
    node: ast.FunctionDef | ast.Lambda, param: str, source: FunctionSource
) -> SourceLocation:
    """Where the default of ``param`` is written in ``node``'s signature."""
    a = node.args
    positional = a.posonlyargs + a.args
    for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults):
        if p.arg == param:
            return source.location(d)
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        if p.arg == param and d is not None:
            return source.location(d)
    return source.location(node)


def grad_op(
    b: FunctionBuilder, fn: SSAValue, argnums: Any, with_value: bool, node: ast.AST
) -> SSAValue:
    """The ``myia.grad`` of the function value ``fn``."""
    many = isinstance(argnums, tuple)
    items = list(argnums) if many else [argnums]
    if not items or not all(isinstance(a, int | str) and not isinstance(a, bool) for a in items):
        raise MyiaTypeError(
            "argnums must be an int, a parameter name, or a non-empty tuple of them",
            b.scope.location(node),
        )
    return b.add(GradOp(fn, items, with_value, many), node)
