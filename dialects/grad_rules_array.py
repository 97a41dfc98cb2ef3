"""Gradient rules of the array primitives (and of the elementwise primitives on arrays).

Rules have the signature of :mod:`myia.dialects.grad_rules` (``rule(e, op, args,
out, dout) -> [sensitivity or None per operand]``) and, like them, compute with
primitives, so that gradients of gradients work. Array operations are emitted
as the specializer emits them (:func:`myia.dialects.rules_util.apply`: infer the
result, then expand), so static operands (axes, shapes, keepdims, dtypes) come
out canonical; rules read the static operands of the primal op from its
``myia.const``/``myia.tuple`` operands.

Conventions:

* Broadcasting: the sensitivity of an operand broadcast to the result's shape is
  summed over the broadcast axes (``sum_to_shape``); a scalar operand gets the
  sum of all of it.
* Ties: ``maximum``/``minimum`` (and ``clip``, made of them) give the whole
  gradient to the first operand on a tie, as Python's ``max``/``min`` return
  their first argument (so ``clip(x, lo, hi)`` has gradient 1 on the bounds,
  and ``maximum(x, 0)`` has gradient 1 at 0). ``max``/``min`` reductions share
  the gradient equally among the elements equal to the extremum (as JAX).
* ``prod`` is exact with zeros (the product of the other elements).
* ``abs`` has gradient ``sign`` with 1 at 0 (as the scalar rule); ``sign``,
  comparisons, ``floor``... have none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xdsl.dialects.builtin import TensorType, TupleType
from xdsl.ir import Attribute, SSAValue

from myia.dialects import grad_rules, prims_array
from myia.dialects.abstract import (
    BOOL,
    INT64,
    AbstractArray,
    AbstractNone,
    AbstractScalar,
    AbstractString,
    AbstractTuple,
    dtype_of_type,
    from_type,
    scalar_type,
    to_type,
)
from myia.dialects.ops_value import ConstOp, TupleOp, literal_value
from myia.dialects.primitive import PRIMITIVES, prim_op
from myia.dialects.prims_array import broadcast_shapes, emit_static
from myia.dialects.rules_util import apply
from myia.dialects.types import NONE

grad_rule = grad_rules.grad_rule


# ---------------------------------------------------------------------------
# Emitting array ops in a backpropagator


class NotStatic(Exception):
    pass


def static_operand(v: SSAValue) -> Any:
    """The Python value of a static operand of the primal op (made of
    ``myia.const`` and ``myia.tuple``); NotStatic otherwise."""
    owner = v.owner
    if isinstance(owner, ConstOp):
        return literal_value(owner.value)
    if isinstance(owner, TupleOp):
        return tuple(static_operand(e) for e in owner.elements)
    raise NotStatic


def static_abstract(value: Any) -> Any:
    """The abstract value inference gives a static Python value."""
    if value is None:
        return AbstractNone()
    if isinstance(value, bool):
        return AbstractScalar(BOOL, False, value)
    if isinstance(value, int):
        return AbstractScalar(INT64, False, value)
    if isinstance(value, str):
        return AbstractString(value)
    if isinstance(value, tuple):
        return AbstractTuple(tuple(static_abstract(v) for v in value))
    raise TypeError(f"not a static value: {value!r}")


def shape_of_type(t: Attribute) -> tuple[int | None, ...]:
    if isinstance(t, TensorType):
        return tuple(None if d < 0 else d for d in t.get_shape())
    return ()


def is_tensor(v: SSAValue | Attribute) -> bool:
    return isinstance(v.type if isinstance(v, SSAValue) else v, TensorType)


def element_dtype(t: Attribute) -> str | None:
    return dtype_of_type(t.element_type if isinstance(t, TensorType) else t)


def is_float(v: SSAValue) -> bool:
    dtype = element_dtype(v.type)
    return dtype is not None and dtype.startswith("float")


class Ops:
    """Array operations emitted through an :class:`~myia.passes.grad.emitter.Emitter`
    as the specializer would (``ops("sum", x, (0,), True)``: Python values are
    static operands). It is also the Expander the expansion rules see."""

    def __init__(self, e: Any):
        self.e = e

    # -- the Expander protocol ---------------------------------------------------

    def emit(self, op: Any) -> SSAValue:
        return self.e.emit(op)

    def type_of(self, abstract: Any) -> Attribute:
        return to_type(abstract)

    def const(self, value: Any, abstract: Any) -> SSAValue:
        return self.e.const(value, to_type(abstract))

    def cast(self, value: SSAValue, source: Any, target: Any) -> SSAValue:
        t = to_type(target)
        if value.type == t:
            return value
        if isinstance(value.owner, ConstOp) and isinstance(source, AbstractScalar) and source.known:
            return self.e.const(source.value, t)
        return self.e.emit(prim_op("cast", value, result_type=t))

    def prim(self, name: str, *args: SSAValue, result: Any) -> SSAValue:
        return self.e.emit(prim_op(name, *args, result_type=to_type(result)))

    # -- building ------------------------------------------------------------------

    def __call__(self, name: str, *args: Any) -> SSAValue:
        values, abstracts = [], []
        for a in args:
            if isinstance(a, SSAValue):
                values.append(a)
                abstracts.append(abstract_of(a))
            else:
                values.append(emit_static(self, a))
                abstracts.append(static_abstract(a))
        return apply(self, name, values, abstracts)[0]

    def scalar(self, value: float, like: SSAValue | Attribute) -> SSAValue:
        """A constant of the element type of ``like``."""
        t = like.type if isinstance(like, SSAValue) else like
        return self.e.const(value, t.element_type if isinstance(t, TensorType) else t)

    def shape(self, x: SSAValue) -> Any:
        """The shape of ``x``: a static tuple when known, else a tuple value."""
        shape = shape_of_type(x.type)
        if None not in shape:
            return shape
        return self("array_shape", x)

    def zeros_like(self, x: SSAValue) -> SSAValue:
        t = x.type
        if not isinstance(t, TensorType):
            return self.scalar(0.0, t)
        return self("full", self.shape(x), self.scalar(0.0, t), element_dtype(t))

    def broadcast_like(self, v: SSAValue, x: SSAValue) -> SSAValue:
        """``v`` broadcast to the shape of ``x`` (a view)."""
        if v.type == x.type:
            return v
        return self("broadcast_to", v, self.shape(x))

    def size(self, x: SSAValue, axes: Sequence[int], like: SSAValue) -> SSAValue:
        """The number of elements of ``x`` along ``axes``, as a scalar of
        ``like``'s element type."""
        shape = shape_of_type(x.type)
        if all(shape[a] is not None for a in axes):
            n = 1
            for a in axes:
                n *= shape[a]  # type: ignore[operator]
            return self.scalar(float(n), like)
        dims = self("array_shape", x)
        total = None
        for a in axes:
            d = (
                self.e.get(dims, a)
                if shape[a] is None
                else self.e.const(shape[a], scalar_type(INT64))
            )
            total = d if total is None else self("mul", total, d)
        return self("astype", total, element_dtype(like.type))

    def sum_to_like(self, g: SSAValue, x: SSAValue) -> SSAValue:
        """The sensitivity ``g`` of an operand ``x`` that was broadcast to
        ``g``'s shape: summed over the broadcast axes, with ``x``'s type.

        Where the type does not know a size of ``x``, it may be 1 at run time
        while ``g``'s is not (``t + y[:n]`` with n = 1): that axis of ``g`` is
        reshaped to ``(x_size, g_size // x_size)`` and the second part summed,
        which is the sum when ``x_size`` is 1 and ``g`` itself when the sizes
        agree."""
        xs, gs = shape_of_type(x.type), shape_of_type(g.type)
        if g.type == x.type and None not in xs:
            return g
        if not isinstance(x.type, TensorType):
            return self("sum", g, None, False)
        if not xs:  # a 0-d array
            total = self("sum", g, None, False) if is_tensor(g) else g
            return self("full", (), total, element_dtype(x.type))
        if None not in xs:
            return self("sum_to_shape", g, xs)
        lead = len(gs) - len(xs)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, d in enumerate(xs) if d == 1 and gs[lead + i] != 1
        )
        if axes:
            g = self("sum", g, axes, True)
        if lead:
            g = self("array_getitem", g, (0,) * lead)
        gs = shape_of_type(g.type)
        unknown = [i for i, d in enumerate(xs) if d is None and gs[i] != 1]
        if unknown:
            i64 = scalar_type(INT64)
            x_dims, g_dims = self("array_shape", x), self("array_shape", g)
            parts: list[SSAValue] = []
            summed = []
            for i, d in enumerate(gs):
                gd = self.e.get(g_dims, i) if d is None else self.e.const(d, i64)
                if i in unknown:
                    xd = self("max", self.e.get(x_dims, i), self.e.const(1, i64))
                    parts += [xd, self("floordiv", gd, xd)]
                    summed.append(len(parts) - 1)
                else:
                    parts.append(gd)
            g = self("sum", self("reshape", g, self.e.tuple(parts)), tuple(summed), False)
        if g.type != x.type:  # sizes known only at run time: checked by reshape
            g = self("reshape", g, self("array_shape", x))
        return g


