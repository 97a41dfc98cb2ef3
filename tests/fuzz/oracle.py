"""CPython as the oracle, and what a case meets on the way.

:func:`expected` runs ``main`` under CPython: the value or exception every
backend must reproduce.

:func:`inspect_case` runs an *instrumented* copy of the program: every
operation goes through :class:`Hooks`, which computes what CPython computes and
notes the semantic classes of :data:`fuzz.features.SEMANTICS` the case meets
(an int wider than 64 bits, a zero from float ``%``...), counts operations
against a budget (so that no case runs for long) and rejects what no typed
backend can do by design (a complex result, ``int ** negative int`` at run
time).

Whether an operation that raises is *used* is found by letting it go on: the
failing operation returns a :class:`Poison` value, and operations on poison
give poison. CPython raises at the first failing operation; that raise is
*live* when its poison reaches main's result. When poison decides control flow
(``if``, ``while``, a ``range``) the run stops there, and the raise counts as
possibly dead (the whole branch or loop may be unused): class ``dead_raise``,
like a raise whose poison never reaches the result.
"""

from __future__ import annotations

import ast
import math
import operator
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Exceptions a generated program may raise under CPython (anything else is a
#: generator bug, and the case is rejected).
PROGRAM_ERRORS = (ZeroDivisionError, ValueError, OverflowError, IndexError, RecursionError)
INT64 = (-(2**63), 2**63 - 1)
BIG_INT_FLOAT = 2**53
#: The functions the generator writes to recurse forever are named runaway<N>.
RUNAWAY = "def runaway"
HUGE_BITS = 4096


class Invalid(Exception):
    """The case cannot be checked: it does what no typed backend can do by design,
    or it runs too long."""


class _Stop(Exception):
    """Poison was observed: the rest of the run cannot follow CPython."""


class Poison:
    """The value of an operation that raised, in the instrumented run. Any use the
    hooks do not know about observes it."""

    __slots__ = ("origins",)

    def __init__(self, origins: frozenset[int]):
        self.origins = origins

    def _observe(self, *args: Any, **kwargs: Any) -> Any:
        raise PoisonObserved(self)

    __bool__ = __index__ = __int__ = __float__ = __iter__ = __len__ = _observe
    __hash__ = __call__ = __getitem__ = __array__ = _observe

    def __repr__(self) -> str:
        return f"<poison {sorted(self.origins)}>"


class PoisonObserved(Exception):
    def __init__(self, poison: Poison):
        super().__init__(poison)
        self.poison = poison


BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "Add": operator.add,
    "Sub": operator.sub,
    "Mult": operator.mul,
    "Div": operator.truediv,
    "FloorDiv": operator.floordiv,
    "Mod": operator.mod,
    "Pow": operator.pow,
    "BitAnd": operator.and_,
    "BitOr": operator.or_,
    "BitXor": operator.xor,
    "LShift": operator.lshift,
    "RShift": operator.rshift,
    "MatMult": operator.matmul,
}
UNARY: dict[str, Callable[[Any], Any]] = {
    "USub": operator.neg,
    "UAdd": operator.pos,
    "Invert": operator.invert,
    "Not": operator.not_,
}
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "Lt": operator.lt,
    "LtE": operator.le,
    "Gt": operator.gt,
    "GtE": operator.ge,
    "Eq": operator.eq,
    "NotEq": operator.ne,
    "In": lambda a, b: a in b,
    "NotIn": lambda a, b: a not in b,
    "Is": operator.is_,
    "IsNot": operator.is_not,
}
BUILTINS: dict[str, Callable[..., Any]] = {
    "abs": abs,
    "min": min,
    "max": max,
    "int": int,
    "float": float,
    "bool": bool,
    "round": round,
    "len": len,
    "divmod": divmod,
    "pow": pow,
    "range": range,
}
#: Where a function's derivative is infinite or undefined (class grad_singular):
#: gradients there are JAX's values (inf, nan, a subgradient), which finite
#: differences cannot check; they must not raise.
SINGULAR: dict[str, Callable[..., bool]] = {
    "sqrt": lambda x: x == 0,
    "hypot": lambda x, y: x == 0 and y == 0,
    "atan2": lambda y, x: x == 0 and y == 0,
    "asin": lambda x: abs(x) == 1,
    "acos": lambda x: abs(x) == 1,
    "acosh": lambda x: x == 1,
    # log(x), in the derivative with respect to the exponent
    "pow": lambda x, y: _is_float_pow(x, y) and x <= 0,
}


