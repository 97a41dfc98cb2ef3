"""Lists: homogeneous, of a length known only at run time, and immutable.

A myia list is a value: every operation that Python would do in place makes a
new list. ``xs + [x]`` is ``myia.list_append``; ``xs.append(x)`` on a list the
function built itself is rewritten by the frontend as ``xs = xs + [x]``, so no
aliasing can be observed. Native code makes appends cheap anyway (amortized
O(1)): a list is a buffer and a length, and appending to the list that ends
the buffer's used part writes in place (see :mod:`myia.lowering.native_lists`).

Primitives (typed forms, after inference)::

    myia.make_list %a, %b : !myia.list<T>        [a, b]
    myia.list_getitem %xs, %i : T                 xs[i], 0 <= i < len(xs) (else IndexError)
    myia.list_append %xs, %x : !myia.list<T>      xs + [x]
    myia.list_concat %xs, %ys : !myia.list<T>     xs + ys
    myia.list_slice %xs, %start, %stop, %step     [xs[i] for i in range(start, stop, step)]
    myia.list_repeat %xs, %n : !myia.list<T>      xs * n
    myia.list_set %xs, %i, %x : !myia.list<T>     xs[i] = x, in place (gradients only)
    myia.list_contains %xs, %x : i1               x in xs (numbers, tuples, records)
    myia.len %xs : i64

Python's surface (``xs[i]`` with negative indices, ``xs[a:b:c]``, ``xs + ys``,
``xs * n``) is expanded into them by the rules of ``getitem``, ``add`` and
``mul``, extended here. An empty list ``[]`` has an unknown element type (its
element is "no value") until it meets a list that has one.

``myia.tree_map %fn, %t1, ...`` is a *macro*: inference replaces it by a call of
a function generated for the structure of the trees (their types): per-leaf
calls of ``fn`` for tuples and records, a loop for lists (see
:func:`tree_map_macro`).
"""

from __future__ import annotations

import weakref
from typing import Any

from xdsl.dialects.builtin import IntegerAttr, ModuleOp, UnitAttr, i64
from xdsl.ir import Operation, SSAValue

from myia.dialects import prims_array, prims_seq  # noqa: F401 - the rules extended here
from myia.dialects.abstract import (
    BOTTOM,
    Abstract,
    AbstractBottom,
    AbstractFunction,
    AbstractList,
    AbstractNone,
    AbstractRecord,
    AbstractScalar,
    AbstractSlice,
    AbstractTuple,
    JoinError,
    abstract_leaves,
    broaden,
    join,
    to_type,
)
from myia.dialects.ops_call import ApplyOp, CallOp, IfOp
from myia.dialects.ops_function import FuncOp, ReturnOp
from myia.dialects.ops_value import ConstOp, GetAttrOp, RecordOp, TupleGetOp, TupleOp
from myia.dialects.primitive import PRIMITIVES, prim_op, primitive
from myia.dialects.rules_util import (
    BOOL_RESULT,
    I64,
    INTEGRAL,
    bool_const,
    i64_const,
    is_const,
    is_scalar,
    py_value,
    quoted,
    type_error,
)
from myia.dialects.symbols import fresh_symbol

MAX_ELEMENTS = 1 << 20


# ---------------------------------------------------------------------------
# The primitives (their reference implementations)


@primitive("make_list", (0, MAX_ELEMENTS))
def _make_list(*elements: Any) -> list:
    """[a, b, ...]: a new list of the operands"""
    return list(elements)


@primitive("list_getitem", 2)
def _list_getitem(xs: list, index: int) -> Any:
    """xs[index] for 0 <= index < len(xs); IndexError otherwise (the index is
    already normalized: negative indices were resolved)"""
    if not 0 <= index < len(xs):
        raise IndexError("list index out of range")
    return xs[index]


@primitive("list_append", 2)
def _list_append(xs: list, x: Any) -> list:
    """xs + [x]: a new list"""
    return [*xs, x]