def abstract_of(v: SSAValue) -> Any:
    """The abstract value of a typed value (constants known)."""
    owner = v.owner
    if isinstance(owner, ConstOp):
        value = literal_value(owner.value)
        a = from_type(v.type)
        if isinstance(a, AbstractScalar):
            return AbstractScalar(a.dtype, False, value)
        if isinstance(a, AbstractString):
            return AbstractString(value)
        return a
    if isinstance(owner, TupleOp):
        return AbstractTuple(tuple(abstract_of(e) for e in owner.elements))
    return from_type(v.type)


def check_sens(g: SSAValue | None, operand: SSAValue, name: str) -> SSAValue | None:
    if g is None or not isinstance(operand.type, TensorType | TupleType):
        return g
    if g.type != operand.type:
        raise AssertionError(
            f"internal: the gradient of {name} has type {g.type}, not {operand.type}"
        )
    return g


# ---------------------------------------------------------------------------
# Elementwise primitives on arrays


class BroadcastingEmitter:
    """The emitter the scalar rules see when the operands are arrays: results
    take the broadcast shape of the operands, constants are scalars of the
    element type, ``select`` is ``where``."""

    def __init__(self, e: Any):
        self.e = e
        self.wants = e.wants

    def prim(self, name: str, *args: SSAValue, result_type: Attribute | None = None) -> SSAValue:
        tensors = [a.type for a in args if isinstance(a.type, TensorType)]
        if not tensors:
            return self.e.prim(name, *args, result_type=result_type)
        if name == "select":
            name = "where"
        shape = broadcast_shapes(*(shape_of_type(t) for t in tensors))
        first = next(a.type for a in args if name != "where" or a is not args[0])
        dtype = element_dtype(result_type if result_type is not None else first)
        assert dtype is not None
        rtype = to_type(AbstractArray(dtype, shape))
        return self.e.prim(name, *args, result_type=rtype)

    def const(self, value: Any, t: Attribute) -> SSAValue:
        return self.e.const(value, t.element_type if isinstance(t, TensorType) else t)

    def zeros(self, t: Attribute) -> SSAValue:
        return self.const(0, t) if isinstance(t, TensorType) else self.e.zeros(t)


