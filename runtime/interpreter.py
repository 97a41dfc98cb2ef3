"""The reference interpreter: runs a myia module on Python values.

It is the oracle every backend is tested against, and the base of the step
debugger, so it favours being obviously right; it is still reasonably fast.

**An explicit machine.** There is no Python recursion per myia call. The machine
holds the current frame (a compiled function, its environment of SSA values, the
index of the next step) and a stack of suspended frames. ``myia.call``,
``myia.apply`` and ``myia.if`` push a frame; a call whose result is returned at
once (a *tail call*: loops are tail-recursive functions) replaces the current
frame instead, so a loop of a million iterations runs in constant memory.

**Compiled steps.** Each ``myia.func`` is compiled once, on first entry, into a
list of *steps*: small Python closures over the slot numbers of their operands in
the environment (a list). A step stores its result and returns None, or returns
``(function, arguments)`` for the machine to call; the result of that call goes
into the step's output slot. Constants are not steps: they are in the
environment from the start. Which step an op becomes is data-driven:
:data:`OP_HANDLERS` maps an op class to a *handler* (see :func:`register_op`);
every primitive op goes through one generic handler that calls the primitive's
reference implementation (``PRIMITIVES[name].impl``).

**Errors.** An exception raised while running (by a primitive, or by the
machine: an unbound variable, a call with the wrong number of arguments) reaches
the user as an exception that is both a :class:`myia.MyiaRuntimeError` and an
instance of the original Python exception type, located at the failing op, with
the user functions on the call stack.

**Debugger hook.** ``Interpreter(module, on_step=fn)`` calls ``fn(frame, op)``
before each step (:class:`Frame` is a view of the machine's frame). Without it
the steps are not wrapped, so it costs nothing.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

import numpy as np
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    ModuleOp,
    Signedness,
    SymbolRefAttr,
    TupleType,
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
    FunctionValueType,
    GetAttrOp,
    IfOp,
    PrimOp,
    RecordOp,
    ReturnOp,
    TupleGetOp,
    TupleOp,
    UndefinedOp,
)
from myia.dialects.abstract import dtype_of_type
from myia.dialects.grad_ops import EnvIsZeroOp, EnvPackOp, EnvUnpackOp, EnvZeroOp, JOp
from myia.dialects.ops import literal_value
from myia.dialects.primitive import FLOAT_CHECKED
from myia.dialects.rules_util import overflow_message
from myia.errors import (
    COMPLEX_POWER,
    FLOAT_INF_TO_INT,
    FLOAT_NAN_TO_INT,
    FLOAT_OUT_OF_I64,
    NEGATIVE_POWER_MESSAGE,
    NEGATIVE_SHIFT,
    MyiaError,
    MyiaIRError,
    MyiaRuntimeError,
    MyiaTypeError,
    SourceLocation,
    runtime_error_class,
)
from myia.frontend.numpy_api import NUMPY_UFUNCS
from myia.runtime.values import (
    BoundMethod,
    Closure,
    Record,
    Undefined,
    contains_undefined,
)

__all__ = [
    "OP_HANDLERS",
    "Code",
    "Frame",
    "Interpreter",
    "InterpreterError",
    "StepBuilder",
    "register_op",
    "runtime_error",
]

#: The default limit on the number of suspended frames (non-tail calls).
MAX_DEPTH = 1_000_000

Step = Callable[[list[Any]], "tuple[Code, list[Any]] | None"]


# ---------------------------------------------------------------------------
# Compiled functions


class Code:
    """A ``myia.func`` prepared for the machine.

    The environment of a call is a list: the function's arguments (captures, then
    parameters) in slots ``0..nargs-1``, then one slot per op result. ``pad`` is the
    initial content of the result slots (the constants are already there), so a
    call's environment is ``args + pad``. ``steps`` is None until the function is
    first entered.
    """

    __slots__ = (
        "continues",
        "func",
        "generated",
        "nargs",
        "ops",
        "outs",
        "pad",
        "ret",
        "slots",
        "steps",
        "symbol",
        "tail",
        "user",
    )  # fmt: skip

    def __init__(self, func: FuncOp):
        self.func = func
        self.symbol: str = func.sym_name.data
        #: The user function this one belongs to: its ``owner``, or itself.
        self.generated = func.owner is not None
        self.user: str = func.owner.root_reference.data if func.owner is not None else self.symbol
        self.nargs = len(func.entry.args)
        self.steps: list[Step] | None = None
        self.pad: list[Any] = []
        #: Per step: the op, the output slot, and whether a call made by this step
        #: stays in the same user function (an ``if`` or a loop of the frontend).
        #: ``ops`` ends with the ``myia.return``.
        self.ops: list[Operation] = []
        self.outs: list[int] = []
        self.continues: list[bool] = []
        #: The index of the step whose call is a tail call, or -1.
        self.tail = -1
        self.ret = 0
        self.slots: dict[SSAValue, int] = {}

    def __repr__(self) -> str:
        return f"<Code @{self.symbol}>"


class Prefill:
    """What a handler returns for an op whose result is known before running
    (a constant): the value is put in the environment once and for all."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class StepBuilder:
    """What a handler gets to compile one op: the slots of its operands, its output
    slot, and the interpreter (to find the functions it refers to)."""

    def __init__(self, interpreter: Interpreter, code: Code):
        self.interpreter = interpreter
        self.code = code
        self.out = -1

    def slot(self, value: SSAValue) -> int:
        try:
            return self.code.slots[value]
        except KeyError:
            raise MyiaIRError(f"@{self.code.symbol} uses a value defined outside of it") from None

    def slots(self, values: Sequence[SSAValue]) -> tuple[int, ...]:
        return tuple(self.slot(v) for v in values)

    def function(self, ref: SymbolRefAttr | str, nargs: int | None = None) -> Code:
        """The compiled function ``ref`` names, checking how many arguments it
        takes when ``nargs`` is given."""
        symbol = ref if isinstance(ref, str) else ref.root_reference.data
        target = self.interpreter.code(symbol)
        if nargs is not None and nargs != target.nargs:
            raise MyiaIRError(
                f"@{self.code.symbol} passes {nargs} value(s) to @{symbol}, "
                f"which takes {target.nargs}"
            )
        return target


Handler = Callable[[StepBuilder, Operation], "Step | Prefill"]