#: The same for numpy's functions, element by element (gradients are inf or nan there).
NUMPY_SINGULAR: dict[str, Callable[[np.ndarray], Any]] = {
    "np.sqrt": lambda x: x == 0,
    "np.log": lambda x: x == 0,
    "np.arcsin": lambda x: np.abs(x) == 1,
    "np.arccos": lambda x: np.abs(x) == 1,
}


def _is_float_pow(x: Any, y: Any) -> bool:
    return (
        isinstance(x, int | float)
        and isinstance(y, int | float)
        and (isinstance(x, float) or isinstance(y, float))
    )


#: math functions CPython implements itself rather than calling the C library's
#: (class "cpython_math").
OWN_MATH = ("math.gamma", "math.lgamma", "math.hypot")
#: Flagged when floats compare equal (see _is_tie): gradients are not checked.
TIE = "float_tie"
#: Flagged when a float computed on the way is infinite or NaN: a gradient may
#: then be NaN where finite differences see none (``0 * inf`` in the chain rule,
#: JAX's rule too: the cotangent of an unused element of ``a / b`` with a zero in
#: ``b``, ``d/dy inf ** y``); such a gradient is not compared.
NONFINITE = "nonfinite"


ARITHMETIC = ("Add", "Sub", "Mult", "Div", "FloorDiv", "Mod", "Pow")
#: Piecewise constant functions (their jumps are in the path: see Hooks.trace).
PIECEWISE = ("floor", "ceil", "trunc", "round", "int", "rint")
REDUCTIONS = ("sum", "mean", "max", "min", "prod", "amax", "amin", "argmax", "argmin")


def _is_bool_array(v: Any) -> bool:
    return isinstance(v, np.ndarray | np.bool_) and v.dtype == np.bool_


def _is_tie(a: Any, b: Any) -> bool:
    """Floats that compare equal: a branch taken at a single point, where the
    derivative of what the program computes (automatic differentiation) and of
    the function it computes (finite differences) may differ."""
    return (_is_float(a) or _is_float(b)) and isinstance(a, int | float) and a == b


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_float(v: Any) -> bool:
    return isinstance(v, float)


def _wide_ints(value: Any) -> bool:
    """Whether an argument holds a Python int outside the 64-bit range."""
    if isinstance(value, tuple | list):
        return any(_wide_ints(v) for v in value)
    return _is_int(value) and not INT64[0] <= value <= INT64[1]


def contains_poison(value: Any) -> frozenset[int] | None:
    if isinstance(value, Poison):
        return value.origins
    if isinstance(value, tuple | list):
        found = [contains_poison(v) for v in value]
        hits = [f for f in found if f is not None]
        if hits:
            return frozenset().union(*hits)
    return None