def _elementwise(name: str, array_rule: Callable[..., list[SSAValue | None]] | None = None) -> None:
    """The grad rule of ``name`` on arrays: its own (scalar) rule computes with
    broadcasting (or ``array_rule`` does), then each sensitivity is summed back
    to its operand's shape (none where the primitive has no scalar rule)."""
    prim = PRIMITIVES[name]
    scalar_rule = prim.rules.own("grad")
    if scalar_rule is None:
        return

    def rule(e, op, args, out, dout):
        if not any(is_tensor(a) for a in args):
            return NotImplemented
        if array_rule is not None:
            grads = array_rule(e, op, args, out, dout)
        else:
            grads = scalar_rule(BroadcastingEmitter(e), op, args, out, dout)
        ops = Ops(e)
        result = []
        # One array among the operands: it has the result's shape (nothing to sum).
        alone = sum(1 for a in args if is_tensor(a)) == 1
        for g, a, wanted in zip(grads, args, e.wants or [True] * len(args), strict=True):
            if g is None or not wanted or not is_float(a):
                result.append(None)
                continue
            if alone and is_tensor(a) and g.type == a.type:
                result.append(g)
                continue
            result.append(check_sens(ops.sum_to_like(g, a), a, name))
        return result

    prim.rules.register("grad", rule, kind="array")