@primitive("list_concat", 2)
def _list_concat(xs: list, ys: list) -> list:
    """xs + ys: a new list"""
    return [*xs, *ys]


@primitive("list_slice", 4)
def _list_slice(xs: list, start: int, stop: int, step: int) -> list:
    """[xs[i] for i in range(start, stop, step)]: the bounds are already
    normalized (as slice.indices does), so every index is valid"""
    return [xs[i] for i in range(start, stop, step)]


@primitive("list_repeat", 2)
def _list_repeat(xs: list, n: int) -> list:
    """xs * n: a new list (empty when n <= 0)"""
    return list(xs) * max(int(n), 0)


@primitive("list_set", 3)
def _list_set(xs: list, index: int, x: Any) -> list:
    """xs with element ``index`` replaced by x, *in place*: only for lists that
    nothing else reads (the gradient pass uses it on the sensitivities it
    accumulates, which are linear)"""
    xs[index] = x
    return xs


@primitive("list_contains", 2)
def _list_contains(xs: list, x: Any) -> bool:
    """x in xs (x already of the element type)"""
    return x in xs


@primitive("tree_map", (2, 64))
def _tree_map(fn: Any, *trees: Any) -> Any:
    """myia.tree_map(fn, tree, *trees): fn applied to the leaves of the trees
    (tuples, lists and records are nodes, None is an empty node); a macro that
    inference expands for the structure of the trees"""
    raise TypeError("tree_map applies a function: it needs an interpreter (or inference)")


# ---------------------------------------------------------------------------
# Inference and expansion


def element_of(items: list[Abstract]) -> Abstract:
    """The element of a list holding values of ``items`` (constants forgotten)."""
    element: Abstract = BOTTOM
    for item in items:
        try:
            element = join(element, broaden(item))
        except JoinError:
            type_error(
                "the elements of a list must have one type; this list mixes "
                f"{quoted(element)} and {quoted(broaden(item))}"
            )
    return element


def _join_lists(a: AbstractList, b: AbstractList, what: str) -> AbstractList:
    try:
        return AbstractList(join(a.element, b.element))
    except JoinError:
        type_error(f"{what}: lists of different element types, {a} and {b}")


def _list_arg(a: Abstract, what: str) -> AbstractList:
    if not isinstance(a, AbstractList):
        type_error(f"{what} needs a list, not {quoted(a)}")
    return a


def _cast_list(ex: Any, value: SSAValue, a: AbstractList, target: AbstractList) -> SSAValue:
    return ex.cast(value, a, target)


def _infer_make_list(args: list, op: object) -> Abstract:
    return AbstractList(element_of(args))


def _expand_make_list(ex, op, args, abstracts, result):
    element = result.element
    values = [ex.cast(v, a, element) for v, a in zip(args, abstracts, strict=True)]
    return ex.prim("make_list", *values, result=result)


def _infer_list_getitem(args: list, op: object) -> Abstract:
    xs, index = args
    xs = _list_arg(xs, "list_getitem")
    if not is_scalar(index, INTEGRAL):
        type_error(f"list indices must be integers or slices, not {quoted(index)}")
    return xs.element


def _expand_list_getitem(ex, op, args, abstracts, result):
    index = ex.cast(args[1], abstracts[1], I64)
    return ex.prim("list_getitem", args[0], index, result=result)


def _infer_list_append(args: list, op: object) -> Abstract:
    xs, x = args
    xs = _list_arg(xs, "list_append")
    return _join_lists(xs, AbstractList(element_of([x])), "list_append")


def _expand_list_append(ex, op, args, abstracts, result):
    xs = _cast_list(ex, args[0], abstracts[0], result)
    x = ex.cast(args[1], abstracts[1], result.element)
    return ex.prim("list_append", xs, x, result=result)