@dataclass
class Hooks:
    """What the instrumented program calls for each operation."""

    budget: int = 5000
    ops: int = 0
    flags: set[str] = field(default_factory=set)
    #: The exception of each operation that raised, in order (index = poison origin).
    raised: list[type[BaseException]] = field(default_factory=list)
    #: Whether the first raise was observed (None: nothing raised, or not observed).
    first_observed: bool = False
    #: Whether a Python int left the 64-bit range before anything raised: the
    #: typed backends raise OverflowError there (their Python ints never wrap).
    overflowed: bool = False
    #: Largest magnitude of the finite floats computed (arrays included).
    scale: float = 0.0
    #: When a list: the *path* of the run, every decision a piecewise function
    #: makes (branches, comparisons, min/max, abs, floor...). Two runs with the
    #: same path compute the same smooth function of the inputs.
    trace: list[Any] | None = None

    def record(self, decision: Any) -> None:
        if self.trace is not None:
            if isinstance(decision, np.ndarray | np.generic):
                decision = np.asarray(decision).tobytes()
            self.trace.append(decision)

    # -- bookkeeping ---------------------------------------------------------------

    def tick(self, n: int = 1) -> None:
        self.ops += n
        if self.ops > self.budget:
            raise Invalid(f"more than {self.budget} operations")

    def poison(self, exc: BaseException) -> Poison:
        self.raised.append(type(exc))
        return Poison(frozenset([len(self.raised) - 1]))

    def observe(self, origins: frozenset[int]) -> None:
        """Poison decides control flow (a branch, a loop count, an index): the run
        cannot go on. Whether the raise was needed is unknown (the whole branch or
        loop may be dead code), so it counts as possibly dead (see ``inspect_case``)."""
        raise _Stop

    def reach_result(self, origins: frozenset[int]) -> None:
        """Poison reaches main's result: the first raise is live."""
        if 0 in origins:
            self.first_observed = True

    def merge(self, *values: Any) -> Poison | None:
        origins = [v.origins for v in values if isinstance(v, Poison)]
        return Poison(frozenset().union(*origins)) if origins else None

    def check_int(self, value: Any) -> Any:
        if _is_int(value):
            if not INT64[0] <= value <= INT64[1]:
                self.flags.add("int_overflow")
                self.overflowed = self.overflowed or not self.raised
            if value.bit_length() > HUGE_BITS:
                raise Invalid("an int of more than 4096 bits")
        elif _is_float(value):
            if math.isfinite(value):
                self.scale = max(self.scale, abs(value))
            else:
                self.flags.add(NONFINITE)
        elif isinstance(value, complex):
            raise Invalid("a complex result")
        elif isinstance(value, np.ndarray | np.generic):
            self.check_array(value)
        return value

    def check_array(self, value: Any) -> None:
        array = np.asarray(value)
        if array.dtype.kind == "f" and array.size:
            mask = np.isfinite(array)
            if not mask.all():
                self.flags.add(NONFINITE)
            finite = np.abs(array[mask])
            if finite.size:
                self.scale = max(self.scale, float(finite.max()))

    # -- operations ----------------------------------------------------------------

    def operands(self, *values: Any) -> None:
        """Flag NONFINITE for operands that are infinite or NaN (constants such
        as ``math.inf`` are no operation's result)."""
        for v in values:
            if (_is_float(v) and not math.isfinite(v)) or (
                isinstance(v, np.ndarray | np.floating) and not np.all(np.isfinite(v))
            ):
                self.flags.add(NONFINITE)

    def binop(self, name: str, a: Any, b: Any, static: bool = False) -> Any:
        self.tick()
        poisoned = self.merge(a, b)
        if poisoned is not None:
            return poisoned
        self.operands(a, b)
        self.before_binop(name, a, b, static)
        if name == "Pow" and SINGULAR["pow"](a, b):
            self.flags.add("grad_singular")
        try:
            result = BINARY[name](a, b)
        except (ZeroDivisionError, ValueError, OverflowError, IndexError) as exc:
            if name == "Pow" and (_is_float(a) or _is_float(b)):
                self.flags.add("float_pow_errors")
            return self.poison(exc)
        if name in ("FloorDiv", "Mod") and (_is_float(a) or _is_float(b)):
            if result == 0 or math.isinf(b):
                self.flags.add("float_mod_edges")
        if name in ("FloorDiv", "Mod") and self.trace is not None:
            with np.errstate(all="ignore"):
                self.record(a // b)
        return self.check_int(result)

    def before_binop(self, name: str, a: Any, b: Any, static: bool) -> None:
        if name in ARITHMETIC and _is_bool_array(a) and _is_bool_array(b):
            self.flags.add("bool_array_arith")
        if name == "Div" and isinstance(a, int) and isinstance(b, int):
            if max(abs(a), abs(b)) > BIG_INT_FLOAT:
                self.flags.add("big_int_float_mix")
        if name == "Pow" and isinstance(a, int) and isinstance(b, int):
            if b < 0 and not static:
                raise Invalid("int ** negative int at run time (a float in Python)")
            if b > 0 and abs(a) > 1 and abs(a).bit_length() * b > HUGE_BITS:
                self.flags.add("int_overflow")
                raise Invalid("an int of more than 4096 bits")
        if name == "LShift" and _is_int(b) and b > HUGE_BITS and a != 0:
            self.flags.add("int_overflow")
            raise Invalid("an int of more than 4096 bits")

    def unop(self, name: str, a: Any) -> Any:
        self.tick()
        if isinstance(a, Poison):
            return a
        if name == "Not" and _is_float(a) and a == 0:
            self.flags.add(TIE)
        return self.check_int(UNARY[name](a))

    def compare(self, ops: tuple[str, ...], first: Any, *rest: Callable[[], Any]) -> Any:
        left = first
        result: Any = True
        for i, (op, thunk) in enumerate(zip(ops, rest)):
            right = thunk()
            result = self.compare_one(op, left, right)
            if i < len(ops) - 1 and not self.truth(result):
                return result
            left = right
        return result

    def compare_one(self, op: str, a: Any, b: Any) -> Any:
        self.tick()
        if op in ("In", "NotIn"):
            poisoned = self.merge(a, *b) if isinstance(b, tuple) else self.merge(a, b)
        else:
            poisoned = self.merge(a, b)
        if poisoned is not None:
            return poisoned
        items = b if op in ("In", "NotIn") and isinstance(b, tuple) else (b,)
        if any(_is_tie(a, item) for item in items):
            self.flags.add(TIE)
        for item in items:
            if (_is_int(a) and _is_float(item)) or (_is_float(a) and _is_int(item)):
                big = a if _is_int(a) else item
                if abs(big) > BIG_INT_FLOAT:
                    self.flags.add("big_int_float_mix")
        result = COMPARE[op](a, b)
        self.record(result)
        return result

    def truth(self, value: Any) -> bool:
        self.tick()
        if isinstance(value, Poison):
            self.observe(value.origins)
        if _is_float(value) and value == 0:
            self.flags.add(TIE)
        self.record(bool(value))
        return bool(value)

    def loop(self, value: Any) -> bool:
        return self.truth(value)

    def and_(self, first: Any, *rest: Callable[[], Any]) -> Any:
        value = first
        for thunk in rest:
            if not self.truth(value):
                return value
            value = thunk()
        return value

    def or_(self, first: Any, *rest: Callable[[], Any]) -> Any:
        value = first
        for thunk in rest:
            if self.truth(value):
                return value
            value = thunk()
        return value

    def iterate(self, value: Any) -> Any:
        self.tick()
        if isinstance(value, Poison):
            self.observe(value.origins)
        if isinstance(value, range):
            self.tick(len(value))
        return value

    def getitem(self, value: Any, index: Any, static: bool = False) -> Any:
        self.tick()
        items = index if isinstance(index, tuple) else (index,)
        bounds = [b for i in items if isinstance(i, slice) for b in (i.start, i.stop, i.step)]
        poisoned = self.merge(value, *items, *bounds)
        if poisoned is not None:
            if isinstance(value, tuple) and isinstance(index, Poison):
                self.flags.add("tuple_index_oob")  # an index unknown: it may be out of range
            return poisoned
        if isinstance(value, tuple) and _is_int(index) and not -len(value) <= index < len(value):
            self.flags.add("const_index_oob" if static else "tuple_index_oob")
            return self.poison(IndexError("tuple index out of range"))
        if not static:
            self.record(index if not isinstance(index, tuple) else repr(index))
        try:
            result = value[index]
        except IndexError as exc:
            return self.poison(exc)
        return self.check_int(result)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self.tick()
        fn = self.function(name)
        if name == "range":
            for a in args:
                if isinstance(a, Poison):
                    self.observe(a.origins)
            if len(args) == 3 and args[2] == 0:
                raise Invalid("range() with a zero step")
        poisoned = self.merge(*args, *kwargs.values())
        if name == "len" and args and isinstance(args[0], tuple):
            poisoned = None
        if poisoned is not None:
            return (poisoned, poisoned) if name == "divmod" else poisoned
        self.operands(*args)
        short = name.removeprefix("math.")
        if short in SINGULAR and SINGULAR[short](*args):
            self.flags.add("grad_singular")
        if name in NUMPY_SINGULAR and args and np.any(NUMPY_SINGULAR[name](np.asarray(args[0]))):
            self.flags.add("grad_singular")
        if name in OWN_MATH:
            self.flags.add("cpython_math")
        if name in ("min", "max") and len(args) == 2 and _is_tie(*args):
            self.flags.add(TIE)
        if name == "bool" and args and _is_float(args[0]) and args[0] == 0:
            self.flags.add(TIE)
        if name in ("divmod", "pow"):
            self.before_binop("Pow" if name == "pow" else "FloorDiv", *args, False)
        if name.removeprefix("np.") in REDUCTIONS:
            self.before_reduction(args[0])
        if self.trace is not None:
            self.record_call(name, args)
        try:
            result = fn(*args, **kwargs)
        except (ZeroDivisionError, ValueError, OverflowError, IndexError) as exc:
            if name.startswith("math.") and not isinstance(exc, ZeroDivisionError):
                self.flags.add("math_errors")
            if name == "pow" and any(_is_float(a) for a in args):
                self.flags.add("float_pow_errors")
            poison = self.poison(exc)
            return (poison, poison) if name == "divmod" else poison
        if name == "divmod" and any(_is_float(a) for a in args):
            if result[0] == 0 or result[1] == 0 or math.isinf(args[1]):
                self.flags.add("float_mod_edges")
        if isinstance(result, tuple):
            for item in result:
                self.check_int(item)
            return result
        return self.check_int(result)

    def record_call(self, name: str, args: tuple) -> None:
        """The decisions of piecewise functions (see ``trace``)."""
        short = name.split(".")[-1]
        with np.errstate(all="ignore"):
            if short in ("min", "max", "maximum", "minimum", "fmax", "fmin") and len(args) == 2:
                self.record(np.asarray(args[0]) >= np.asarray(args[1]))
            elif short in ("abs", "fabs", "sign", "copysign"):
                self.record(np.signbit(np.asarray(args[-1], dtype=float)))
            elif short in PIECEWISE:
                self.record(np.floor(np.asarray(args[0], dtype=float)))
                self.record(np.ceil(np.asarray(args[0], dtype=float)))
            elif short == "clip":
                self.record(np.asarray(args[0]) >= args[1])
                self.record(np.asarray(args[0]) <= args[2])
            elif short in ("where",):
                self.record(args[0])
            elif short in REDUCTIONS and short in ("max", "min", "amax", "amin"):
                self.record(np.argmax(args[0]) if "max" in short else np.argmin(args[0]))
            elif short == "fmod":
                self.record(np.trunc(np.asarray(args[0]) / np.asarray(args[1])))

    def method(self, value: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        """``value.name(*args, **kwargs)`` (array methods)."""
        self.tick()
        poisoned = self.merge(value, *args, *kwargs.values())
        if poisoned is not None:
            return poisoned
        if name in REDUCTIONS:
            self.before_reduction(value)
        if self.trace is not None and name in ("max", "min", "clip"):
            self.record_call(name, (value, *args))
        try:
            result = getattr(value, name)(*args, **kwargs)
        except (ValueError, IndexError) as exc:
            return self.poison(exc)
        return self.check_int(result)

    def before_reduction(self, value: Any) -> None:
        if isinstance(value, np.ndarray) and value.size == 0:
            self.flags.add("empty_reduction")

    def function(self, name: str) -> Callable[..., Any]:
        if name.startswith("math."):
            return getattr(math, name[5:])
        if name.startswith("np."):
            return getattr(np, name[3:])
        return BUILTINS[name]


# ---------------------------------------------------------------------------
# Instrumenting a program


class Instrument(ast.NodeTransformer):
    """Rewrites a program so that its operations call the hooks (``_fz``)."""

    hooks_name = "_fz"

    def hook(self, method: str, *args: ast.expr) -> ast.Call:
        fn = ast.Attribute(ast.Name(self.hooks_name, ast.Load()), method, ast.Load())
        return ast.Call(fn, list(args), [])

    @staticmethod
    def thunk(node: ast.expr) -> ast.Lambda:
        args = ast.arguments([], [], None, [], [], None, [])
        return ast.Lambda(args, node)

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        name = type(node.op).__name__
        static = ast.Constant(name == "Pow" and _is_constant(node.right))
        return self.hook("binop", ast.Constant(name), node.left, node.right, static)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.expr:
        if _is_constant(node):
            return node
        self.generic_visit(node)
        return self.hook("unop", ast.Constant(type(node.op).__name__), node.operand)

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.expr:
        self.generic_visit(node)
        method = "and_" if isinstance(node.op, ast.And) else "or_"
        first, *rest = node.values
        return self.hook(method, first, *map(self.thunk, rest))

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        self.generic_visit(node)
        ops = ast.Tuple([ast.Constant(type(op).__name__) for op in node.ops], ast.Load())
        return self.hook("compare", ops, node.left, *map(self.thunk, node.comparators))

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        self.generic_visit(node)
        node.test = self.hook("truth", node.test)
        return node

    def visit_If(self, node: ast.If) -> ast.stmt:
        self.generic_visit(node)
        node.test = self.hook("truth", node.test)
        return node

    def visit_While(self, node: ast.While) -> ast.stmt:
        self.generic_visit(node)
        node.test = self.hook("loop", node.test)
        return node

    def visit_For(self, node: ast.For) -> ast.stmt:
        self.generic_visit(node)
        node.iter = self.hook("iterate", node.iter)
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.stmt:
        self.generic_visit(node)
        target = node.target
        if not isinstance(target, ast.Name):
            return node
        value = self.hook(
            "binop",
            ast.Constant(type(node.op).__name__),
            ast.Name(target.id, ast.Load()),
            node.value,
            ast.Constant(isinstance(node.op, ast.Pow) and _is_constant(node.value)),
        )
        return ast.Assign([ast.Name(target.id, ast.Store())], value)

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            return node
        static = ast.Constant(_is_constant(node.slice))
        return self.hook("getitem", node.value, _slice_value(node.slice), static)

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        name = _call_name(node.func)
        if name is not None and self.hooked(name):
            call = self.hook("call", ast.Constant(name), *node.args)
        elif isinstance(node.func, ast.Attribute) and not _is_module(node.func.value):
            call = self.hook("method", node.func.value, ast.Constant(node.func.attr), *node.args)
        else:
            return node
        call.keywords = node.keywords
        return call

    def hooked(self, name: str) -> bool:
        return name in BUILTINS or name.startswith(("math.", "np."))


def _is_module(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("math", "np")


def _slice_value(node: ast.expr) -> ast.expr:
    """An index as a value: ``a:b:c`` becomes ``slice(a, b, c)``."""
    if isinstance(node, ast.Slice):
        bounds = [
            b if b is not None else ast.Constant(None) for b in (node.lower, node.upper, node.step)
        ]
        return ast.Call(ast.Name("slice", ast.Load()), bounds, [])
    if isinstance(node, ast.Tuple):
        return ast.Tuple([_slice_value(e) for e in node.elts], ast.Load())
    return node


def _is_constant(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


# ---------------------------------------------------------------------------
# Running a case


@dataclass
class Expected:
    """What CPython does with a case: a value or an exception."""

    value: Any = None
    error: type[BaseException] | None = None
    message: str = ""


@dataclass
class CaseReport:
    """What the instrumented run found about a case."""

    flags: set[str] = field(default_factory=set)
    #: Why the case cannot be checked (None: it can).
    invalid: str | None = None
    #: An int outside the 64-bit range, before anything raised: the typed backends
    #: raise OverflowError (see :attr:`Hooks.overflowed`).
    overflow: bool = False
    ops: int = 0
    scale: float = 0.0


def expected(fn: Callable[..., Any], args: tuple) -> Expected:
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Expected(fn(*args))
    except PROGRAM_ERRORS as exc:
        return Expected(error=type(exc), message=str(exc))


def instrumented_namespace(source: str, filename: str, hooks: Hooks) -> dict[str, Any]:
    """The globals of the instrumented program (compiled, not written to a file)."""
    tree = Instrument().visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    namespace: dict[str, Any] = {"_fz": hooks, "__name__": "fuzz_instrumented"}
    exec(compile(tree, filename, "exec"), namespace)
    return namespace


class TracedFunction:
    """A function of the instrumented program that returns its value and its
    path (see :attr:`Hooks.trace`); it raises :class:`Invalid` where CPython
    would raise, or runs too long."""

    def __init__(self, source: str, name: str, budget: int = 5000):
        self.hooks = Hooks(budget=budget)
        self.fn = instrumented_namespace(source, "<traced>", self.hooks)[name]

    def __call__(self, *args: Any) -> tuple[Any, tuple[Any, ...]]:
        hooks = self.hooks
        hooks.ops, hooks.trace, hooks.raised = 0, [], []
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = self.fn(*args)
        except (_Stop, PoisonObserved, RecursionError) as exc:
            raise Invalid("raises") from exc
        if hooks.raised or contains_poison(value) is not None:
            raise Invalid("raises")
        return value, tuple(hooks.trace)


def inspect_case(
    source: str,
    case: int,
    *,
    entry: str = "main",
    budget: int = 5000,
) -> CaseReport:
    """Run case ``case`` of ``source``'s ``CASES`` through the hooks."""
    hooks = Hooks(budget=budget)
    report = CaseReport()
    try:
        namespace = instrumented_namespace(source, "<instrumented>", hooks)
        args = namespace["CASES"][case]
        if _wide_ints(args):  # the typed backends reject the argument
            hooks.flags.add("int_overflow")
            hooks.overflowed = True
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = namespace[entry](*args)
        origins = contains_poison(result)
        if origins is not None:
            hooks.reach_result(origins)
    except _Stop:
        pass
    except Invalid as exc:
        report.invalid = str(exc)
    except RecursionError:
        if RUNAWAY not in source:  # only a runaway recursion is meant to exhaust the stack
            report.invalid = "recursion deeper than CPython's limit"
    except PoisonObserved:
        pass
    except Exception as exc:  # a generator bug: the program is not what it should be
        report.invalid = f"CPython raised {type(exc).__name__}: {exc}"
    if hooks.raised and not hooks.first_observed:
        hooks.flags.add("dead_raise")
    report.flags = hooks.flags
    report.overflow = hooks.overflowed
    report.ops = hooks.ops
    report.scale = hooks.scale
    return report