def _pow(e, op, args, out, dout):
    """``d/da = b a**(b-1)`` (``2a`` for a constant 2: no pow), ``d/db = out log a``
    (log 1 for a zero base), as the scalar rule."""
    a, b = args
    if not is_float(a):
        return [None, None]
    x = Ops(e)
    da = db = None
    if e.wants[0]:
        try:
            exponent = static_operand(op.operands[1])
        except NotStatic:
            exponent = None
        if exponent == 2:
            da = x("mul", dout, x("mul", a, x.scalar(2.0, a)))
        elif exponent == 1:
            da = dout
        else:
            # b * a ** (b - 1), with a ** 1 where b is 0: 0, not 0 * inf, at a zero base.
            b_minus_1 = x("sub", b, x.scalar(1.0, b))
            if is_tensor(b):
                exponent = x("where", x("eq", b, x.scalar(0.0, b)), x.scalar(1.0, b), b_minus_1)
            else:
                exponent = grad_rules.unless_zero(e, b, b_minus_1, 1.0)
            da = x("mul", dout, x("mul", b, x("power", a, exponent)))
    if e.wants[1]:
        if is_tensor(a):
            safe = x("where", x("eq", a, x.scalar(0.0, a)), x.scalar(1.0, a), a)
        else:
            safe = grad_rules.unless_zero(e, a, a, 1.0)
        db = x("mul", dout, x("mul", out, x("log", safe)))
    return [da, db]


def _mod(e, op, args, out, dout):
    a, b = args
    if not is_float(a):
        return [None, None]
    x = Ops(e)
    rounding = "floor" if op.PRIMITIVE.name == "mod" else "trunc"
    db = None
    if e.wants[1]:
        db = x("neg", x("mul", dout, x(rounding, x("divide", a, b))))
    return [dout, db]


for _name in dict.fromkeys((*prims_array.ELEMENTWISE_BINARY, *prims_array.COMPARISONS,
                            *prims_array.ELEMENTWISE_UNARY, *prims_array.PREDICATES, "not")):  # fmt: skip
    if _name in PRIMITIVES:
        _elementwise(_name, {"pow": _pow, "power": _pow, "mod": _mod, "fmod": _mod}.get(_name))


@grad_rule("sign", "argmax", "argmin", "array_shape")
def _none(e, op, args, out, dout):
    return [None] * len(args)


@grad_rule("where")
def _where(e, op, args, out, dout):
    cond, a, b = args
    x = Ops(e)
    da = db = None
    if e.wants[1] and is_float(a):
        da = x.sum_to_like(x("where", cond, dout, x.scalar(0.0, dout)), a)
    if e.wants[2] and is_float(b):
        db = x.sum_to_like(x("where", cond, x.scalar(0.0, dout), dout), b)
    return [None, check_sens(da, a, "where"), check_sens(db, b, "where")]


@grad_rule("astype")
def _astype(e, op, args, out, dout):
    a, _ = args
    if not (is_float(a) and is_float(out)):
        return [None, None]
    return [Ops(e)("astype", dout, element_dtype(a.type)), None]


# ---------------------------------------------------------------------------
# Reductions


def _axes(op: Any, x: SSAValue) -> tuple[int, ...]:
    axes = static_operand(op.operands[1])
    if axes is None:
        return tuple(range(len(shape_of_type(x.type))))
    return tuple(axes) if isinstance(axes, tuple) else (axes,)


def _kept(x: Ops, op: Any, v: SSAValue, source: SSAValue) -> SSAValue:
    """A reduction's result (or its sensitivity) ``v`` with the reduced axes of
    ``source`` back as axes of length one."""
    keepdims = static_operand(op.operands[2])
    axes = _axes(op, source)
    if keepdims or not axes or not is_tensor(v):  # scalars broadcast as they are
        return v
    return x("expand_dims", v, axes)


