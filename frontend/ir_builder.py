"""Building myia IR from Python, for frontends of other languages (``myia.ir``).

A frontend walks its own syntax tree and emits the myia dialect through
:class:`ModuleBuilder` and :class:`FunctionBuilder`; ``myia.compile_ir`` then
infers, differentiates and compiles the module, as ``myia.jit`` does for
Python. Each op carries a location in the frontend's source file (``loc=``, or
the builder's current location), so that type and shape errors and run-time
tracebacks point into that file. docs/ir_builder.md is the guide.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.dialects.builtin import (
    FileLineColLoc,
    ModuleOp,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.utils.exceptions import VerifyException

from myia.dialects import (
    PRIMITIVES,
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
    prim_op,
)
from myia.dialects.grad_ops import GradOp
from myia.dialects.ops_value import literal_attr
from myia.errors import MyiaIRError, SourceLocation

__all__ = ["FunctionBuilder", "Loc", "ModuleBuilder", "Value"]

Value = SSAValue
"""A value in the function being built (an xDSL ``SSAValue``)."""


@dataclass(frozen=True)
class Loc:
    """A point in the frontend's source: ``Loc("model.lisp", 3, 7)`` prints as
    ``loc("model.lisp":3:7)``; line and column are 1-based, as MLIR's."""

    filename: str
    line: int
    column: int = 1

    def source_location(self) -> SourceLocation:
        return SourceLocation(self.filename, self.line, max(self.column - 1, 0))

    def to_attr(self) -> FileLineColLoc:
        return self.source_location().to_attr()


LocLike = Loc | tuple[int, int] | None
"""A location: a :class:`Loc`, or ``(line, column)`` in the module's file."""


class ModuleBuilder:
    """A module being built: its functions, by name.

    ``filename`` is the frontend's source file, which ``(line, column)``
    locations refer to."""

    def __init__(self, filename: str = "<ir>"):
        self.filename = filename
        #: The module (an xDSL ``ModuleOp``), what ``myia.compile_ir`` takes.
        self.module = ModuleOp([])
        self.functions: dict[str, FunctionBuilder] = {}

    def function(
        self,
        name: str,
        params: Sequence[str],
        captures: Sequence[str] = (),
        *,
        private: bool = False,
        owner: str | FunctionBuilder | None = None,
        defaults: Sequence[Any] = (),
        loc: LocLike = None,
    ) -> FunctionBuilder:
        """A new function ``name`` (a ``myia.func``) taking the captured
        values ``captures`` (supplied by :meth:`FunctionBuilder.closure`), then
        ``params``. Entry points are public; a private function is erased when
        nothing uses it. ``owner``: the user-level function that a helper (a
        branch, a loop) belongs to, whose frame tracebacks show. ``defaults``:
        constants of the last parameters."""
        if name in self.functions:
            raise MyiaIRError(f"the module already has a function @{name}", self.location(loc))
        func = FuncOp(
            name,
            [*captures, *params],
            len(captures),
            private=private,
            owner=owner.name if isinstance(owner, FunctionBuilder) else owner,
            defaults=[self.constant_attr(d, loc) for d in defaults],
        )
        func.location = self.location_attr(loc)
        self.module.body.block.add_op(func)
        builder = FunctionBuilder(self, func, loc)
        self.functions[name] = builder
        return builder

    def verify(self) -> ModuleOp:
        """The module, verified: a malformed op is a :class:`MyiaIRError` at
        its location."""
        for func in self.functions.values():
            if not func.returned:
                raise MyiaIRError(
                    f"@{func.name} has no return (FunctionBuilder.ret)",
                    func.start.source_location(),
                )
        try:
            self.module.verify()
        except VerifyException as exc:
            raise MyiaIRError(str(exc).split("\n")[0], _failing_location(self.module)) from None
        return self.module

    def __str__(self) -> str:
        return str(self.module)

    # -- locations and constants -------------------------------------------------

    def location(self, loc: LocLike) -> SourceLocation | None:
        resolved = self.loc(loc)
        return resolved.source_location() if resolved else None

    def location_attr(self, loc: LocLike) -> Attribute:
        resolved = self.loc(loc)
        return resolved.to_attr() if resolved else SourceLocation(self.filename, 0).to_attr()

    def loc(self, loc: LocLike) -> Loc | None:
        if loc is None or isinstance(loc, Loc):
            return loc
        line, column = loc
        return Loc(self.filename, line, column)

    def constant_attr(self, value: Any, loc: LocLike) -> Attribute:
        attr = literal_attr(value)
        if attr is None:
            raise MyiaIRError(
                f"a myia constant is an int of 64 bits, a float, a bool, None or a str, not {value!r}",
                self.location(loc),
            )
        return attr