#: The handler of each op class. A handler returns a :data:`Step` or a
#: :class:`Prefill`; primitive ops without a handler of their own use
#: ``OP_HANDLERS[PrimOp]``.
OP_HANDLERS: dict[type[Operation], Handler] = {}

#: Ops whose call (when their step returns one) may stay inside the same user
#: function: those are merged into their owner's frame in tracebacks.
_LOCAL_CALL_OPS = (CallOp, IfOp)


def register_op(*op_classes: type[Operation]) -> Callable[[Handler], Handler]:
    """Register the handler compiling ops of ``op_classes`` into steps."""

    def register(handler: Handler) -> Handler:
        for cls in op_classes:
            OP_HANDLERS[cls] = handler
        return handler

    return register


def _handler_for(cls: type[Operation]) -> Handler | None:
    for base in cls.__mro__:
        handler = OP_HANDLERS.get(base)
        if handler is not None:
            return handler
    return None


def _call_step(target: Code, slots: tuple[int, ...]) -> Step:
    """A step calling ``target`` with the values of ``slots`` (unrolled for few
    arguments: this is the hot path of loops)."""
    if not slots:
        return lambda env: (target, [])
    if len(slots) == 1:
        (a,) = slots
        return lambda env: (target, [env[a]])
    if len(slots) == 2:
        a, b = slots
        return lambda env: (target, [env[a], env[b]])
    if len(slots) == 3:
        a, b, c = slots
        return lambda env: (target, [env[a], env[b], env[c]])
    if len(slots) == 4:
        a, b, c, d = slots
        return lambda env: (target, [env[a], env[b], env[c], env[d]])
    getter = itemgetter(*slots)
    return lambda env: (target, list(getter(env)))


def _gather(slots: tuple[int, ...]) -> Callable[[list[Any]], list[Any]]:
    """A function reading ``slots`` from an environment into a new list."""
    if not slots:
        return lambda env: []
    if len(slots) == 1:
        (a,) = slots
        return lambda env: [env[a]]
    if len(slots) == 2:
        a, b = slots
        return lambda env: [env[a], env[b]]
    if len(slots) == 3:
        a, b, c = slots
        return lambda env: [env[a], env[b], env[c]]
    getter = itemgetter(*slots)
    return lambda env: list(getter(env))


def _check_defined(values: Sequence[Any]) -> None:
    for value in values:
        if value.__class__ is Undefined:
            raise value.error()


# ---------------------------------------------------------------------------
# Constants and types


def scalar_converter(t: Attribute) -> Callable[[Any], Any] | None:
    """The Python constructor of values of the scalar IR type ``t``: Python's
    bool, int and float for i1, i64 and f64 (and index), numpy scalar types for the
    others; None when ``t`` is not a concrete scalar type."""
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return bool
        if t.signedness.data == Signedness.UNSIGNED:
            return getattr(np, f"uint{width}", None)
        if width == 64:
            return int
        return getattr(np, f"int{width}", None)
    if isinstance(t, IndexType):
        return int
    if isinstance(t, Float64Type):
        return float
    if isinstance(t, Float32Type):
        return np.float32
    if isinstance(t, Float16Type):
        return np.float16
    return None


def const_value(op: ConstOp) -> Any:
    """The Python value of a ``myia.const``: typed by the op's result type when it
    is a concrete scalar type, else by the attribute's own type."""
    return attribute_value(op.value, op.result.type)


def attribute_value(attr: Attribute, result_type: Attribute | None = None) -> Any:
    """The Python value of a constant attribute (of a ``myia.const``, or of a
    function's ``defaults``), as a numpy scalar of ``result_type`` when that is a
    scalar type other than Python's own."""
    try:
        value = literal_value(attr)
    except VerifyException:
        raise MyiaIRError(f"the interpreter cannot use the constant {attr}") from None
    if value is None or isinstance(value, str):
        return value
    convert = (scalar_converter(result_type) if result_type is not None else None) or (
        scalar_converter(attr.type)  # type: ignore[attr-defined]
    )
    return convert(value) if convert is not None else value


# ---------------------------------------------------------------------------
# Handlers of the structural ops


@register_op(ConstOp)
def _const(b: StepBuilder, op: ConstOp) -> Prefill:
    return Prefill(const_value(op))


@register_op(UndefinedOp)
def _undefined(b: StepBuilder, op: UndefinedOp) -> Prefill:
    return Prefill(Undefined(op.var_name.data))


@register_op(TupleOp)
def _tuple(b: StepBuilder, op: TupleOp) -> Step:
    gather = _gather(b.slots(op.elements))
    out = b.out

    def step(env: list[Any]) -> None:
        env[out] = tuple(gather(env))

    return step


@register_op(TupleGetOp)
def _tuple_get(b: StepBuilder, op: TupleGetOp) -> Step:
    src = b.slot(op.tuple)
    index = op.index.data
    out = b.out

    def step(env: list[Any]) -> None:
        seq = env[src]
        if seq.__class__ is Undefined:
            raise seq.error()
        env[out] = seq[index]

    return step


ENV_ZERO = Undefined("<zero sensitivity>")
"""The zero ``!myia.envsens`` (never consumed as a value: only tested and
unpacked)."""


def zeros_of(t: Attribute) -> Any:
    """The zero of a sensitivity type."""
    from myia.dialects.types import EnvSensType, ListType, NoneType, RecordType

    convert = scalar_converter(t)
    if convert is not None:
        return convert(0)
    if isinstance(t, TupleType):
        return tuple(zeros_of(e) for e in t.types.data)
    if isinstance(t, EnvSensType):
        return ENV_ZERO
    if isinstance(t, NoneType):
        return None
    if isinstance(t, RecordType):
        return Record(t.class_name.data, [(n, zeros_of(ft)) for n, ft in t.fields])
    if isinstance(t, ListType):
        return []  # the zero sensitivity of a list (see myia.dialects.grad_rules_list)
    raise MyiaIRError(f"no zero of type {t}")


@register_op(EnvPackOp)
def _env_pack(b: StepBuilder, op: EnvPackOp) -> Step:
    src, out = b.slot(op.value), b.out

    def step(env: list[Any]) -> None:
        env[out] = env[src]

    return step


@register_op(EnvUnpackOp)
def _env_unpack(b: StepBuilder, op: EnvUnpackOp) -> Step:
    src, out = b.slot(op.value), b.out
    zero = zeros_of(op.result.type)

    def step(env: list[Any]) -> None:
        value = env[src]
        env[out] = zero if value is ENV_ZERO else value

    return step