def _infer_list_concat(args: list, op: object) -> Abstract:
    a, b = (_list_arg(x, "list_concat") for x in args)
    return _join_lists(a, b, "+")


def _expand_list_concat(ex, op, args, abstracts, result):
    a = _cast_list(ex, args[0], abstracts[0], result)
    b = _cast_list(ex, args[1], abstracts[1], result)
    return ex.prim("list_concat", a, b, result=result)


def _infer_list_set(args: list, op: object) -> Abstract:
    xs, _, x = args
    xs = _list_arg(xs, "list_set")
    return _join_lists(xs, AbstractList(element_of([x])), "list_set")


def _infer_list_slice(args: list, op: object) -> Abstract:
    xs = _list_arg(args[0], "list_slice")
    for a in args[1:]:
        if not is_scalar(a, INTEGRAL):
            type_error(f"list_slice bounds must be integers, not {quoted(a)}")
    return xs


def _expand_list_slice(ex, op, args, abstracts, result):
    bounds = [ex.cast(v, a, I64) for v, a in zip(args[1:], abstracts[1:], strict=True)]
    return ex.prim("list_slice", args[0], *bounds, result=result)


def _infer_list_repeat(args: list, op: object) -> Abstract:
    xs, n = args
    xs = _list_arg(xs, "list_repeat")
    if not is_scalar(n, INTEGRAL):
        type_error(f"can't multiply a list by a non-int of type {quoted(n)}")
    return xs


def _expand_list_repeat(ex, op, args, abstracts, result):
    return ex.prim("list_repeat", args[0], ex.cast(args[1], abstracts[1], I64), result=result)


for _name, _infer, _expand in (
    ("make_list", _infer_make_list, _expand_make_list),
    ("list_getitem", _infer_list_getitem, _expand_list_getitem),
    ("list_append", _infer_list_append, _expand_list_append),
    ("list_concat", _infer_list_concat, _expand_list_concat),
    ("list_slice", _infer_list_slice, _expand_list_slice),
    ("list_set", _infer_list_set, None),
    ("list_repeat", _infer_list_repeat, _expand_list_repeat),
):
    PRIMITIVES[_name].rules["infer"] = _infer
    if _expand is not None:
        PRIMITIVES[_name].rules["expand"] = _expand
PRIMITIVES["make_list"].rules["display"] = "list"


# -- Python's operators on lists -------------------------------------------------


def _singleton(value: SSAValue) -> SSAValue | None:
    """The element of ``value`` when it is a one-element list literal."""
    owner = value.owner
    if isinstance(owner, Operation) and owner.name == "myia.make_list" and len(owner.operands) == 1:
        return owner.operands[0]
    return None


def _extend_add_mul() -> None:
    for name in ("add", "mul"):
        prim = PRIMITIVES[name]

        def infer(args: list, op: Any, name=name) -> Abstract:
            if not any(isinstance(a, AbstractList) for a in args):
                return NotImplemented
            a, b = args
            if name == "add":
                if not isinstance(a, AbstractList):
                    type_error(f"unsupported operand types for +: {quoted(a)} and {quoted(b)}")
                if not isinstance(b, AbstractList):
                    type_error(f'can only concatenate list (not "{b}") to list')
                return _join_lists(a, b, "+")
            xs, n = (a, b) if isinstance(a, AbstractList) else (b, a)
            if isinstance(n, AbstractList) or not is_scalar(n, INTEGRAL):
                type_error(f"can't multiply sequence by non-int of type {quoted(n)}")
            return xs

        def expand(ex, op, args, abstracts, result, name=name):
            if not isinstance(result, AbstractList):
                return NotImplemented
            if name == "mul":
                k = 0 if isinstance(abstracts[0], AbstractList) else 1
                xs = _cast_list(ex, args[k], abstracts[k], result)
                n = ex.cast(args[1 - k], abstracts[1 - k], I64)
                return ex.prim("list_repeat", xs, n, result=result)
            xs = _cast_list(ex, args[0], abstracts[0], result)
            single = _singleton(args[1])
            if single is not None:
                # xs + [x]: an append (amortized O(1) in native code).
                x = ex.cast(single, abstracts[1].element, result.element)
                return ex.prim("list_append", xs, x, result=result)
            ys = _cast_list(ex, args[1], abstracts[1], result)
            return ex.prim("list_concat", xs, ys, result=result)

        prim.rules.register("infer", infer, kind="list")
        prim.rules.register("expand", expand, kind="list")


