"""Gradient rules of the scalar primitives (their ``grad`` rules).

``rule(e, op, args, out, dout) -> [sensitivity of each operand, or None]``: ``e``
is an :class:`myia.passes.grad.emitter.Emitter` in the backpropagator, ``args`` the
operands' forward values, ``out`` the forward result, ``dout`` the sensitivity of
the result. Rules compute with the primitives themselves, so gradients can be
differentiated again. Operands of one primitive share one type (typed IR is
homogeneous). None means "no gradient flows to this operand" (an integer, a
condition, a comparison). ``e.wants[i]`` tells whether operand ``i`` needs a
sensitivity at all (it depends on what is differentiated): a rule may skip the
others, and must when computing them could fail (``log`` of a negative base).

Derivatives compute with IEEE arithmetic (``divide``, ``power``: inf or nan,
never an exception), so a gradient never raises where the user's code ran: the
derivative of ``sqrt`` at 0 is inf, that of ``atan2`` at the origin nan, and
``x + 0.0 * math.sqrt(x)`` has the gradient nan at 0, all as in JAX.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from xdsl.ir import SSAValue

from myia.dialects import prims_math, prims_scalar  # noqa: F401 - the primitives differentiated here
from myia.dialects.abstract import dtype_of_type
from myia.dialects.primitive import PRIMITIVES
from myia.dialects.prims_math import MATH_TABLE, PYTHON_MATH
from myia.dialects.types import NoneType

Rule = Callable[[Any, Any, list[SSAValue], SSAValue, SSAValue], list[SSAValue | None]]


def grad_rule(*names: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for name in names:
            PRIMITIVES[name].rules["grad"] = fn
        return fn

    return register


def _c(e: Any, value: float, like: SSAValue) -> SSAValue:
    return e.const(value, like.type)


def is_float_type(t: Any) -> bool:
    dtype = dtype_of_type(t)
    return dtype is not None and dtype.startswith("float")


@grad_rule("add")
def _add(e, op, args, out, dout):
    return [dout, dout]


@grad_rule("sub")
def _sub(e, op, args, out, dout):
    return [dout, e.prim("neg", dout)]


@grad_rule("mul")
def _mul(e, op, args, out, dout):
    a, b = args
    return [e.prim("mul", dout, b), e.prim("mul", dout, a)]


def _div(e: Any, a: SSAValue, b: SSAValue) -> SSAValue:
    return e.prim("divide", a, b)


def unless_zero(e: Any, a: SSAValue, value: SSAValue, replacement: float) -> SSAValue:
    """``replacement`` where ``a`` is 0, else ``value`` (a branch not taken is
    computed on a safe operand, so its own derivative stays finite: JAX's
    double-``where``)."""
    zero = e.prim("eq", a, _c(e, 0.0, a), result_type=_bool(a))
    return e.prim("select", zero, _c(e, replacement, value), value, result_type=value.type)


@grad_rule("truediv", "divide")
def _truediv(e, op, args, out, dout):
    _, b = args
    da = _div(e, dout, b)
    db = e.prim("neg", _div(e, e.prim("mul", dout, out), b))
    return [da, db]


@grad_rule("pow", "power")
def _pow(e, op, args, out, dout):
    """The talk's bprop_pow: d/da needs no log; d/db does (and is dropped by dead
    code elimination when nobody asks for it). As JAX's: ``b * a ** (b - 1)``
    (inf at a zero base, but 0 for a zero exponent), and ``out * log(a)`` with log(1) for a zero base
    (0 ** b does not change with b there) and nan for a negative one (log's own
    answer, but no domain error on any backend)."""
    a, b = args
    if not is_float_type(a.type):
        return [None, None]
    da = db = None
    if e.wants[0]:
        # b * a ** (b - 1), with a ** 1 where b is 0 (JAX's): 0, not 0 * inf,
        # at a zero base.
        exponent = unless_zero(e, b, e.prim("sub", b, _c(e, 1.0, b)), 1.0)
        da = e.prim("mul", dout, e.prim("mul", b, e.prim("power", a, exponent)))
    if e.wants[1]:
        positive = e.prim("gt", a, _c(e, 0.0, a), result_type=_bool(a))
        other = unless_zero(e, a, _c(e, math.nan, a), 1.0)
        log_a = e.prim("log", e.prim("select", positive, a, other, result_type=a.type))
        db = e.prim("mul", dout, e.prim("mul", out, log_a))
    return [da, db]


@grad_rule("neg")
def _neg(e, op, args, out, dout):
    return [e.prim("neg", dout)]


@grad_rule("pos")
def _pos(e, op, args, out, dout):
    return [dout]


@grad_rule("abs", "fabs")
def _abs(e, op, args, out, dout):
    (a,) = args
    negative = e.prim("lt", a, _c(e, 0.0, a), result_type=_bool(a))
    return [e.prim("select", negative, e.prim("neg", dout), dout, result_type=dout.type)]


def _bool(v: SSAValue) -> Any:
    from xdsl.dialects.builtin import i1

    return i1


@grad_rule("min", "max")
def _minmax(e, op, args, out, dout):
    """Python's min/max return the first argument unless the second is strictly
    better: the gradient goes to the one returned."""
    a, b = args
    better = "lt" if op.PRIMITIVE.name == "min" else "gt"
    second = e.prim(better, b, a, result_type=_bool(a))
    zero = _c(e, 0.0, dout)
    return [
        e.prim("select", second, zero, dout, result_type=dout.type),
        e.prim("select", second, dout, zero, result_type=dout.type),
    ]


@grad_rule("select")
def _select(e, op, args, out, dout):
    cond, _, _ = args
    zero = e.zeros(dout.type)
    return [
        None,
        e.prim("select", cond, dout, zero, result_type=dout.type),
        e.prim("select", cond, zero, dout, result_type=dout.type),
    ]


@grad_rule("cast")
def _cast(e, op, args, out, dout):
    """Floats convert back; a closure widened to a union of functions gets the
    sensitivities of its own slot of the union's."""
    from myia.dialects.types import FunctionValueType

    (a,) = args
    if is_float_type(a.type) and is_float_type(out.type):
        return [e.prim("cast", dout, result_type=a.type)]
    source, target = op.operands[0].type, op.results[0].type
    if isinstance(source, FunctionValueType) and isinstance(target, FunctionValueType):
        slots = [r.root_reference.data for r in target.functions.data]
        return [
            e.tuple(
                [e.get(dout, slots.index(r.root_reference.data)) for r in source.functions.data]
            )
        ]
    # Arrays (sizes forgotten, dtypes converted) and structures of them: the
    # sensitivity converts back, when the source has one.
    wanted = e.transform.sens_type(source)
    if isinstance(wanted, NoneType) or isinstance(dout.type, NoneType):
        return [None]
    return [dout if dout.type == wanted else e.prim("cast", dout, result_type=wanted)]