@register_op(EnvIsZeroOp)
def _env_is_zero(b: StepBuilder, op: EnvIsZeroOp) -> Step:
    src, out = b.slot(op.value), b.out

    def step(env: list[Any]) -> None:
        env[out] = env[src] is ENV_ZERO

    return step


@register_op(EnvZeroOp)
def _env_zero(b: StepBuilder, op: EnvZeroOp) -> Prefill:
    return Prefill(ENV_ZERO)


@register_op(JOp)
def _j(b: StepBuilder, op: JOp) -> Step:
    """The J view of a value: its closures become closures of the J transforms
    (same captures, seen through J in turn)."""
    convert = j_converter(b.interpreter, op.value.type, op.result.type)
    src = b.slot(op.value)
    out = b.out

    def step(env: list[Any]) -> None:
        env[out] = convert(env[src])

    return step


def j_converter(
    interpreter: Interpreter, source: Attribute, target: Attribute
) -> Callable[[Any], Any]:
    """A function converting values of type ``source`` to their J view ``target``."""
    if isinstance(source, FunctionValueType) and isinstance(target, FunctionValueType):
        mapping = {
            a.root_reference.data: b.root_reference.data
            for a, b in zip(source.functions.data, target.functions.data, strict=True)
        }
        converters: dict[str, Callable[[Any], Any]] = {}

        def convert_closure(value: Any) -> Any:
            new_symbol = mapping[value.symbol]
            convert = converters.get(value.symbol)
            if convert is None:
                src_func = interpreter.code(value.symbol).func
                dst_func = interpreter.code(new_symbol).func
                parts = [
                    j_converter(interpreter, a.type, b.type)
                    for a, b in zip(src_func.captures, dst_func.captures, strict=True)
                ]
                convert = converters[value.symbol] = lambda caps: tuple(
                    part(c) for part, c in zip(parts, caps, strict=True)
                )
            return Closure(new_symbol, convert(value.captures))

        return convert_closure
    if isinstance(source, TupleType) and isinstance(target, TupleType):
        parts = [
            j_converter(interpreter, a, b)
            for a, b in zip(source.types.data, target.types.data, strict=True)
        ]
        return lambda value: tuple(part(v) for part, v in zip(parts, value, strict=True))
    return lambda value: value


@register_op(ClosureOp)
def _closure(b: StepBuilder, op: ClosureOp) -> Step | Prefill:
    target = b.function(op.callee)
    symbol = target.symbol
    if len(op.captures) > target.nargs:
        raise MyiaIRError(
            f"myia.closure gives {len(op.captures)} captured value(s) to @{symbol}, "
            f"which takes {target.nargs} argument(s)"
        )
    if not op.captures:
        return Prefill(Closure(symbol, ()))
    gather = _gather(b.slots(op.captures))
    out = b.out

    def step(env: list[Any]) -> None:
        env[out] = Closure(symbol, tuple(gather(env)))

    return step


@register_op(CallOp)
def _call(b: StepBuilder, op: CallOp) -> Step:
    target = b.function(op.callee, len(op.arguments))
    return _call_step(target, b.slots(op.arguments))


@register_op(IfOp)
def _if(b: StepBuilder, op: IfOp) -> Step:
    then_target = b.function(op.then_fn, len(op.then_args))
    else_target = b.function(op.else_fn, len(op.else_args))
    then_gather = _gather(b.slots(op.then_args))
    else_gather = _gather(b.slots(op.else_args))
    cond = b.slot(op.cond)

    def step(env: list[Any]) -> tuple[Code, list[Any]]:
        c = env[cond]
        if c is True:
            return then_target, then_gather(env)
        if c is False:
            return else_target, else_gather(env)
        if c.__class__ is np.bool_:
            if c:
                return then_target, then_gather(env)
            return else_target, else_gather(env)
        if c.__class__ is Undefined:
            raise c.error()
        raise TypeError(f"the condition of myia.if must be a bool, not {type(c).__name__}")

    return step


@register_op(ApplyOp)
def _apply(b: StepBuilder, op: ApplyOp) -> Step:
    interpreter = b.interpreter
    fn_slot = b.slot(op.fn)
    gather = _gather(b.slots(op.arguments))
    callees = op.callees
    keywords = op.keyword_names
    if callees is None:

        def step(env: list[Any]) -> tuple[Code, list[Any]]:
            return interpreter.call_request(env[fn_slot], gather(env), keywords=keywords)

        return step
    # Typed IR: the closure's function is the representative of its class in the
    # type ``!myia.fn<@a, @b>``; ``callees`` names what this site runs for each.
    fn_type = op.fn.type
    if not isinstance(fn_type, FunctionValueType) or len(fn_type.functions) != len(callees):
        raise MyiaIRError("myia.apply with callees needs a !myia.fn operand of as many functions")
    targets = {
        rep.root_reference.data: b.function(callee)
        for rep, callee in zip(fn_type.functions.data, callees.data, strict=True)
    }

    def typed_step(env: list[Any]) -> tuple[Code, list[Any]]:
        return interpreter.call_request(env[fn_slot], gather(env), targets)

    return typed_step


@register_op(RecordOp)
def _record(b: StepBuilder, op: RecordOp) -> Step:
    interpreter = b.interpreter
    class_name = op.class_name.data
    names = tuple(n.data for n in op.field_names.data)
    if len(names) != len(op.fields):
        raise MyiaIRError(f"myia.record has {len(names)} field names but {len(op.fields)} values")
    gather = _gather(b.slots(op.fields))
    out = b.out

    def step(env: list[Any]) -> None:
        values = gather(env)
        _check_defined(values)
        env[out] = interpreter.make_record(class_name, names, values)

    return step


@register_op(GetAttrOp)
def _getattr(b: StepBuilder, op: GetAttrOp) -> Step:
    interpreter = b.interpreter
    src = b.slot(op.object)
    name = op.attr.data
    out = b.out

    def step(env: list[Any]) -> tuple[Code, list[Any]] | None:
        obj = env[src]
        if obj.__class__ is Undefined:
            raise obj.error()
        kind, value = interpreter.getattr(obj, name)
        if kind is _CALL:
            return value
        env[out] = value
        return None

    return step


