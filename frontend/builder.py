"""Emitting the ops of one ``myia.func``, and the ways control leaves a piece of
code (falling off its end, ``break``, ``continue``)."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xdsl.ir import Attribute, Block, Operation, SSAValue

from myia.dialects import (
    CallOp,
    ClosureOp,
    ConstOp,
    FuncOp,
    ReturnOp,
    TupleOp,
    UndefinedOp,
    prim_op,
)
from myia.dialects.ops_value import literal_attr
from myia.errors import MyiaSyntaxError
from myia.frontend.scope import Binding, PyScope, StaticFunction, _arg_name

if TYPE_CHECKING:
    from myia.frontend.parser import Frontend

BOOL_PRIMS = {"eq", "ne", "lt", "le", "gt", "ge", "is", "is_not", "not", "truth", "contains",
              "hasnext", "isnan", "isinf", "isfinite"}  # fmt: skip


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
        if not values:
            b.ret(b.const(None, node), node)
        elif len(values) == 1:
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

    def prim(self, name: str, node: ast.AST, *args: SSAValue, numpy: bool = False) -> SSAValue:
        """Primitive ``name`` of ``args`` (``numpy``: a numpy function's, see
        :class:`myia.dialects.primitive.PrimOp`)."""
        value = self.add(prim_op(name, *args, numpy=numpy), node)
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
            return self.named(self.closure(binding, node), name)
        if isinstance(binding, SSAValue):
            return binding
        return self.fe.materialize(self, binding, name, node)

    def read_vars(self, names: Sequence[str], node: ast.AST) -> list[SSAValue]:
        return [self.read_var(n, node) for n in names]

    def closure(self, static: StaticFunction, node: ast.AST) -> SSAValue:
        self.scope.check_capture(node, static.captures)
        caps = self.read_vars(static.captures, node)
        return self.add(ClosureOp(static.symbol, caps), node)


def constant_attr(value: Any, scope: PyScope, node: ast.AST) -> Attribute:
    attr = literal_attr(value)
    if attr is not None:
        return attr
    if isinstance(value, int):
        raise MyiaSyntaxError(f"the integer {value} does not fit in 64 bits", scope.location(node))
    raise MyiaSyntaxError(
        f"myia cannot embed a constant of type {type(value).__name__}", scope.location(node)
    )