_extend_add_mul()


def _slice_bounds(ex, index: AbstractSlice, value: SSAValue, length: SSAValue) -> list[SSAValue]:
    """``slice.indices(length)`` of a slice whose step is a constant (or None):
    start and stop clamped as Python does, for either sign of the step."""
    start_a, stop_a, step_a = index.start, index.stop, index.step
    if isinstance(step_a, AbstractNone):
        step = 1
    elif is_const(step_a) and step_a.kind in INTEGRAL:
        step = int(py_value(step_a))
    else:
        type_error("the step of a list slice must be a constant (or None)")
    if step == 0:
        type_error("slice step cannot be zero")
    bool_t = AbstractScalar("bool")

    def prim(name, *vals, result=I64):
        return ex.prim(name, *vals, result=result)

    def bound(part: Abstract, k: int, default_pos: Any, default_neg: Any) -> SSAValue:
        if isinstance(part, AbstractNone):
            return (default_pos if step > 0 else default_neg)()
        v = ex.cast(get_i64_part(k, part), part, I64)
        # v < 0: v + length, then at least 0 (-1 for a negative step);
        # else at most length (length - 1 for a negative step).
        low = i64_const(ex, 0 if step > 0 else -1)
        high = length if step > 0 else prim("sub", length, i64_const(ex, 1))
        wrapped = prim("max", prim("add", v, length), low)
        clamped = prim("min", v, high)
        negative = prim("lt", v, i64_const(ex, 0), result=bool_t)
        return prim("select", negative, wrapped, clamped)

    def get_i64_part(k: int, part: Abstract) -> SSAValue:
        parts_type = ex.type_of(index)
        return ex.emit(TupleGetOp(value, k, parts_type.types.data[k]))

    start = bound(
        start_a, 0, lambda: i64_const(ex, 0), lambda: prim("sub", length, i64_const(ex, 1))
    )
    stop = bound(stop_a, 1, lambda: length, lambda: i64_const(ex, -1))
    return [start, stop, i64_const(ex, step)]


def _extend_getitem() -> None:
    prim = PRIMITIVES["getitem"]

    def infer(args: list, op: Any) -> Abstract:
        seq, index = args
        if not isinstance(seq, AbstractList):
            return NotImplemented
        if isinstance(index, AbstractSlice):
            step = index.step
            if not (isinstance(step, AbstractNone) or (is_const(step) and step.kind in INTEGRAL)):
                type_error("the step of a list slice must be a constant (or None)")
            for part in (index.start, index.stop):
                if not (isinstance(part, AbstractNone) or is_scalar(part, INTEGRAL)):
                    type_error(f"slice indices must be integers or None, not {quoted(part)}")
            return seq
        if not is_scalar(index, INTEGRAL):
            type_error(f"list indices must be integers or slices, not {quoted(index)}")
        return seq.element

    def expand(ex, op, args, abstracts, result):
        seq, index = abstracts
        if not isinstance(seq, AbstractList):
            return NotImplemented
        length = ex.prim("len", args[0], result=I64)
        if isinstance(index, AbstractSlice):
            bounds = _slice_bounds(ex, index, args[1], length)
            return ex.prim("list_slice", args[0], *bounds, result=result)
        i = prims_seq._normalize_index(ex, args[1], index, lambda: length)
        return ex.prim("list_getitem", args[0], i, result=result)

    prim.rules.register("infer", infer, kind="list")
    prim.rules.register("expand", expand, kind="list")


