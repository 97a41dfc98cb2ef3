"""The interpreter's handlers of the structural ops (constants, tuples, closures,
calls, ``if``, records, attributes and the gradient environment), and the Python
values of constant attributes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    Signedness,
    TupleType,
)
from xdsl.ir import Attribute
from xdsl.utils.exceptions import VerifyException

from myia.dialects import (
    ApplyOp,
    CallOp,
    ClosureOp,
    ConstOp,
    FunctionValueType,
    GetAttrOp,
    IfOp,
    RecordOp,
    TupleGetOp,
    TupleOp,
    UndefinedOp,
)
from myia.dialects.grad_ops import EnvIsZeroOp, EnvPackOp, EnvUnpackOp, EnvZeroOp, JOp
from myia.dialects.ops_value import literal_value
from myia.dialects.types import EnvSensType, ListType, NoneType, RecordType
from myia.errors import MyiaIRError
from myia.runtime.interpreter_steps import (
    CALL,
    Code,
    Prefill,
    Step,
    StepBuilder,
    call_step,
    check_defined,
    gather_slots,
    register_op,
)
from myia.runtime.myia_values import Closure, Record, Undefined

if TYPE_CHECKING:
    from myia.runtime.interpreter import Interpreter

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
    gather = gather_slots(b.slots(op.elements))
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
    gather = gather_slots(b.slots(op.captures))
    out = b.out

    def step(env: list[Any]) -> None:
        env[out] = Closure(symbol, tuple(gather(env)))

    return step


@register_op(CallOp)
def _call(b: StepBuilder, op: CallOp) -> Step:
    target = b.function(op.callee, len(op.arguments))
    return call_step(target, b.slots(op.arguments))


@register_op(IfOp)
def _if(b: StepBuilder, op: IfOp) -> Step:
    then_target = b.function(op.then_fn, len(op.then_args))
    else_target = b.function(op.else_fn, len(op.else_args))
    then_gather = gather_slots(b.slots(op.then_args))
    else_gather = gather_slots(b.slots(op.else_args))
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
    gather = gather_slots(b.slots(op.arguments))
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
    gather = gather_slots(b.slots(op.fields))
    out = b.out

    def step(env: list[Any]) -> None:
        values = gather(env)
        check_defined(values)
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
        if kind is CALL:
            return value
        env[out] = value
        return None

    return step