@grad_rule("sum")
def _sum(e, op, args, out, dout):
    x = Ops(e)
    a = args[0]
    return [x.broadcast_like(_kept(x, op, dout, a), a), None, None]


@grad_rule("mean")
def _mean(e, op, args, out, dout):
    x = Ops(e)
    a = args[0]
    n = x.size(a, _axes(op, a), dout)
    return [x.broadcast_like(_kept(x, op, x("divide", dout, n), a), a), None, None]


@grad_rule("amax", "amin")
def _extremum(e, op, args, out, dout):
    """The gradient is shared equally by the elements equal to the extremum."""
    x = Ops(e)
    a = args[0]
    hit = x("astype", x("eq", a, _kept(x, op, out, a)), element_dtype(a.type))
    count = x("sum", hit, _axes(op, a), True)
    return [x("mul", hit, x("divide", _kept(x, op, dout, a), count)), None, None]


@grad_rule("prod")
def _prod(e, op, args, out, dout):
    """The product of the other elements, exact when some are zero."""
    x = Ops(e)
    a = args[0]
    axes = _axes(op, a)
    zero, one = x.scalar(0.0, a), x.scalar(1.0, a)
    is_zero = x("eq", a, zero)
    nonzero = x("where", is_zero, one, a)
    p = x("prod", nonzero, axes, True)
    zeros = x("sum", x("astype", is_zero, element_dtype(a.type)), axes, True)
    at_zero = x("where", x("eq", zeros, one), p, zero)
    elsewhere = x("where", x("eq", zeros, zero), x("divide", p, nonzero), zero)
    others = x("where", is_zero, at_zero, elsewhere)
    return [x("mul", others, _kept(x, op, dout, a)), None, None]


@grad_rule("sum_to_shape")
def _sum_to_shape(e, op, args, out, dout):
    x = Ops(e)
    return [x.broadcast_like(dout, args[0]), None]


# ---------------------------------------------------------------------------
# Matrix products


def _swap_last(x: Ops, v: SSAValue) -> SSAValue:
    n = len(shape_of_type(v.type))
    return x("transpose", v, (*range(n - 2), n - 1, n - 2))


@grad_rule("matmul")
def _matmul(e, op, args, out, dout):
    """``dA = dout @ B^T``, ``dB = A^T @ dout`` (transposes are views: BLAS
    reads them in place); 1-D operands take an axis of length one, broadcast
    batch axes are summed."""
    a, b = args
    x = Ops(e)
    na, nb = len(shape_of_type(a.type)), len(shape_of_type(b.type))
    if na == 1 and nb == 1:  # a dot product: a scalar
        return [
            x("mul", dout, b) if e.wants[0] else None,
            x("mul", dout, a) if e.wants[1] else None,
        ]
    a2 = x("expand_dims", a, 0) if na == 1 else a
    b2 = x("expand_dims", b, 1) if nb == 1 else b
    d2 = dout
    if na == 1:
        d2 = x("expand_dims", d2, len(shape_of_type(d2.type)) - (0 if nb == 1 else 1))
    if nb == 1:
        d2 = x("expand_dims", d2, len(shape_of_type(d2.type)))
    da = db = None
    if e.wants[0]:
        da = x.sum_to_like(x("matmul", d2, _swap_last(x, b2)), a2)
        if na == 1:
            da = x("array_getitem", da, (0,))
    if e.wants[1]:
        db = x.sum_to_like(x("matmul", _swap_last(x, a2), d2), b2)
        if nb == 1:
            db = x(
                "array_getitem",
                db,
                ((None, None, None),) * (len(shape_of_type(db.type)) - 1) + (0,),
            )
    return [check_sens(da, a, "matmul"), check_sens(db, b, "matmul")]


# ---------------------------------------------------------------------------
# Shapes


@grad_rule("transpose")
def _transpose(e, op, args, out, dout):
    axes = static_operand(op.operands[1])
    n = len(shape_of_type(args[0].type))
    if axes is None:
        axes = tuple(reversed(range(n)))
    inverse = [0] * n
    for i, a in enumerate(axes):
        inverse[a] = i
    return [Ops(e)("transpose", dout, tuple(inverse)), None]