# ---------------------------------------------------------------------------
# Typed integers
#
# In typed code (the ``interp`` and ``cpu`` backends) an ``i64`` is a 64-bit
# machine integer, and the interpreter computes what compiled code computes:
# arithmetic on Python ints (ops marked ``checked``) is exact or raises
# OverflowError; numpy's int64 arithmetic wraps around (two's complement:
# ``np.int64(2**63 - 1) + 1 == -2**63``); an int to a negative int power known only
# at run time is a MyiaValueError (Python's float result has no place in an
# int-typed value); shifts by 64 or more give 0 (or -1) and negative shift counts
# raise ValueError as in Python; a float converted to an int (int(), round(),
# math.floor()...) raises for NaN, infinities and values out of range, with
# Python's messages. Untyped code (``interp-untyped``) keeps Python's unbounded
# ints.

I64_MIN = -(1 << 63)
I64_MAX = (1 << 63) - 1
_I64_MODULUS = 1 << 64


def wrap_i64(v: Any) -> Any:
    """``v`` wrapped to a 64-bit two's complement int (ints only)."""
    if v.__class__ is int and not I64_MIN <= v <= I64_MAX:
        return (v - I64_MIN) % _I64_MODULUS + I64_MIN
    return v


def float_to_i64(x: Any) -> int:
    """A float's integer part as an i64; NaN, infinities and values out of range
    raise (ValueError, OverflowError) as compiled code does."""
    if x != x:
        raise ValueError(FLOAT_NAN_TO_INT)
    if not -9.223372036854775808e18 <= x < 9.223372036854775808e18:
        raise OverflowError(FLOAT_INF_TO_INT if x in (_INF, -_INF) else FLOAT_OUT_OF_I64)
    return int(x)


_INF = float("inf")


def to_i64(x: Any) -> int:
    """``myia.cast`` to i64: floats as :func:`float_to_i64`, ints wrapped."""
    if isinstance(x, float | np.floating):
        return float_to_i64(x)
    return wrap_i64(int(x))


def _is_int_type(t: Attribute) -> bool:
    return isinstance(t, IntegerType) and t.width.data > 1


def _is_i64(t: Attribute) -> bool:
    return (
        isinstance(t, IntegerType)
        and t.width.data == 64
        and t.signedness.data != Signedness.UNSIGNED
    )


_WRAPPING = frozenset({"add", "sub", "mul", "floordiv", "neg", "abs", "pos"})
_INLINE_WRAPPING = frozenset({"add", "sub", "mul"})


def typed_int_impl(
    name: str, impl: Callable[..., Any], result: Attribute, checked: bool = False
) -> Callable[..., Any]:
    """The implementation of primitive ``name`` giving a value of type ``result``:
    ``impl`` itself, or a version with the semantics of typed integers (above)
    and floats (below)."""
    if isinstance(result, Float64Type) and name in FLOAT_CHECKED:
        return (PYTHON_FLOAT_IMPLS if checked else NUMPY_FLOAT_IMPLS)[name]
    if not _is_int_type(result):
        return impl
    if checked:
        return checked_int_impl(name, impl)
    i64 = _is_i64(result)
    if name in ("floordiv", "mod"):
        # numpy's ints, computed by numpy: 0 for a zero divisor, INT_MIN // -1
        # wraps around (and numpy warns).
        np_type = np.dtype(dtype_of_type(result)).type

        def int_divmod(x: Any, y: Any) -> Any:
            return impl(np_type(x), np_type(y))

        return int_divmod
    if name == "pow":

        def int_pow(x: Any, y: Any) -> Any:
            if y < 0:
                raise ValueError(NEGATIVE_POWER_MESSAGE)
            if i64 and x.__class__ is int and y.__class__ is int:
                return wrap_i64(pow(x, y, _I64_MODULUS))
            return impl(x, y)

        return int_pow
    if not i64:
        return impl  # numpy's fixed-width ints wrap by themselves
    if name in _WRAPPING:
        if impl.__code__.co_argcount == 1:
            return lambda x: wrap_i64(impl(x))
        return lambda x, y: wrap_i64(impl(x, y))
    if name == "lshift":

        def lshift(x: Any, y: Any) -> Any:
            if y < 0:
                raise ValueError(NEGATIVE_SHIFT)
            return 0 if y >= 64 else wrap_i64(impl(x, y))

        return lshift
    if name == "round":
        return _round_to_i64
    return impl


# ---------------------------------------------------------------------------
# Typed floats
#
# An f64 is a Python float (or a numpy float64: the interpreter does not convert
# values whose type does not change), and the semantics of ``/``, ``//``, ``%``
# and ``**`` come from the op, as in compiled code: ``checked`` ops compute as
# CPython does on Python floats (ZeroDivisionError, OverflowError, and a
# ValueError where CPython's power is complex), the others as numpy does on its
# float64, with numpy (inf and nan, and numpy's warnings).


def _python_float_pow(x: Any, y: Any) -> float:
    r = float(x) ** float(y)
    if r.__class__ is complex:
        raise ValueError(COMPLEX_POWER)
    return r


PYTHON_FLOAT_IMPLS: dict[str, Callable[[Any, Any], Any]] = {
    "truediv": lambda x, y: float(x) / float(y),
    "floordiv": lambda x, y: float(x) // float(y),
    "mod": lambda x, y: float(x) % float(y),
    "pow": _python_float_pow,
}

_F64 = np.float64
NUMPY_FLOAT_IMPLS: dict[str, Callable[[Any, Any], Any]] = {
    "truediv": lambda x, y: _F64(x) / _F64(y),
    "floordiv": lambda x, y: _F64(x) // _F64(y),
    "mod": lambda x, y: _F64(x) % _F64(y),
    "pow": lambda x, y: _F64(x) ** _F64(y),
}


def checked_int_impl(name: str, impl: Callable[..., Any]) -> Callable[..., Any]:
    """``impl`` on Python ints, exact, raising OverflowError when the result
    does not fit in an i64 (without computing ``2 ** 10**12`` to find out).
    Operands may be numpy ints (``int()`` of an ``np.int64`` is no op): they
    compute as Python ints."""
    message = overflow_message(name)

    def fit(v: int) -> int:
        if not I64_MIN <= v <= I64_MAX:
            raise OverflowError(message)
        return v

    if name == "pow":

        def int_pow(x: Any, y: Any) -> Any:
            x, y = int(x), int(y)
            if y < 0:
                raise ValueError(NEGATIVE_POWER_MESSAGE)
            if y > 63 and x not in (-1, 0, 1):
                raise OverflowError(message)
            return fit(x**y)

        return int_pow
    if name == "lshift":

        def lshift(x: Any, y: Any) -> Any:
            x, y = int(x), int(y)
            if y < 0:
                raise ValueError(NEGATIVE_SHIFT)
            if y > 63 and x != 0:
                raise OverflowError(message)
            return fit(x << y)

        return lshift
    if name == "cast":
        return lambda x: fit(int(x))
    if impl.__code__.co_argcount == 1:
        return lambda x: fit(impl(int(x)))
    return lambda x, y: fit(impl(int(x), int(y)))