class FunctionBuilder:
    """Emits the ops of one function, in order: one straight-line block whose
    last op is :meth:`ret`. Each method takes ``loc=``; without it the op gets
    :attr:`location`, which a frontend sets as it walks its syntax tree."""

    def __init__(self, module: ModuleBuilder, func: FuncOp, loc: LocLike):
        self.module_builder = module
        self.op = func
        self.start = module.loc(loc) or Loc(module.filename, 0)
        #: The location of the ops emitted without ``loc=``.
        self.location: LocLike = loc
        self.returned = False
        args = list(func.entry.args)
        count = func.num_captures.data
        #: The captured values, then the parameters (block arguments).
        self.captures: list[Value] = args[:count]
        self.params: list[Value] = args[count:]

    @property
    def name(self) -> str:
        return self.op.sym_name.data

    def _emit(self, op: Operation, loc: LocLike) -> Value:
        if self.returned:
            raise MyiaIRError(
                f"@{self.name} already returned: ops go before its return",
                self.module_builder.location(loc or self.location),
            )
        op.location = self.module_builder.location_attr(loc or self.location)
        self.op.entry.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    # -- values ------------------------------------------------------------------

    def const(self, value: Any, *, loc: LocLike = None) -> Value:
        """A constant: an int (64 bits), float, bool, None, str, or a tuple of
        them. Ints and floats are weak, as Python's literals (they take the
        other operand's type in arithmetic)."""
        if isinstance(value, tuple):
            return self.tuple(*(self.const(v, loc=loc) for v in value), loc=loc)
        return self._emit(ConstOp(self.module_builder.constant_attr(value, loc)), loc)

    def prim(self, name: str, *args: Value, loc: LocLike = None) -> Value:
        """The primitive ``name`` (``add``, ``sin``, ``matmul``... see
        docs/dialect.md) of ``args``."""
        primitive = PRIMITIVES.get(name)
        if primitive is None:
            close = difflib.get_close_matches(name, list(PRIMITIVES), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise MyiaIRError(f"myia has no primitive {name!r}{hint}", self._where(loc))
        if not primitive.accepts(len(args)):
            raise MyiaIRError(
                f"the primitive {name!r} takes {primitive.arity_text()}, not {len(args)}",
                self._where(loc),
            )
        return self._emit(prim_op(name, *args), loc)

    def tuple(self, *elements: Value, loc: LocLike = None) -> Value:
        return self._emit(TupleOp(list(elements)), loc)

    def tuple_get(self, tup: Value, index: int, *, loc: LocLike = None) -> Value:
        """The element ``index`` (a constant) of a tuple."""
        return self._emit(TupleGetOp(tup, index), loc)

    def record(self, class_name: str, *, loc: LocLike = None, **fields: Value) -> Value:
        """A record (a dataclass instance in Python; a ``myia.Record`` when
        Python knows no class of that ``module.qualname``)."""
        return self._emit(RecordOp(class_name, list(fields.items())), loc)

    def getattr(self, obj: Value, field: str, *, loc: LocLike = None) -> Value:
        return self._emit(GetAttrOp(obj, field), loc)

    # -- functions and calls -----------------------------------------------------

    def closure(self, fn: FunctionBuilder | str, *captures: Value, loc: LocLike = None) -> Value:
        """A function value of ``fn`` with its captures supplied."""
        return self._emit(ClosureOp(_symbol(fn), list(captures)), loc)

    def call(self, fn: FunctionBuilder | str, *args: Value, loc: LocLike = None) -> Value:
        """Call the known function ``fn`` with its captures, then its parameters."""
        return self._emit(CallOp(_symbol(fn), list(args)), loc)

    def apply(self, fn: Value, *args: Value, loc: LocLike = None, **keywords: Value) -> Value:
        """Call the function value ``fn`` (a closure, a gradient...) with its
        parameters (keywords: by the callee's parameter names)."""
        values = [*args, *keywords.values()]
        return self._emit(ApplyOp(fn, values, keywords=list(keywords)), loc)

    def if_(
        self,
        cond: Value,
        then: FunctionBuilder | str,
        then_args: Sequence[Value],
        orelse: FunctionBuilder | str,
        else_args: Sequence[Value],
        *,
        loc: LocLike = None,
    ) -> Value:
        """``then(*then_args)`` if ``cond`` (a bool: ``prim("truth", x)``
        converts a number as Python's ``bool``) else ``orelse(*else_args)``."""
        op = IfOp(cond, _symbol(then), list(then_args), _symbol(orelse), list(else_args))
        return self._emit(op, loc)

    def grad(
        self,
        fn: Value,
        argnums: int | str | Sequence[int | str] = 0,
        *,
        with_value: bool = False,
        loc: LocLike = None,
    ) -> Value:
        """The gradient of the function value ``fn`` (a function value itself,
        to apply): as ``myia.grad(fn, argnums)``, or ``myia.value_and_grad``
        with ``with_value``. Several argnums give a tuple of gradients."""
        several = not isinstance(argnums, int | str)
        nums = list(argnums) if several else [argnums]  # type: ignore[arg-type]
        return self._emit(GradOp(fn, nums, with_value, several), loc)

    def ret(self, value: Value, *, loc: LocLike = None) -> None:
        """Return ``value``: the function's last op."""
        self._emit(ReturnOp(value), loc)
        self.returned = True

    def _where(self, loc: LocLike) -> SourceLocation | None:
        return self.module_builder.location(loc or self.location)


def _symbol(fn: FunctionBuilder | str) -> str:
    return fn.name if isinstance(fn, FunctionBuilder) else fn


def _failing_location(module: ModuleOp) -> SourceLocation | None:
    """The location of the first op of ``module`` that does not verify."""
    for op in module.walk():
        if op is module:
            continue
        try:
            op.verify_()
        except VerifyException:
            return SourceLocation.from_attr(op.location)
    return None