_extend_getitem()


def _comparable(a: Abstract) -> bool:
    """Whether ``==`` on values of ``a`` compares scalars only (what
    ``list_contains`` does in native code)."""
    return all(isinstance(leaf, AbstractScalar | AbstractNone) for leaf in abstract_leaves(a))


def _extend_contains() -> None:
    prim = PRIMITIVES["contains"]

    def member(xs: AbstractList, x: Abstract) -> Abstract | None:
        """The element type ``x`` is compared as, or None when ``x == e`` is
        False whatever the values (different kinds of values)."""
        if isinstance(xs.element, AbstractBottom):
            return None
        try:
            joined = join(xs.element, broaden(x))
        except JoinError:
            return None
        if to_type(joined) != to_type(xs.element):
            return None  # (an int in a list of bools...: compared as the list's type)
        return joined

    def infer(args: list, op: Any) -> Abstract:
        xs, x = args
        if not isinstance(xs, AbstractList):
            return NotImplemented
        if not isinstance(xs.element, AbstractBottom) and not _comparable(xs.element):
            type_error(
                f"`in` a list of {xs.element} is not supported (only numbers, None, "
                "and tuples and records of them)"
            )
        if member(xs, x) is None:
            return bool_const(False)
        return BOOL_RESULT

    def expand(ex, op, args, abstracts, result):
        xs, x = abstracts
        if not isinstance(xs, AbstractList):
            return NotImplemented
        value = ex.cast(args[1], x, xs.element)
        return ex.prim("list_contains", args[0], value, result=result)

    prim.rules.register("infer", infer, kind="list")
    prim.rules.register("expand", expand, kind="list")
    PRIMITIVES["list_contains"].rules["infer"] = lambda args, op: BOOL_RESULT


_extend_contains()


# ---------------------------------------------------------------------------
# tree_map: a macro, expanded at inference for the structure of the trees


def _node(a: Abstract) -> tuple:
    """The kind of tree node a value of ``a`` is (leaves are anything else)."""
    if isinstance(a, AbstractNone):
        return ("none",)
    if isinstance(a, AbstractTuple):
        return ("tuple", len(a.elements))
    if isinstance(a, AbstractRecord):
        return ("record", a.class_name, tuple(n for n, _ in a.fields))
    if isinstance(a, AbstractList):
        return ("list",)
    return ("leaf",)


_MACROS: weakref.WeakKeyDictionary[ModuleOp, dict[tuple, str]] = weakref.WeakKeyDictionary()


def tree_map_macro(inferrer: Any, args: list[Abstract], op: Operation) -> str:
    """The function that computes ``tree_map(fn, *trees)`` for the structure
    of the trees' first level (their children are mapped by ``myia.tree_map``
    again): a call of ``fn`` for a leaf, ``None`` for ``None``, the node
    rebuilt from the mapped children for a tuple or a record, a loop for a
    list. The other trees must have the first one's structure where it is a
    node (where it is a leaf, they are passed whole)."""
    fn, *trees = args
    if not isinstance(fn, AbstractFunction):
        type_error(f"tree_map's first argument must be a function, not {quoted(fn)}")
    if not trees:
        type_error("tree_map needs at least one tree")
    kind = _node(trees[0])
    if kind[0] not in ("leaf", "none"):
        for t in trees[1:]:
            if _node(t) != kind:
                type_error(
                    f"tree_map: the trees do not have the same structure: {trees[0]} and {t}"
                )
    module: ModuleOp = inferrer.module
    cache = _MACROS.setdefault(module, {})
    key = (kind, len(trees), op.location)
    symbol = cache.get(key)
    if symbol is None:
        symbol = cache[key] = _build_tree_map(module, kind, len(trees), op)
    return symbol