def _round_to_i64(x: Any) -> int:
    if x != x or x in (_INF, -_INF):
        return float_to_i64(x)  # raises
    v = round(x)
    if not I64_MIN <= v <= I64_MAX:
        raise OverflowError(FLOAT_OUT_OF_I64)
    return v


@register_op(PrimOp)
def _primitive(b: StepBuilder, op: PrimOp) -> Step:
    prim = op.PRIMITIVE
    slots = b.slots(op.args)
    if not prim.accepts(len(slots)):
        raise MyiaIRError(f"{op.name} takes {prim.arity_text()}, got {len(slots)}")
    checked = op.checked is not None
    if op.numpy is not None and prim.name in NUMPY_UFUNCS:  # numpy's own (untyped code)
        impl = NUMPY_UFUNCS[prim.name]
    else:
        impl = typed_int_impl(prim.name, prim.impl, op.results[0].type, checked)
    out = b.out
    if checked and len(slots) == 2 and prim.name in _WRAPPING and _is_i64(op.results[0].type):
        # Python-int arithmetic: the overflow check inline (the common typed case).
        raw = prim.impl
        a, c = slots
        message = overflow_message(prim.name)

        def step2_checked(env: list[Any]) -> None:
            x = env[a]
            y = env[c]
            if x.__class__ is not int:  # (int() of a numpy int is no op: it is one)
                if x.__class__ is Undefined:
                    raise x.error()
                x = int(x)
            if y.__class__ is not int:
                if y.__class__ is Undefined:
                    raise y.error()
                y = int(y)
            v = raw(x, y)
            if not I64_MIN <= v <= I64_MAX:
                raise OverflowError(message)
            env[out] = v

        return step2_checked
    if len(slots) == 2 and prim.name in _INLINE_WRAPPING and _is_i64(op.results[0].type):
        # i64 arithmetic: the wrap-around check inline (numpy's int64).
        raw = prim.impl
        a, c = slots

        def step2_i64(env: list[Any]) -> None:
            x = env[a]
            y = env[c]
            if x.__class__ is Undefined:
                raise x.error()
            if y.__class__ is Undefined:
                raise y.error()
            v = raw(x, y)
            if v.__class__ is int and not I64_MIN <= v <= I64_MAX:
                v = (v - I64_MIN) % _I64_MODULUS + I64_MIN
            env[out] = v

        return step2_i64
    if len(slots) == 1:
        (a,) = slots

        def step1(env: list[Any]) -> None:
            x = env[a]
            if x.__class__ is Undefined:
                raise x.error()
            env[out] = impl(x)

        return step1
    if len(slots) == 2:
        a, c = slots

        def step2(env: list[Any]) -> None:
            x = env[a]
            y = env[c]
            if x.__class__ is Undefined:
                raise x.error()
            if y.__class__ is Undefined:
                raise y.error()
            env[out] = impl(x, y)

        return step2
    gather = _gather(slots)

    def step(env: list[Any]) -> None:
        args = gather(env)
        _check_defined(args)
        env[out] = impl(*args)

    return step


if "cast" in PRIMITIVES:

    @register_op(PRIMITIVES["cast"].op)
    def _cast(b: StepBuilder, op: PrimOp) -> Step:
        """``myia.cast`` converts to its result type, which its reference
        implementation cannot see."""
        (src,) = b.slots(op.args)
        convert = _converter(op.results[0].type)
        if convert is to_i64 and isinstance(
            op.args[0].type, Float16Type | Float32Type | Float64Type
        ):
            # (math.floor's implementation gives an int, typed f64, to cast.)
            convert = float_to_i64
        elif op.checked is not None:  # a numpy uint64 to a Python int
            convert = checked_int_impl("cast", int)
        out = b.out

        def step(env: list[Any]) -> None:
            x = env[src]
            _check_defined([x])
            env[out] = convert(x)

        return step


@register_op(PRIMITIVES["select"].op)
def _select(b: StepBuilder, op: PrimOp) -> Step:
    """``a if cond else b`` with both evaluated: only the chosen one must be
    defined (as in Python, where the other is not evaluated)."""
    if len(op.args) != 3:
        raise MyiaIRError(f"myia.select takes 3 operands, got {len(op.args)}")
    cond, a, c = b.slots(op.args)
    impl = op.PRIMITIVE.impl
    out = b.out

    def step(env: list[Any]) -> None:
        x = env[cond]
        if x.__class__ is Undefined:
            raise x.error()
        value = impl(x, env[a], env[c])
        if value.__class__ is Undefined:
            raise value.error()
        env[out] = value

    return step


def _converter(t: Attribute) -> Callable[[Any], Any]:
    from xdsl.dialects.builtin import TupleType

    if _is_i64(t):
        return to_i64
    scalar = scalar_converter(t)
    if scalar is not None:
        return scalar
    if isinstance(t, TupleType):
        parts = [_converter(e) for e in t.types.data]
        return lambda x: tuple(f(v) for f, v in zip(parts, x, strict=True))
    from myia.dialects.types import ListType

    if isinstance(t, ListType):
        element = _converter(t.element)
        return lambda x: [element(v) for v in x]
    return lambda x: x


@register_op(PRIMITIVES["tree_map"].op)
def _tree_map(b: StepBuilder, op: PrimOp) -> Step:
    """``myia.tree_map`` on Python values (untyped code: inference expands it
    otherwise), calling the function value on each leaf."""
    from myia.tree import tree_map

    interpreter = b.interpreter
    gather = _gather(b.slots(op.args))
    out = b.out

    def step(env: list[Any]) -> None:
        args = gather(env)
        _check_defined(args)
        fn, *trees = args
        env[out] = tree_map(lambda *leaves: interpreter.apply(fn, *leaves), *trees)

    return step