@grad_rule("reshape")
def _reshape(e, op, args, out, dout):
    x = Ops(e)
    a = args[0]
    if not is_tensor(a):
        return [x("sum", dout, None, False), None]
    return [check_sens(x("reshape", dout, x.shape(a)), a, "reshape"), None]


@grad_rule("broadcast_to")
def _broadcast_to(e, op, args, out, dout):
    return [check_sens(Ops(e).sum_to_like(dout, args[0]), args[0], "broadcast_to"), None]


@grad_rule("full")
def _full(e, op, args, out, dout):
    """The fill value gets the sum of the sensitivity."""
    _, value, _ = args
    if not e.wants[1] or not is_float(value):
        return [None, None, None]
    g = Ops(e)("sum", dout, None, False) if is_tensor(dout) else dout
    return [None, g, None]


# ---------------------------------------------------------------------------
# Indexing


def _items(e: Any, op: Any, captured: SSAValue) -> Any:
    """The items of an indexing op: static when they are, else the captured value."""
    try:
        return static_operand(op.operands[1])
    except NotStatic:
        return captured


@grad_rule("array_getitem")
def _array_getitem(e, op, args, out, dout):
    """Scatter into zeros."""
    x = Ops(e)
    a = args[0]
    g = x("array_setitem", x.zeros_like(a), _items(e, op, args[1]), dout)
    return [check_sens(g, a, "indexing"), None]


@grad_rule("array_setitem")
def _array_setitem(e, op, args, out, dout):
    x = Ops(e)
    a, _, v = args
    items = _items(e, op, args[1])
    da = dv = None
    if e.wants[0]:
        da = x("array_setitem", dout, items, x.scalar(0.0, dout))
    if e.wants[2] and is_float(v):
        dv = x.sum_to_like(x("array_getitem", dout, items), v)
    return [check_sens(da, a, "setitem"), None, check_sens(dv, v, "setitem")]


# ---------------------------------------------------------------------------
# Joins


def _sens_tuple(e: Any, arrays: SSAValue, parts: list[SSAValue | None]) -> SSAValue:
    values = [p if p is not None else e.const(None, NONE) for p in parts]
    return e.tuple(values)


@grad_rule("concatenate")
def _concatenate(e, op, args, out, dout):
    """Each array gets its slice of the sensitivity (a view)."""
    x = Ops(e)
    arrays = args[0]
    axis = static_operand(op.operands[1])
    types = arrays.type.types.data
    start: Any = 0
    parts: list[SSAValue | None] = []
    i64 = scalar_type(INT64)
    for i, t in enumerate(types):
        size = shape_of_type(t)[axis]
        if size is None:
            size = e.get(x("array_shape", e.get(arrays, i)), axis)
        if isinstance(start, int) and isinstance(size, int):
            stop: Any = start + size
        else:
            s0 = start if isinstance(start, SSAValue) else e.const(start, i64)
            s1 = size if isinstance(size, SSAValue) else e.const(size, i64)
            stop = x("add", s0, s1)
        if element_dtype(t).startswith("float"):
            before = ((None, None, None),) * axis
            if isinstance(start, int) and isinstance(stop, int):
                items: Any = (*before, (start, stop, None))
            else:
                bounds = [v if isinstance(v, SSAValue) else e.const(v, i64) for v in (start, stop)]
                bounds.append(e.const(None, NONE))
                items = e.tuple([*(emit_static(x, b) for b in before), e.tuple(bounds)])
            parts.append(x("array_getitem", dout, items))
        else:
            parts.append(None)
        start = stop
    return [_sens_tuple(e, arrays, parts), None]


@grad_rule("stack")
def _stack(e, op, args, out, dout):
    x = Ops(e)
    arrays = args[0]
    axis = static_operand(op.operands[1])
    parts: list[SSAValue | None] = []
    for i, t in enumerate(arrays.type.types.data):
        if element_dtype(t).startswith("float"):
            parts.append(x("array_getitem", dout, ((None, None, None),) * axis + (i,)))
        else:
            parts.append(None)
    return [_sens_tuple(e, arrays, parts), None]
