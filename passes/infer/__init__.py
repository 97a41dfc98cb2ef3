"""Type inference and specialization (the ``myia-infer`` pass)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from xdsl.context import Context as XContext
from xdsl.dialects.builtin import ArrayAttr, ModuleOp, StringAttr
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import ParseError

from myia.dialects.abstract import NUMPY_SCALARS, Abstract, from_type, numpy_scalar_paths
from myia.dialects.ops_function import FuncOp
from myia.dialects.rules_util import BOOL_RESULT, PY_FLOAT, PY_INT
from myia.dialects.types import AnyType
from myia.errors import MyiaTypeError, SourceLocation
from myia.passes.infer.engine import Inferrer
from myia.passes.infer.specialize import Specializer
from myia.passes.symbol_uses import replace_functions

__all__ = [
    "InferPass",
    "MethodResolver",
    "infer_module",
    "module_resolver",
    "set_method_resolver",
]


def infer_module(
    module: ModuleOp,
    entry: str,
    args: Sequence[Abstract],
    resolver: MethodResolver | None = None,
) -> tuple[ModuleOp, str]:
    """Infer ``entry`` of the untyped ``module`` called with ``args``: the typed
    module of its specializations, and the symbol of the typed entry. (``module``
    is left as it is, but for the methods ``resolver`` parses into it.)"""
    inferrer = Inferrer(module, resolver)
    ctx = inferrer.infer(entry, args)
    typed, (symbol,) = Specializer(inferrer, [ctx]).run()
    mark_numpy_scalars(typed, symbol, ctx.result)
    return typed, symbol


def mark_numpy_scalars(typed: ModuleOp, symbol: str, result: Abstract) -> None:
    """Tell the backends which scalars of the entry's result are numpy scalars
    (``myia.numpy_scalars``), if any is."""
    paths = numpy_scalar_paths(result)
    if paths:
        func = next(f for f in typed.ops if isinstance(f, FuncOp) and f.sym_name.data == symbol)
        func.attributes[NUMPY_SCALARS] = ArrayAttr([StringAttr(p) for p in paths])


PYTHON_SCALARS = {"int": PY_INT, "float": PY_FLOAT, "bool": BOOL_RESULT}
"""The names of Python's scalar types in ``myia-infer{args=...}``."""


@dataclass(frozen=True)
class InferPass(ModulePass):
    """Infer types from the public functions whose parameters are typed (or from
    ``entry`` called with ``args``), one specialization per signature.

    ``myia-infer{entry=f args=f64,i64}`` gives the argument types of an untyped
    entry (as from the Python input format): IR types are numpy's scalars
    (``f64`` is ``np.float64``), and ``int``, ``float`` and ``bool`` Python's
    (weak: Python ints never wrap around)."""

    name = "myia-infer"

    entry: str | None = None
    args: tuple[str, ...] | None = None

    def apply(self, ctx: XContext, op: ModuleOp) -> None:
        if self.args is not None:
            if self.entry is None:
                raise MyiaTypeError("myia-infer: `args` needs `entry`")
            from xdsl.parser import Parser

            try:
                args = tuple(
                    PYTHON_SCALARS[text]
                    if text in PYTHON_SCALARS
                    else from_type(Parser(ctx, text).parse_type())
                    for text in self.args
                )
            except (ParseError, TypeError) as exc:
                message = exc.msg if isinstance(exc, ParseError) else str(exc)
                raise MyiaTypeError(f"myia-infer: args={','.join(self.args)}: {message}") from None
            inferrer = Inferrer(op, module_resolver(op))
            context = inferrer.infer(self.entry, args)
            typed, (symbol,) = Specializer(inferrer, [context]).run()
            mark_numpy_scalars(typed, symbol, context.result)
            replace_functions(op, typed)
            return
        funcs = [f for f in op.ops if isinstance(f, FuncOp)]
        if self.entry is not None:
            entries = [f for f in funcs if f.sym_name.data == self.entry]
            if not entries:
                raise MyiaTypeError(f"myia-infer: no function named @{self.entry}")
        else:
            entries = [
                f
                for f in funcs
                if not f.is_private and not any(isinstance(a.type, AnyType) for a in f.args)
            ]
            if not entries:
                raise MyiaTypeError(
                    "myia-infer needs an entry point: a public myia.func whose parameters "
                    "are typed, e.g. `myia.func @f(%x : f64)`"
                )
        inferrer = Inferrer(op, module_resolver(op))
        contexts = []
        for func in entries:
            untyped = [a for a in func.args if isinstance(a.type, AnyType)]
            if untyped:
                raise MyiaTypeError(
                    f"myia-infer: the parameters of @{func.sym_name.data} must be typed"
                )
            try:
                args = tuple(from_type(a.type) for a in func.args)
            except TypeError as exc:
                raise MyiaTypeError(
                    f"@{func.sym_name.data}: {exc}", SourceLocation.from_attr(func.location)
                ) from None
            contexts.append(inferrer.infer(func.sym_name.data, args))
        typed, _ = Specializer(inferrer, contexts).run()
        replace_functions(op, typed)


class MethodResolver(Protocol):
    """What inference asks of a Python frontend: the symbol of the method (or
    property getter) ``name`` of the dataclass ``cls``, parsed into the module
    being inferred (``myia.frontend.Frontend`` is one)."""

    def method(self, cls: type, name: str) -> str: ...


ResolverFactory = Callable[[ModuleOp], MethodResolver]
"""Makes the resolver of the methods met while inferring a module (parsing them
into it)."""

_resolver_factory: ResolverFactory | None = None


def set_method_resolver(factory: ResolverFactory | None) -> None:
    """Use ``factory`` for the resolver of the ``myia-infer`` pass. The passes do
    not import the frontend (it is one source of IR among others); the API layer
    that loads Python inputs (``myia-opt``) gives it here. Without one, a method
    of a dataclass is an error, as for a module of textual IR."""
    global _resolver_factory
    _resolver_factory = factory


def module_resolver(module: ModuleOp) -> MethodResolver | None:
    """The resolver parsing the methods of the dataclasses inference meets (those
    this process has imported: from a Python input of ``myia-opt``) into
    ``module``, as ``myia.jit``'s frontend does into its own."""
    return None if _resolver_factory is None else _resolver_factory(module)