# ---------------------------------------------------------------------------
# Attribute lookup

_FIELD = "field"
_CALL = "call"


def _method_symbol_base(cls: type, name: str) -> str:
    """The symbol the Python frontend gives the method ``name`` of ``cls``."""
    qualname = f"{cls.__qualname__}.{name}".replace("<locals>.", "")
    return re.sub(r"[^A-Za-z0-9_$.]", "_", qualname).strip(".")


# ---------------------------------------------------------------------------
# Errors


class InterpreterError(MyiaRuntimeError):
    """An error raised while interpreting a program.

    ``location`` is the failing op; ``stack`` the user functions that were
    running, outermost first: ``(function, location of its current op)``, the last
    being the function of the failing op. ``python_type`` is the type of the Python
    exception that was raised, which the exception also is an instance of.
    """

    python_type: type[BaseException] | None = None

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        stack: Sequence[tuple[str, SourceLocation | None]] = (),
    ):
        self.stack = list(stack)
        super().__init__(message, location)

    def render(self) -> str:
        lines: list[str] = []
        callers, here = self.stack[:-1], self.stack[-1:] or [(None, None)]
        for name, location in _collapse(callers):
            if name is None:
                lines.append(str(location))
            elif location is None:
                lines.append(f"in {name}")
            else:
                lines.append(f"{location}: in {name}")
                excerpt = location.excerpt()
                if excerpt:
                    lines.append(excerpt)
        function = here[0][0]
        message = f"in {function}: {self.message}" if function else self.message
        if self.location is not None:
            lines.append(f"{self.location}: {message}")
            excerpt = self.location.excerpt()
            if excerpt:
                lines.append(excerpt)
        else:
            lines.append(message)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (runtime_error, (self.python_type, self.message, self.location, self.stack))


def _collapse(
    frames: list[tuple[str, SourceLocation | None]], keep: int = 3, limit: int = 60
) -> list[tuple[Any, Any]]:
    """Shorten a long call stack as Python does: runs of one repeated frame keep
    their first ``keep`` entries, and at most ``limit`` entries are shown."""
    out: list[tuple[Any, Any]] = []
    i = 0
    while i < len(frames):
        j = i
        while j < len(frames) and frames[j] == frames[i]:
            j += 1
        out.extend(frames[i : min(j, i + keep)])
        if j - i > keep:
            out.append((None, f"  [previous frame repeated {j - i - keep} more times]"))
        i = j
    if len(out) > limit:
        half = limit // 2
        skipped = len(out) - 2 * half
        out = [*out[:half], (None, f"  [... {skipped} more frames ...]"), *out[-half:]]
    return out


_ERROR_CLASSES: dict[type[BaseException], type[InterpreterError]] = {}


def _error_class(exc_type: type[BaseException]) -> type[InterpreterError]:
    """An InterpreterError that is also ``exc_type``, through the class the cpu
    backend raises too (``myia.errors.MyiaZeroDivisionError``...)."""
    cls = _ERROR_CLASSES.get(exc_type)
    if cls is None:
        try:
            common = runtime_error_class(exc_type)
            cls = type(
                exc_type.__name__,
                (InterpreterError, common if common is not MyiaRuntimeError else exc_type),
                {
                    "__module__": "myia",
                    "__qualname__": exc_type.__name__,
                    "__str__": BaseException.__str__,
                    "python_type": exc_type,
                    "__doc__": f"A {exc_type.__name__} raised by a myia program.",
                },
            )
        except TypeError:
            cls = InterpreterError
        _ERROR_CLASSES[exc_type] = cls
    return cls


def runtime_error(
    exc_type: type[BaseException] | None,
    message: str,
    location: SourceLocation | None = None,
    stack: Sequence[tuple[str, SourceLocation | None]] = (),
) -> InterpreterError:
    """An :class:`InterpreterError` that is also an ``exc_type`` when possible."""
    if exc_type is not None and issubclass(exc_type, Exception):
        cls = _error_class(exc_type)
        if cls is not InterpreterError:
            try:
                err = cls(message, location, stack)
                str(err)
                return err
            except Exception:
                _ERROR_CLASSES[exc_type] = InterpreterError
    err = InterpreterError(message, location, stack)
    err.python_type = exc_type
    return err


# ---------------------------------------------------------------------------
# Frames, for debuggers


class Frame:
    """A view of one frame of the machine: a function, its environment, and the
    index of the step it is at."""

    __slots__ = ("code", "env", "index")

    def __init__(self, code: Code, env: list[Any], index: int):
        self.code = code
        self.env = env
        self.index = index

    @property
    def function(self) -> FuncOp:
        return self.code.func

    @property
    def op(self) -> Operation:
        return self.code.ops[self.index]

    @property
    def location(self) -> SourceLocation | None:
        return SourceLocation.from_attr(self.op.location)

    def value(self, ssa: SSAValue) -> Any:
        return self.env[self.code.slots[ssa]]

    def values(self) -> dict[str, Any]:
        """The named values computed so far (arguments and constants included)."""
        out: dict[str, Any] = {}
        for ssa, slot in self.code.slots.items():
            if ssa.name_hint is not None and slot < len(self.env):
                out.setdefault(ssa.name_hint, self.env[slot])
        return out

    def __repr__(self) -> str:
        return f"<Frame @{self.code.symbol} at {self.op.name}>"


# ---------------------------------------------------------------------------
# The interpreter