@grad_rule("floordiv", "floor", "ceil", "trunc", "round", "eq", "ne", "lt", "le", "gt", "ge",
           "not", "truth", "bitand", "bitor", "bitxor", "lshift", "rshift", "invert",
           "isnan", "isinf", "isfinite", "is", "is_not")  # fmt: skip
def _no_gradient(e, op, args, out, dout):
    return [None] * len(args)


@grad_rule("mod", "fmod")
def _mod(e, op, args, out, dout):
    a, b = args
    if not is_float_type(a.type):
        return [None, None]
    if op.PRIMITIVE.name == "mod":
        quotient = e.prim("floordiv", a, b)  # the quotient % kept: b != 0 where it ran
    else:
        quotient = e.prim("trunc", _div(e, a, b))
    return [dout, e.prim("neg", e.prim("mul", dout, quotient))]


def _unary(name: str, derivative: Callable[[Any, SSAValue, SSAValue], SSAValue]) -> None:
    """A rule for ``name`` from its derivative f'(a) (given a and out = f(a))."""

    def rule(e, op, args, out, dout):
        (a,) = args
        return [e.prim("mul", dout, derivative(e, a, out))]

    PRIMITIVES[name].rules["grad"] = rule


def _sq(e, a):
    return e.prim("mul", a, a)


for _fn in MATH_TABLE:
    if _fn.derivative is not None:
        _unary(_fn.name, _fn.derivative)


@grad_rule("atan2")
def _atan2(e, op, args, out, dout):
    """nan at the origin (0 / 0), as JAX."""
    y, x = args
    norm = e.prim("add", _sq(e, x), _sq(e, y))
    return [
        _div(e, e.prim("mul", dout, x), norm),
        e.prim("neg", _div(e, e.prim("mul", dout, y), norm)),
    ]


@grad_rule("hypot")
def _hypot(e, op, args, out, dout):
    """``a / hypot(a, b)``; at the origin, where hypot is a cone, JAX's 0.5 for
    both operands (its hypot is ``max(|a|, |b|) * ...``, whose derivative splits
    the tie): a subgradient, so ``x + 0.0 * hypot(x, y)`` has the gradient 1."""
    a, b = args
    safe_out = unless_zero(e, out, out, 1.0)
    return [e.prim("mul", dout, unless_zero(e, out, _div(e, v, safe_out), 0.5)) for v in (a, b)]


@grad_rule("copysign")
def _copysign(e, op, args, out, dout):
    a, _ = args
    same = e.prim(
        "eq",
        e.prim("lt", a, _c(e, 0.0, a), result_type=_bool(a)),
        e.prim("lt", out, _c(e, 0.0, out), result_type=_bool(a)),
        result_type=_bool(a),
    )
    return [e.prim("select", same, dout, e.prim("neg", dout), result_type=dout.type), None]


def _python_math_rules() -> None:
    """``math_<name>`` differentiates as ``<name>`` does, through its rule at the
    time (so ``register_bprop("sin")`` applies to ``math.sin`` too); ``math.pow``
    as ``**``. The backpropagator computes with numpy's flavour: the errors are
    the forward computation's."""
    for name in PYTHON_MATH:
        if "grad" in PRIMITIVES[name].rules:
            PRIMITIVES[f"math_{name}"].rules["grad"] = _rule_of(name)


def _rule_of(name: str) -> Rule:
    def rule(e, op, args, out, dout):
        return PRIMITIVES[name].rules["grad"](e, op, args, out, dout)

    return rule


_python_math_rules()
