"""Gradients through lists: the sensitivity of a list, its zero and sums, and
the gradient rules of the list primitives.

The sensitivity of a ``!myia.list<T>`` (whose elements have gradients) is a
``!myia.list<S>``, ``S`` the sensitivity of ``T``: either a list of the same
length, one sensitivity per element, or the *empty* list, which is zero. Zeros
thus need no length (they are made from types, like every zero of the
gradient pass) and cost nothing; the few places that need a sensitivity per
element make the zeros from the list itself (:func:`dense`): the gradient
returned to the user (``myia.grad`` of a list argument is a list of its length)
and the rules that take elements out of a sensitivity.

The loops these need (adding two lists, a list with one sensitivity, filling
zeros) are small typed myia functions made once per element type, like any
loop (tail calls); rules call them. Their gradients are made by the same pass,
so second-order gradients go through them too.

Rules (``dz`` the sensitivity of the result; ``d`` = ``dense(dz, out)``):

* ``make_list(a...)``: ``da_k = d[k]``;
* ``xs[i]``: ``dxs`` = zeros with ``dz`` at ``i`` (one loop over ``xs``);
* ``xs + [x]``: ``dxs = d[:len(xs)]`` (a prefix: no copy), ``dx = d[len(xs)]``;
* ``xs + ys``: ``dxs = d[:len(xs)]``, ``dys = d[len(xs):]``;
* ``xs[a:b:c]``: ``dz`` scattered into zeros of ``xs``;
* ``xs * k``: the sum of the ``k`` slices of ``dz``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xdsl.dialects.builtin import IntegerType, TupleType, i64
from xdsl.ir import Attribute, SSAValue

from myia.dialects import grad_rules, prims_list  # noqa: F401 - the primitives differentiated here
from myia.dialects.ops_call import CallOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import RecordOp
from myia.dialects.primitive import PRIMITIVES, PrimOp, prim_op
from myia.dialects.types import ListType, NoneType, RecordType, has_list

I1 = IntegerType(1)
grad_rule = grad_rules.grad_rule


# ---------------------------------------------------------------------------
# Typed helper functions (made in the gradient pass, once per type)


class _Helpers:
    """The helper functions of one run of the gradient pass."""

    def __init__(self, transform: Any):
        self.transform = transform
        self.made: dict[tuple, str] = {}
        #: The one-hot helpers (their calls are folded into sums: add_at).
        self.one_hots: set[str] = set()

    @staticmethod
    def of(e: Any) -> _Helpers:
        transform = getattr(e, "transform", None)
        if transform is None:
            raise NotImplementedError(
                "list sensitivities need the gradient pass (Emitter.transform)"
            )
        helpers = transform.__dict__.get("_list_helpers")
        if helpers is None:
            helpers = transform.__dict__["_list_helpers"] = _Helpers(transform)
        return helpers

    def func(
        self, base: str, params: Sequence[tuple[str, Attribute]], result: Attribute, at: Any
    ) -> tuple[FuncOp, Any]:
        name = self.transform.fresh(base)
        func = FuncOp(
            name,
            [n for n, _ in params],
            0,
            arg_types=[t for _, t in params],
            result_type=result,
            private=True,
        )
        if at is not None:
            func.location = at
        self.transform.new.append(func)
        return func, self.transform.emitter(func.entry, at)

    def keep(self, t: Attribute, at: Any) -> str:
        """``@keep(v) = v``: a branch that returns its argument."""
        key = ("keep", t)
        if key not in self.made:
            func, e = self.func("list.keep", [("v", t)], t, at)
            self.made[key] = func.sym_name.data
            e.emit(ReturnOp(func.args[0]))
        return self.made[key]

    def map_loop(
        self,
        base: str,
        invariants: Sequence[tuple[str, Attribute]],
        element: Attribute,
        body: Callable[[Any, list[SSAValue], SSAValue], SSAValue],
        at: Any,
    ) -> str:
        """``@base(invariants..., n) = [body(invariants, i) for i in range(n)]``,
        a list of ``element``: a :meth:`fold_loop` appending to an empty list."""
        lt = ListType(element)
        entry, e = self.func(base, [*invariants, ("n", i64)], lt, at)

        def append(be: Any, inv: list[SSAValue], i: SSAValue, acc: SSAValue) -> SSAValue:
            return be.emit(prim_op("list_append", acc, body(be, inv, i), result_type=lt))

        loop = self.fold_loop(f"{base}.loop", invariants, lt, append, at)
        *inv, n = entry.args
        acc0 = e.emit(prim_op("make_list", result_type=lt))
        e.emit(ReturnOp(e.emit(CallOp(loop, [*inv, e.const(0, i64), n, acc0], lt))))
        return entry.sym_name.data

    def fold_loop(
        self,
        base: str,
        invariants: Sequence[tuple[str, Attribute]],
        carried: Attribute,
        body: Callable[[Any, list[SSAValue], SSAValue, SSAValue], SSAValue],
        at: Any,
    ) -> str:
        """``@base(invariants..., lo, hi, acc)``: ``acc = body(invariants, i, acc)``
        for ``i in range(lo, hi)``, as a loop (tail calls)."""
        state = [*invariants, ("i", i64), ("hi", i64), ("acc", carried)]
        loop, le = self.func(base, state, carried, at)
        body_fn, be = self.func(f"{base}.body", state, carried, at)
        *_, i, hi, acc = loop.args
        more = le.emit(prim_op("lt", i, hi, result_type=I1))
        r = le.emit(
            IfOp(
                more, body_fn.sym_name.data, list(loop.args), self.keep(carried, at), [acc], carried
            )
        )
        le.emit(ReturnOp(r))
        *inv, i, hi, acc = body_fn.args
        acc2 = body(be, list(inv), i, acc)
        i2 = be.emit(prim_op("add", i, be.const(1, i64), result_type=i64))
        be.emit(ReturnOp(be.emit(CallOp(loop.sym_name.data, [*inv, i2, hi, acc2], carried))))
        return loop.sym_name.data

    def branch(
        self,
        e: Any,
        cond: SSAValue,
        then: tuple[str, list[SSAValue]],
        other: tuple[str, list[SSAValue]],
        t: Attribute,
    ) -> SSAValue:
        return e.emit(IfOp(cond, then[0], then[1], other[0], other[1], t))


def _length(e: Any, xs: SSAValue) -> SSAValue:
    return e.emit(prim_op("len", xs, result_type=i64))


def _item(e: Any, xs: SSAValue, i: SSAValue | int) -> SSAValue:
    index = e.const(i, i64) if isinstance(i, int) else i
    assert isinstance(xs.type, ListType), xs.type
    return e.emit(prim_op("list_getitem", xs, index, result_type=xs.type.element))


def _is_empty(e: Any, xs: SSAValue) -> SSAValue:
    return e.emit(prim_op("eq", _length(e, xs), e.const(0, i64), result_type=I1))


def _contiguous(e: Any, xs: SSAValue, start: SSAValue, stop: SSAValue) -> SSAValue:
    """``xs[start:stop]`` (a prefix shares ``xs``'s buffer)."""
    return e.emit(prim_op("list_slice", xs, start, stop, e.const(1, i64), result_type=xs.type))


# -- the sum of two list sensitivities ---------------------------------------------


def _one_hot_call(h: _Helpers, v: SSAValue) -> CallOp | None:
    """The call that made ``v``, when ``v`` is a one-hot list nobody uses yet."""
    owner = v.owner
    if isinstance(owner, CallOp) and owner.callee.root_reference.data in h.one_hots and not v.uses:
        return owner
    return None


def list_add(e: Any, a: SSAValue, b: SSAValue) -> SSAValue:
    """``a + b`` of two list sensitivities (element by element; empty is zero).

    A one-hot term (the sensitivity of ``xs[i]``) is not made: its value is
    added in place at its index (``add_at``), so that the gradient of a loop
    over a list is linear in its length, not quadratic."""
    h = _Helpers.of(e)
    t = a.type
    assert isinstance(t, ListType), t
    for acc, term in ((a, b), (b, a)):
        call = _one_hot_call(h, term)
        if call is not None:
            xs, index, dz, _ = call.arguments
            result = add_at(e, acc, xs, index, dz, t)
            _erase_unused(call)
            return result
    key = ("add", t)
    if key not in h.made:
        at = e.at
        func, fe = h.func("list.add", [("a", t), ("b", t)], t, at)
        h.made[key] = func.sym_name.data
        s = t.element

        def body(be: Any, inv: list[SSAValue], i: SSAValue) -> SSAValue:
            x, y = inv
            return be.add(_item(be, x, i), _item(be, y, i))

        loop = h.map_loop("list.add.each", [("a", t), ("b", t)], s, body, at)
        a_, b_ = func.args
        # add(a, b) = b if a is empty, else (a if b is empty, else the loop).
        nonempty, ne = h.func("list.add.nonempty", [("a", t), ("b", t)], t, at)
        na = _length(ne, nonempty.args[0])
        go, ge = h.func("list.add.both", [("a", t), ("b", t), ("n", i64)], t, at)
        ge.emit(ReturnOp(ge.emit(CallOp(loop, list(go.args), t))))
        r = h.branch(
            ne,
            _is_empty(ne, nonempty.args[1]),
            (h.keep(t, at), [nonempty.args[0]]),
            (go.sym_name.data, [*nonempty.args, na]),
            t,
        )
        ne.emit(ReturnOp(r))
        r = h.branch(
            fe, _is_empty(fe, a_), (h.keep(t, at), [b_]), (nonempty.sym_name.data, [a_, b_]), t
        )
        fe.emit(ReturnOp(r))
    return e.emit(CallOp(h.made[key], [a, b], t))


# -- dense sensitivities -----------------------------------------------------------


def dense(e: Any, sens: SSAValue, primal: SSAValue) -> SSAValue:
    """``sens`` (a sensitivity of ``primal``) with every list in it of the
    length of ``primal``'s: zeros made from ``primal`` for the empty ones."""
    t = sens.type
    if not has_list(t):
        return sens
    if isinstance(t, TupleType):
        return e.tuple([dense(e, e.get(sens, k), e.get(primal, k)) for k in range(len(t.types))])
    if isinstance(t, RecordType):
        fields = [(n, dense(e, e.field(sens, n), e.field(primal, n))) for n, _ in t.fields]
        return e.emit(RecordOp(t.class_name.data, fields, t))
    assert isinstance(t, ListType)
    h = _Helpers.of(e)
    pt = primal.type
    key = ("dense", t, pt)
    if key not in h.made:
        at = e.at
        func, fe = h.func("list.dense", [("s", t), ("p", pt)], t, at)
        h.made[key] = func.sym_name.data
        s_, p_ = func.args

        def zeros(be: Any, inv: list[SSAValue], i: SSAValue) -> SSAValue:
            (p,) = inv
            element = _item(be, p, i)
            return dense(be, be.zeros(t.element, like=element), element)

        zero_loop = h.map_loop("list.dense.zeros", [("p", pt)], t.element, zeros, at)
        zero_fn, ze = h.func("list.dense.zero", [("p", pt)], t, at)
        ze.emit(
            ReturnOp(ze.emit(CallOp(zero_loop, [zero_fn.args[0], _length(ze, zero_fn.args[0])], t)))
        )
        if has_list(t.element):

            def each(be: Any, inv: list[SSAValue], i: SSAValue) -> SSAValue:
                s, p = inv
                return dense(be, _item(be, s, i), _item(be, p, i))

            each_loop = h.map_loop("list.dense.each", [("s", t), ("p", pt)], t.element, each, at)
            full_fn, xe = h.func("list.dense.full", [("s", t), ("p", pt)], t, at)
            xe.emit(
                ReturnOp(
                    xe.emit(CallOp(each_loop, [*full_fn.args, _length(xe, full_fn.args[0])], t))
                )
            )
            full = (full_fn.sym_name.data, [s_, p_])
        else:
            full = (h.keep(t, at), [s_])
        r = h.branch(fe, _is_empty(fe, s_), (zero_fn.sym_name.data, [p_]), full, t)
        fe.emit(ReturnOp(r))
    return e.emit(CallOp(h.made[key], [sens, primal], t))


# -- one sensitivity at an index ------------------------------------------------


def one_hot(e: Any, xs: SSAValue, index: SSAValue, dz: SSAValue, t: ListType) -> SSAValue:
    """The sensitivity of ``xs`` (a list sensitivity of type ``t``) that is
    ``dz`` at ``index`` and zero elsewhere."""
    h = _Helpers.of(e)
    key = ("one_hot", t, xs.type)
    if key not in h.made:
        at = e.at

        def body(be: Any, inv: list[SSAValue], i: SSAValue) -> SSAValue:
            p, k, d = inv
            hit = be.emit(prim_op("eq", i, k, result_type=I1))
            zero = be.zeros(t.element, like=_item(be, p, i))
            return be.emit(prim_op("select", hit, d, zero, result_type=t.element))

        loop = h.map_loop(
            "list.one_hot", [("xs", xs.type), ("i", i64), ("d", t.element)], t.element, body, at
        )
        h.made[key] = loop
        h.one_hots.add(loop)
    return e.emit(CallOp(h.made[key], [xs, index, dz, _length(e, xs)], t))


def _erase_unused(op: Any) -> None:
    """Erase ``op`` and the ops feeding it that become unused."""
    todo = [op]
    while todo:
        o = todo.pop()
        if o.parent is None or any(r.uses for r in o.results):
            continue
        operands = [v.owner for v in o.operands]
        o.detach()
        o.erase()
        todo += [x for x in operands if isinstance(x, PrimOp)]


def add_at(
    e: Any, acc: SSAValue, xs: SSAValue, index: SSAValue, dz: SSAValue, t: ListType
) -> SSAValue:
    """``acc`` plus the one-hot sensitivity of ``xs`` with ``dz`` at ``index``:
    written in place into ``acc`` (a sensitivity: nothing else reads it), or the
    one-hot list itself when ``acc`` is zero."""
    h = _Helpers.of(e)
    key = ("add_at", t, xs.type)
    if key not in h.made:
        at = e.at
        params = [("acc", t), ("xs", xs.type), ("i", i64), ("d", t.element)]
        entry, ee = h.func("list.add_at", params, t, at)
        h.made[key] = entry.sym_name.data
        first, fe = h.func("list.add_at.first", params[1:], t, at)
        first_xs, first_index, first_d = first.args
        fe.emit(ReturnOp(one_hot(fe, first_xs, first_index, first_d, t)))
        update, ue = h.func("list.add_at.update", [params[0], params[2], params[3]], t, at)
        acc_, i_, d_ = update.args
        total = ue.add(_item(ue, acc_, i_), d_)
        ue.emit(ReturnOp(ue.emit(prim_op("list_set", acc_, i_, total, result_type=t))))
        acc0, xs0, i0, d0 = entry.args
        r = h.branch(
            ee,
            _is_empty(ee, acc0),
            (first.sym_name.data, [xs0, i0, d0]),
            (update.sym_name.data, [acc0, i0, d0]),
            t,
        )
        ee.emit(ReturnOp(r))
    return e.emit(CallOp(h.made[key], [acc, xs, index, dz], t))


def scatter(
    e: Any, xs: SSAValue, dz: SSAValue, start: SSAValue, step: SSAValue, t: ListType
) -> SSAValue:
    """The sensitivity of ``xs`` from that of ``xs[start::step]`` (``dz``; the
    slice's bounds are normalized, its length is ``len(dz)``)."""
    h = _Helpers.of(e)
    key = ("scatter", t, xs.type)
    if key not in h.made:
        at = e.at

        def body(be: Any, inv: list[SSAValue], i: SSAValue) -> SSAValue:
            p, d, a, c = inv
            offset = be.emit(prim_op("sub", i, a, result_type=i64))
            k = be.emit(prim_op("floordiv", offset, c, result_type=i64))
            on_grid = be.emit(
                prim_op(
                    "eq",
                    be.emit(prim_op("mod", offset, c, result_type=i64)),
                    be.const(0, i64),
                    result_type=I1,
                )
            )
            count = _length(be, d)
            within = be.emit(
                prim_op(
                    "select",
                    be.emit(prim_op("ge", k, be.const(0, i64), result_type=I1)),
                    be.emit(prim_op("lt", k, count, result_type=I1)),
                    be.const(False, I1),
                    result_type=I1,
                )
            )
            hit = be.emit(prim_op("select", on_grid, within, be.const(False, I1), result_type=I1))
            last = be.emit(prim_op("sub", count, be.const(1, i64), result_type=i64))
            clamped = be.emit(
                prim_op(
                    "max",
                    be.emit(prim_op("min", k, last, result_type=i64)),
                    be.const(0, i64),
                    result_type=i64,
                )
            )
            zero = be.zeros(t.element, like=_item(be, p, i))
            # dz may be empty only when the whole sensitivity is zero (handled below).
            value = _item(be, d, clamped)
            return be.emit(prim_op("select", hit, value, zero, result_type=t.element))

        loop = h.map_loop(
            "list.scatter",
            [("xs", xs.type), ("d", t), ("start", i64), ("step", i64)],
            t.element,
            body,
            at,
        )
        func, fe = h.func(
            "list.scatter.nonzero",
            [("xs", xs.type), ("d", t), ("start", i64), ("step", i64)],
            t,
            at,
        )
        fe.emit(ReturnOp(fe.emit(CallOp(loop, [*func.args, _length(fe, func.args[0])], t))))
        entry, ee = h.func(
            "list.scatter", [("xs", xs.type), ("d", t), ("start", i64), ("step", i64)], t, at
        )
        r = h.branch(
            ee,
            _is_empty(ee, entry.args[1]),
            (h.keep(t, at), [entry.args[1]]),
            (func.sym_name.data, list(entry.args)),
            t,
        )
        ee.emit(ReturnOp(r))
        h.made[key] = entry.sym_name.data
    return e.emit(CallOp(h.made[key], [xs, dz, start, step], t))


# ---------------------------------------------------------------------------
# Gradient rules


def _sens_type(e: Any, t: Attribute) -> Attribute:
    return e.transform.sens_type(t)


@grad_rule("make_list")
def _make_list(e, op, args, out, dout):
    d = dense(e, dout, out)
    return [_item(e, d, k) if e.wants[k] else None for k in range(len(args))]


def _getitem(e, op, args, out, dout):
    xs, i = args
    t = _sens_type(e, xs.type)
    return [one_hot(e, xs, i, dout, t), None]


grad_rule("list_getitem")(_getitem)


def _getitem_rule() -> None:
    """Typed ``getitem`` is on lists only (a loop's ``next``): ``list_getitem``'s rule."""
    PRIMITIVES["getitem"].rules.register("grad", _getitem)


_getitem_rule()


@grad_rule("list_append")
def _list_append(e, op, args, out, dout):
    xs, _ = args
    d = dense(e, dout, out)
    n = _length(e, xs)
    dxs = _contiguous(e, d, e.const(0, i64), n) if e.wants[0] else None
    dx = _item(e, d, n) if e.wants[1] else None
    return [dxs, dx]


@grad_rule("list_concat")
def _list_concat(e, op, args, out, dout):
    xs, _ = args
    d = dense(e, dout, out)
    n = _length(e, xs)
    dxs = _contiguous(e, d, e.const(0, i64), n) if e.wants[0] else None
    dys = _contiguous(e, d, n, _length(e, d)) if e.wants[1] else None
    return [dxs, dys]


@grad_rule("list_slice")
def _list_slice(e, op, args, out, dout):
    xs, start, _, step = args
    t = _sens_type(e, xs.type)
    return [scatter(e, xs, dout, start, step, t), None, None, None]


@grad_rule("list_set")
def _list_set(e, op, args, out, dout):
    _, index, x = args
    d = dense(e, dout, out)
    dx = _item(e, d, index) if e.wants[2] else None  # (read before d changes)
    dxs = None
    if e.wants[0]:
        zero = e.zeros(d.type.element, like=x)
        dxs = e.emit(prim_op("list_set", d, index, zero, result_type=d.type))
    return [dxs, None, dx]


@grad_rule("list_repeat")
def _list_repeat(e, op, args, out, dout):
    """``xs * k``: the sensitivities of the ``k`` copies, summed."""
    xs, times = args
    t = dout.type
    h = _Helpers.of(e)
    key = ("repeat", t)
    if key not in h.made:
        at = e.at

        def body(be: Any, inv: list[SSAValue], r: SSAValue, acc: SSAValue) -> SSAValue:
            d, n = inv
            start = be.emit(prim_op("mul", r, n, result_type=i64))
            stop = be.emit(prim_op("add", start, n, result_type=i64))
            return list_add(be, acc, _contiguous(be, d, start, stop))

        fold = h.fold_loop("list.repeat.sum", [("d", t), ("n", i64)], t, body, at)
        nonzero, ne = h.func("list.repeat.grad.nonzero", [("d", t), ("n", i64), ("k", i64)], t, at)
        d_, n_, k_ = nonzero.args
        first = _contiguous(ne, d_, ne.const(0, i64), n_)
        ne.emit(ReturnOp(ne.emit(CallOp(fold, [d_, n_, ne.const(1, i64), k_, first], t))))
        entry, ee = h.func("list.repeat.grad", [("d", t), ("n", i64), ("k", i64)], t, at)
        r = h.branch(
            ee,
            _is_empty(ee, entry.args[0]),
            (h.keep(t, at), [entry.args[0]]),
            (nonzero.sym_name.data, list(entry.args)),
            t,
        )
        ee.emit(ReturnOp(r))
        h.made[key] = entry.sym_name.data
    dxs = e.emit(CallOp(h.made[key], [dout, _length(e, xs), times], t))
    return [dxs, None]


def _list_cast_rule() -> None:
    """A list cast to another list type: its sensitivity is cast back."""
    prim = PRIMITIVES["cast"]

    def rule(e, op, args, out, dout):
        source, target = op.operands[0].type, op.results[0].type
        if isinstance(source, ListType) and isinstance(target, ListType):
            st = _sens_type(e, source)
            if isinstance(st, NoneType) or isinstance(source.element, NoneType):
                return [None]  # (a list of no element type is empty)
            return [e.emit(prim_op("cast", dout, result_type=st))]
        return NotImplemented

    prim.rules.register("grad", rule, kind="list")


_list_cast_rule()