class Interpreter:
    """Runs the functions of ``module`` on Python values.

    ``resolver`` (a :class:`myia.frontend.Frontend` whose module is ``module``)
    parses the methods of dataclasses on demand, into ``module``; functions added
    to the module are found when first referred to. Functions already compiled
    are not recompiled: do not change them while the interpreter is in use.
    """

    def __init__(
        self,
        module: ModuleOp,
        resolver: Any = None,
        *,
        on_step: Callable[[Frame, Operation], None] | None = None,
        max_depth: int = MAX_DEPTH,
    ):
        self.module = module
        self.resolver = resolver
        self.max_depth = max_depth
        self._on_step = on_step
        self.codes: dict[str, Code] = {}
        self._attributes: dict[tuple[type, str], tuple[str, Any]] = {}
        self._init_fields: dict[type, frozenset[str]] = {}
        self._stack: list[tuple[Code, list[Any], int]] = []
        self._scan()

    # -- public API ------------------------------------------------------------

    @property
    def on_step(self) -> Callable[[Frame, Operation], None] | None:
        return self._on_step

    @on_step.setter
    def on_step(self, hook: Callable[[Frame, Operation], None] | None) -> None:
        """Setting the hook recompiles the functions (to wrap, or unwrap, steps)."""
        self._on_step = hook
        for code in self.codes.values():
            code.steps = None

    def call(self, symbol: str, *args: Any) -> Any:
        """Call the function ``symbol`` with ``args`` (its captures, then its
        parameters) and return its result."""
        code = self.code(symbol)
        if len(args) != code.nargs:
            raise runtime_error(
                TypeError,
                f"@{symbol} takes {code.nargs} argument(s) but {len(args)} were given",
                SourceLocation.from_attr(code.func.location),
            )
        return self._run(code, list(args))

    def apply(self, fn: Any, *args: Any) -> Any:
        """Call a function value (a :class:`Closure` or :class:`BoundMethod`)."""
        try:
            code, full = self.call_request(fn, list(args))
        except MyiaError:
            raise
        except Exception as exc:
            raise runtime_error(type(exc), str(exc)) from None
        return self._run(code, full)

    def code(self, symbol: str) -> Code:
        """The compiled function ``symbol`` (looking for new functions in the module
        when it is not known yet)."""
        code = self.codes.get(symbol)
        if code is None:
            self._scan()
            code = self.codes.get(symbol)
            if code is None:
                raise MyiaIRError(f"there is no function @{symbol}")
        return code

    # -- run-time support used by steps ----------------------------------------

    def call_request(
        self,
        fn: Any,
        args: list[Any],
        targets: dict[str, Code] | None = None,
        keywords: tuple[str, ...] = (),
    ) -> tuple[Code, list[Any]]:
        """What calling the function value ``fn`` with ``args`` runs; ``targets``
        maps the function of a closure to the function to run instead (the
        specializations named by a typed ``myia.apply``); the last arguments are
        passed by the names in ``keywords``."""
        cls = fn.__class__
        if cls is Closure:
            code = None
            if targets is not None:
                code = targets.get(fn.symbol)
            if code is None:
                code = self.codes.get(fn.symbol) or self.code(fn.symbol)
            leading: list[Any] = list(fn.captures)
        elif cls is BoundMethod:
            code = self.codes.get(fn.symbol) or self.code(fn.symbol)
            leading = [fn.self]
        elif cls is Undefined:
            raise fn.error()
        else:
            raise TypeError(f"'{type(fn).__name__}' object is not callable by myia")
        if keywords or len(leading) + len(args) != code.nargs:
            # Keywords or missing arguments: bind them as Python would.
            cut = len(args) - len(keywords)
            try:
                return code, code.func.bind(
                    leading, args[:cut], list(zip(keywords, args[cut:])), attribute_value
                )
            except MyiaTypeError as exc:
                raise TypeError(exc.message) from None
        args = [*leading, *args] if leading else args
        if len(args) != code.nargs:
            ncap = code.func.num_captures.data
            if cls is BoundMethod:
                ncap += 1
            raise TypeError(
                f"{code.symbol}() takes {code.nargs - ncap} argument(s) but "
                f"{len(args) - ncap} were given"
            )
        return code, args

    def make_record(self, class_name: str, names: Sequence[str], values: list[Any]) -> Any:
        """A record: an instance of the dataclass the frontend saw, else a
        :class:`Record`."""
        from myia.frontend import RECORD_CLASSES

        cls = RECORD_CLASSES.get(class_name)
        if cls is None:
            return Record(class_name, zip(names, values, strict=True))
        init_fields = self._init_fields.get(cls)
        if init_fields is None:
            init_fields = frozenset(f.name for f in dataclasses.fields(cls) if f.init)
            self._init_fields[cls] = init_fields
        if init_fields == set(names):
            return cls(**dict(zip(names, values, strict=True)))
        obj = object.__new__(cls)
        for name, value in zip(names, values, strict=True):
            object.__setattr__(obj, name, value)
        return obj

    def getattr(self, obj: Any, name: str) -> tuple[str, Any]:
        """``(_FIELD, value)``, or ``(_CALL, (code, args))`` for a property."""
        cls = obj.__class__
        if cls is Record:
            fields = obj.fields
            if name in fields:
                return _FIELD, fields[name]
            symbol = self._record_method(obj, name)
            return _FIELD, BoundMethod(symbol, obj)
        key = (cls, name)
        found = self._attributes.get(key)
        if found is None:
            found = self._attributes[key] = self._classify_attribute(cls, name)
        kind, symbol = found
        if kind == "method":
            return _FIELD, BoundMethod(symbol, obj)
        if kind == "property":
            return _CALL, self.call_request(Closure(symbol), [obj])
        value = getattr(obj, name)
        if kind == "other" and callable(value) and not isinstance(value, type):
            raise AttributeError(f"myia cannot call the method '{name}' of a {cls.__name__} value")
        return _FIELD, value

    def _classify_attribute(self, cls: type, name: str) -> tuple[str, Any]:
        if cls is np.ndarray:  # methods of arrays: @ndarray.<name> (numpy_api)
            from myia.dialects.prims_array import ARRAY_METHOD_NAMES, METHOD_SYMBOL_PREFIX

            if name in ARRAY_METHOD_NAMES:
                return "method", self.code(METHOD_SYMBOL_PREFIX + name).symbol
        if not dataclasses.is_dataclass(cls):
            return "other", None
        if name in getattr(cls, "__dataclass_fields__", {}):
            return "field", None
        try:
            attr = inspect.getattr_static(cls, name)
        except AttributeError:
            return "field", None  # let getattr raise Python's AttributeError
        if isinstance(attr, property):
            return "property", self._method(cls, name)
        if inspect.isfunction(attr) or isinstance(attr, staticmethod | classmethod):
            return "method", self._method(cls, name)
        return "field", None

    def _method(self, cls: type, name: str) -> str:
        """The symbol of the method (or property getter) ``name`` of ``cls``."""
        if self.resolver is not None:
            return self.resolver.method(cls, name)
        base = _method_symbol_base(cls, name)
        return self._find_function(base, f"{cls.__name__}.{name}", cls.__name__, name)

    def _record_method(self, record: Record, name: str) -> str:
        short = record.short_name
        return self._find_function(f"{short}.{name}", f"{short}.{name}", short, name)

    def _find_function(self, exact: str, suffix: str, cls_name: str, name: str) -> str:
        self._scan()
        if exact in self.codes:
            return exact
        matches = [s for s in self.codes if s.endswith("." + suffix)]
        if len(matches) == 1:
            return matches[0]
        raise AttributeError(f"'{cls_name}' object has no attribute '{name}'")

    # -- compilation -----------------------------------------------------------

    def _scan(self) -> None:
        for op in self.module.ops:
            if isinstance(op, FuncOp):
                symbol = op.sym_name.data
                if symbol not in self.codes:
                    self.codes[symbol] = Code(op)

    def _compile(self, code: Code) -> list[Step]:
        func = code.func
        block = func.entry
        slots: dict[SSAValue, int] = {arg: i for i, arg in enumerate(block.args)}
        code.slots = slots
        pad: list[Any] = []
        steps: list[Step] = []
        ops: list[Operation] = []
        outs: list[int] = []
        continues: list[bool] = []
        builder = StepBuilder(self, code)
        ret_op: ReturnOp | None = None
        for op in block.ops:
            if isinstance(op, ReturnOp):
                ret_op = op
                break
            handler = _handler_for(type(op))
            if handler is None:
                raise MyiaIRError(
                    f"the interpreter cannot run '{op.name}'",
                    SourceLocation.from_attr(op.location),
                )
            out = -1
            for result in op.results:
                slots[result] = code.nargs + len(pad)
                pad.append(None)
            if len(op.results) == 1:
                out = slots[op.results[0]]
            elif op.results:
                raise MyiaIRError(
                    f"the interpreter cannot run '{op.name}', which has several results",
                    SourceLocation.from_attr(op.location),
                )
            builder.out = out
            try:
                compiled = handler(builder, op)
            except MyiaError as err:
                if err.location is None:
                    raise type(err)(err.message, SourceLocation.from_attr(op.location)) from None
                raise
            if isinstance(compiled, Prefill):
                pad[out - code.nargs] = compiled.value
                continue
            steps.append(compiled)
            ops.append(op)
            outs.append(out)
            continues.append(self._stays_in_function(code, op))
        if ret_op is None:
            raise MyiaIRError(
                f"@{code.symbol} does not end with myia.return",
                SourceLocation.from_attr(func.location),
            )
        code.ret = builder.slot(ret_op.value)
        code.ops = [*ops, ret_op]
        code.outs = outs
        code.continues = continues
        code.pad = pad
        code.tail = len(steps) - 1 if steps and outs[-1] == code.ret else -1
        if self._on_step is not None:
            steps = [self._traced(code, i, s) for i, s in enumerate(steps)]
        code.steps = steps
        return steps

    def _stays_in_function(self, code: Code, op: Operation) -> bool:
        if not isinstance(op, _LOCAL_CALL_OPS):
            return False
        refs = [op.callee] if isinstance(op, CallOp) else [op.then_fn, op.else_fn]
        for ref in refs:
            target = self.codes.get(ref.root_reference.data)
            if target is None or not target.generated or target.user != code.user:
                return False
        return True

    def _traced(self, code: Code, index: int, step: Step) -> Step:
        hook = self._on_step
        assert hook is not None
        op = code.ops[index]

        def traced(env: list[Any]) -> Any:
            hook(Frame(code, env, index), op)
            return step(env)

        return traced

    # -- the machine -----------------------------------------------------------

    def _run(self, code: Code, args: list[Any]) -> Any:
        stack: list[tuple[Code, list[Any], int]] = []
        saved, self._stack = self._stack, stack
        push = stack.append
        pop = stack.pop
        limit = self.max_depth
        try:
            steps = code.steps
            if steps is None:
                steps = self._compile(code)
            entry = code
            n = len(steps)
            env = args + code.pad
            pc = 0
            while True:
                try:
                    while pc < n:
                        request = steps[pc](env)
                        if request is not None:
                            break
                        pc += 1
                    else:
                        # The function returns.
                        value = env[code.ret]
                        if not stack:
                            if (undefined := contains_undefined(value)) is not None:
                                # Report it where the entry function returns.
                                code, pc = entry, len(entry.ops) - 1
                                raise undefined.error()
                            return value
                        code, env, pc = pop()
                        steps = code.steps
                        if steps is None:  # on_step was changed by the hook
                            steps = self._compile(code)
                        n = len(steps)
                        env[code.outs[pc]] = value
                        pc += 1
                        continue
                    # The step at pc calls a function.
                    callee, env_args = request
                    if pc != code.tail:
                        if len(stack) >= limit:
                            raise RecursionError("maximum recursion depth exceeded")
                        push((code, env, pc))
                    code = callee
                    steps = code.steps
                    if steps is None:
                        steps = self._compile(code)
                    n = len(steps)
                    env = env_args + code.pad
                    pc = 0
                except MyiaError:
                    raise
                except Exception as exc:
                    raise self._error(exc, code, pc, stack) from None
        finally:
            self._stack = saved

    def _error(
        self, exc: Exception, code: Code, pc: int, stack: list[tuple[Code, list[Any], int]]
    ) -> InterpreterError:
        op = code.ops[pc] if pc < len(code.ops) else None
        location = SourceLocation.from_attr(op.location) if op is not None else None
        message = str(exc) or type(exc).__name__
        return runtime_error(type(exc), message, location, self._user_stack(stack, code, pc))

    def _user_stack(
        self, stack: list[tuple[Code, list[Any], int]], code: Code, pc: int
    ) -> list[tuple[str, SourceLocation | None]]:
        """The user functions running, outermost first, each with the op it is at:
        frames of functions the frontend cut out of a user function (branches,
        loops) merge into that function's frame."""
        groups: list[list[Any]] = []  # [user, code, pc]
        continues = False
        for frame_code, frame_pc in [*((c, p) for c, _, p in stack), (code, pc)]:
            if groups and continues and groups[-1][0] == frame_code.user:
                groups[-1][1:] = [frame_code, frame_pc]
            else:
                groups.append([frame_code.user, frame_code, frame_pc])
            continues = frame_pc < len(frame_code.continues) and frame_code.continues[frame_pc]
        out: list[tuple[str, SourceLocation | None]] = []
        for user, frame_code, frame_pc in groups:
            ops = frame_code.ops
            op = ops[frame_pc] if frame_pc < len(ops) else None
            out.append((user, SourceLocation.from_attr(op.location) if op else None))
        return out