def _unique(module: ModuleOp, base: str) -> str:
    return fresh_symbol(base, {f.sym_name.data for f in module.ops if isinstance(f, FuncOp)})


class _Gen:
    """Emits untyped ops, each located at ``op``."""

    def __init__(self, func: FuncOp, at: Operation):
        self.func = func
        self.at = at

    def add(self, op: Operation) -> SSAValue:
        op.location = self.at.location
        self.func.entry.add_op(op)
        return op.results[0] if op.results else None  # type: ignore[return-value]

    def prim(self, name: str, *args: SSAValue) -> SSAValue:
        return self.add(prim_op(name, *args))

    def int(self, value: int) -> SSAValue:
        return self.add(ConstOp(IntegerAttr(value, i64)))

    def ret(self, value: SSAValue) -> None:
        self.add(ReturnOp(value))


def _new_func(module: ModuleOp, name: str, params: list[str], op: Operation) -> _Gen:
    parent = op.parent_op()
    owner = None
    if isinstance(parent, FuncOp):
        owner = parent.owner.root_reference.data if parent.owner else parent.sym_name.data
    func = FuncOp(name, params, 0, private=True, owner=owner)
    func.location = op.location
    module.body.block.add_op(func)
    return _Gen(func, op)


def _build_tree_map(module: ModuleOp, kind: tuple, ntrees: int, op: Operation) -> str:
    params = ["fn", *(f"t{i}" for i in range(ntrees))]
    name = _unique(module, "tree_map")
    g = _new_func(module, name, params, op)
    fn, *trees = g.func.args
    if kind[0] == "none":
        g.ret(g.add(ConstOp(UnitAttr())))
    elif kind[0] == "leaf":
        g.ret(g.add(ApplyOp(fn, list(trees))))
    elif kind[0] == "tuple":
        parts = [
            g.prim("tree_map", fn, *(g.add(TupleGetOp(t, i)) for t in trees))
            for i in range(kind[1])
        ]
        g.ret(g.add(TupleOp(parts)))
    elif kind[0] == "record":
        fields = [
            (field, g.prim("tree_map", fn, *(g.add(GetAttrOp(t, field)) for t in trees)))
            for field in kind[2]
        ]
        g.ret(g.add(RecordOp(kind[1], fields)))
    else:
        _build_list_map(module, g, name, ntrees, op)
    return name


def _build_list_map(module: ModuleOp, g: _Gen, name: str, ntrees: int, op: Operation) -> None:
    """``[tree_map(fn, a[i], b[i]...) for i in range(len(a))]`` as a loop."""
    loop, body, done = (_unique(module, f"{name}.{s}") for s in ("loop", "body", "done"))
    fn, *trees = g.func.args
    n = g.prim("len", trees[0])
    g.ret(g.add(CallOp(loop, [fn, *trees, n, g.int(0), g.prim("make_list")])))
    tree_names = [f"t{i}" for i in range(ntrees)]
    state = ["fn", *tree_names, "n", "i", "acc"]
    lg = _new_func(module, loop, state, op)
    fn_, *rest = lg.func.args
    *ts, n_, i_, acc_ = rest
    more = lg.prim("lt", i_, n_)
    lg.ret(lg.add(IfOp(more, body, list(lg.func.args), done, [acc_])))
    bg = _new_func(module, body, state, op)
    fn_, *rest = bg.func.args
    *ts, n_, i_, acc_ = rest
    items = [bg.prim("list_getitem", t, i_) for t in ts]
    mapped = bg.prim("tree_map", fn_, *items)
    acc2 = bg.prim("list_append", acc_, mapped)
    i2 = bg.prim("add", i_, bg.int(1))
    bg.ret(bg.add(CallOp(loop, [fn_, *ts, n_, i2, acc2])))
    dg = _new_func(module, done, ["acc"], op)
    dg.ret(dg.func.args[0])


PRIMITIVES["tree_map"].rules["macro"] = tree_map_macro
