"""Random small numpy programs: float64 arrays of a few shapes that broadcast
together, elementwise ufuncs and operators, ``np.where``/``maximum``/``clip``,
reductions (with ``axis`` and ``keepdims``), transposes, reshapes, slices
(constant and run-time bounds), ``concatenate``, ``@``; scalars from
reductions and indexing; loops that accumulate and branches on scalars.

Shapes are tracked statically (:class:`ArrayT`), except for slices with
run-time bounds, which only feed reductions.
"""

from __future__ import annotations

import ast
import random

import numpy as np

from fuzz.features import Config
from fuzz.scalar_gen import _call, _def, _dotted, _name, _store, constant
from fuzz.static_types import FLOAT, INT, ArrayT, TupleT, Type

#: numpy float64 scalars (what reductions give).
NPF = "np.float64"
UNARY = ("np.sin", "np.cos", "np.tanh", "np.abs", "np.negative", "np.square", "np.floor", "np.exp")
GUARDED = {
    "np.sqrt": "np.abs({})",
    "np.log": "np.abs({}) + 1.0",
    "np.exp": "np.clip({}, -5.0, 5.0)",
}
REDUCTIONS = ("sum", "mean", "max", "min", "prod")


class ArrayGenerator:
    """Writes one numpy program (the interface of :class:`fuzz.scalar_gen.ScalarGenerator`)."""

    def __init__(self, rng: random.Random, config: Config):
        self.rng = rng
        self.config = config
        self.counter = 0
        self.m = rng.choice([2, 3])
        self.n = rng.choice([2, 3, 4])
        self.vars: dict[str, Type] = {}
        self.used: set[str] = set()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def has(self, feature: str) -> bool:
        return self.config.has(feature)

    # -- program --------------------------------------------------------------------

    def shapes(self) -> list[tuple[int, ...]]:
        m, n = self.m, self.n
        return [(n,), (m, n), (m, n), (n, m), (m, 1), (1, n), (m,)]

    def program(self) -> tuple[list[ast.stmt], list[Type], Type]:
        m, n = self.m, self.n
        params: list[Type] = [ArrayT((m, n)) if self.chance(0.6) else ArrayT((n,))]
        for _ in range(self.rng.randint(0, 2)):
            params.append(self.rng.choice([ArrayT((n,)), ArrayT((m, n)), FLOAT, INT]))
        names = [f"a{i}" for i in range(len(params))]
        self.vars = dict(zip(names, params))
        body: list[ast.stmt] = []
        for _ in range(self.rng.randint(1, self.config.main_statements)):
            body += self.statement(self.config.block_depth)
        results = [self.result_item(t) for t in self.result_types()]
        ret_types = tuple(t for t, _ in results)
        body.append(ast.Return(ast.Tuple([e for _, e in results], ast.Load())))
        module: list[ast.stmt] = [_def("main", names, body)]
        float_params = any(p == FLOAT or isinstance(p, ArrayT) for p in params)
        if self.has("grad") and float_params:
            module.append(self.loss(names, ret_types))
        return module, params, TupleT(ret_types)

    def result_types(self) -> list[Type]:
        arrays = [t for t in self.vars.values() if isinstance(t, ArrayT)]
        n = self.rng.randint(1, 3)
        return [self.rng.choice(arrays) if arrays and self.chance(0.7) else NPF for _ in range(n)]

    def result_item(self, t: Type) -> tuple[Type, ast.expr]:
        unused = [v for v, vt in self.vars.items() if vt == t and v not in self.used]
        if unused:
            self.used.add(unused[0])
            return t, _name(unused[0])
        return t, self.expr(t, 2)

    def loss(self, names: list[str], ret: tuple[Type, ...]) -> ast.FunctionDef:
        """``loss``: the sum of main's results (arrays summed), for gradients."""
        terms: list[ast.expr] = []
        for i, t in enumerate(ret):
            item = ast.Subscript(_name("r"), ast.Constant(i), ast.Load())
            terms.append(_call("np.sum", item) if isinstance(t, ArrayT) else item)
        total = terms[0]
        for term in terms[1:]:
            total = ast.BinOp(total, ast.Add(), term)
        call = _call("main", *map(_name, names))
        return _def("loss", names, [ast.Assign([_store("r")], call), ast.Return(total)])

    def value(self, t: Type) -> object:
        if isinstance(t, ArrayT):
            values = np.array(
                [
                    round(self.rng.uniform(-2, 2), self.rng.choice([1, 2, 3]))
                    for _ in range(int(np.prod(t.shape)))
                ]
            )
            if self.chance(0.2):
                values[self.rng.randrange(values.size)] = 0.0
            return values.reshape(t.shape).astype(t.dtype)
        if t == INT:
            return self.rng.choice([0, 1, 2, 3, -1, 5])
        return round(self.rng.uniform(-3, 3), 2)

    # -- statements -------------------------------------------------------------------

    def statement(self, depth: int) -> list[ast.stmt]:
        r = self.rng.random()
        if depth > 0 and self.has("for_range") and r < 0.2:
            return self.s_loop(depth)
        if depth > 0 and self.has("if") and r < 0.35:
            return self.s_if(depth)
        if r < 0.5:
            reassign = [
                v for v, t in self.vars.items() if isinstance(t, ArrayT) and not v.startswith("a")
            ]
            if reassign:
                name = self.rng.choice(reassign)
                return [ast.Assign([_store(name)], self.expr(self.vars[name], 3))]
        t = ArrayT(self.rng.choice(self.shapes())) if self.chance(0.75) else NPF
        name = self.fresh("v")
        value = self.expr(t, 3)
        self.vars[name] = t
        return [ast.Assign([_store(name)], value)]

    def s_loop(self, depth: int) -> list[ast.stmt]:
        t = ArrayT(self.rng.choice(self.shapes()))
        acc = self.fresh("acc")
        init = ast.Assign([_store(acc)], self.expr(t, 2))
        self.vars[acc] = t
        var = self.fresh("i")
        self.vars[var] = INT
        step = ast.BinOp(
            ast.BinOp(_name(acc), ast.Mult(), constant(self.rng.choice([0.5, -0.25, 0.9]))),
            ast.Add(),
            self.expr(t, 2),
        )
        body: list[ast.stmt] = [ast.Assign([_store(acc)], step)]
        count = ast.Constant(self.rng.randint(0, 4))
        if INT in self.vars.values() and self.chance(0.5):
            ints = [v for v, vt in self.vars.items() if vt == INT and v != var]
            if ints:
                count = ast.BinOp(_name(self.rng.choice(ints)), ast.Mod(), ast.Constant(4))
        del self.vars[var]
        return [init, ast.For(_store(var), _call("range", count), body, [])]

    def s_if(self, depth: int) -> list[ast.stmt]:
        test = ast.Compare(
            self.expr(NPF, 2), [self.rng.choice([ast.Gt(), ast.Lt()])], [constant(0.0)]
        )
        arrays = [
            v for v, t in self.vars.items() if isinstance(t, ArrayT) and not v.startswith("a")
        ]
        if not arrays:
            return self.statement(0)
        name = self.rng.choice(arrays)
        body = [ast.Assign([_store(name)], self.expr(self.vars[name], 2))]
        orelse = (
            [ast.Assign([_store(name)], self.expr(self.vars[name], 2))] if self.chance(0.5) else []
        )
        return [ast.If(test, body, orelse)]

    # -- expressions --------------------------------------------------------------------

    def expr(self, t: Type, depth: int) -> ast.expr:
        if depth <= 0 or self.chance(0.2):
            return self.leaf(t)
        if t == NPF:
            options = [self.e_reduce_all, self.e_element, self.e_scalar_arith, self.e_dynamic_slice]
        elif t in (FLOAT, INT):
            return self.leaf(t)
        else:
            assert isinstance(t, ArrayT)
            options = [
                self.e_binop, self.e_binop, self.e_unary, self.e_unary, self.e_maximum, self.e_where,
                self.e_transpose, self.e_reshape, self.e_reduce_axis, self.e_slice,
                self.e_concatenate, self.e_matmul, self.e_clip,
            ]  # fmt: skip
            if self.has("bool_array_arith"):
                options.append(self.e_bool_arith)
        for _ in range(6):
            node = self.rng.choice(options)(t, depth - 1)
            if node is not None:
                return node
        return self.leaf(t)

    def leaf(self, t: Type) -> ast.expr:
        names = [v for v, vt in self.vars.items() if vt == t]
        if names and self.chance(0.85):
            fresh = [v for v in names if v not in self.used]
            name = self.rng.choice(fresh if fresh and self.chance(0.6) else names)
            self.used.add(name)
            return _name(name)
        if t == NPF:
            return _call("np.float64", constant(self.rng.choice([0.5, -1.25, 2.0, 0.0])))
        if t == FLOAT:
            return constant(self.rng.choice([0.5, -1.5, 2.0]))
        if t == INT:
            return ast.Constant(self.rng.randint(0, 3))
        assert isinstance(t, ArrayT)
        arrays = [v for v, vt in self.vars.items() if isinstance(vt, ArrayT)]
        if arrays and self.chance(0.8):
            return self.derived(self.rng.choice(arrays), t)
        value = constant(self.rng.choice([0.5, 1.0, -2.0, 0.0]))
        return _call("np.full", constant_shape(t.shape), value)

    def derived(self, name: str, t: ArrayT) -> ast.expr:
        """An array of type ``t`` made from the array variable ``name``."""
        self.used.add(name)
        source = self.vars[name]
        assert isinstance(source, ArrayT)
        size, target = int(np.prod(source.shape)), int(np.prod(t.shape))
        flat = _call(ast.Attribute(_name(name), "reshape", ast.Load()), constant(-1))
        if size == target:
            part: ast.expr = flat
        elif size > target:
            bounds = (
                ast.Slice(None, ast.Constant(target), None)
                if self.chance(0.5)
                else ast.Slice(constant(-target), None, None)
            )
            part = ast.Subscript(flat, bounds, ast.Load())
        else:
            element = ast.Subscript(flat, ast.Constant(self.rng.randrange(size)), ast.Load())
            return ast.BinOp(_call("np.ones", constant_shape(t.shape)), ast.Mult(), element)
        return _call(ast.Attribute(part, "reshape", ast.Load()), constant_shape(t.shape))

    def broadcastable(self, t: ArrayT) -> Type:
        """A type whose values broadcast to ``t``'s shape."""
        r = self.rng.random()
        if r < 0.5:
            return t
        if r < 0.65:
            return FLOAT if FLOAT in self.vars.values() and self.chance(0.5) else NPF
        if len(t.shape) == 2:
            return ArrayT(self.rng.choice([t.shape[1:], (t.shape[0], 1), (1, t.shape[1])]))
        return t

    def scalar_or_array(self, t: Type, depth: int) -> ast.expr:
        if t == FLOAT and self.chance(0.5):
            return constant(self.rng.choice([0.5, 2.0, -1.5, 3.0]))
        return self.expr(t, depth)

    def e_binop(self, t: ArrayT, depth: int) -> ast.expr:
        op = self.rng.choice([ast.Add(), ast.Sub(), ast.Mult(), ast.Mult(), ast.Div()])
        a, b = self.broadcastable(t), self.broadcastable(t)
        shapes = [x.shape for x in (a, b) if isinstance(x, ArrayT)]
        if not shapes or np.broadcast_shapes(*shapes) != t.shape:
            a = t
        if isinstance(op, ast.Div) and self.chance(0.7):
            denominator = ast.BinOp(_call("np.abs", self.expr(b, depth)), ast.Add(), constant(0.5))
            return ast.BinOp(self.scalar_or_array(a, depth), op, denominator)
        return ast.BinOp(self.scalar_or_array(a, depth), op, self.scalar_or_array(b, depth))

    def e_unary(self, t: ArrayT, depth: int) -> ast.expr:
        if self.chance(0.4):
            fn, template = self.rng.choice(sorted(GUARDED.items()))
            inner = ast.parse(template.format("X"), mode="eval").body
            arg = self.expr(t, depth)
            inner = _substitute(inner, arg)
            return _call(fn, inner)
        fn = self.rng.choice(UNARY)
        if fn == "np.exp":
            return _call(fn, _call("np.clip", self.expr(t, depth), constant(-5.0), constant(5.0)))
        if fn == "np.negative" and self.chance(0.5):
            return ast.UnaryOp(ast.USub(), self.expr(t, depth))
        return _call(fn, self.expr(t, depth))

    def e_maximum(self, t: ArrayT, depth: int) -> ast.expr:
        fn = self.rng.choice(["np.maximum", "np.minimum"])
        return _call(fn, self.expr(t, depth), self.scalar_or_array(self.broadcastable(t), depth))

    def e_clip(self, t: ArrayT, depth: int) -> ast.expr:
        lo = self.rng.choice([-1.0, -0.5, 0.0])
        return _call(
            "np.clip",
            self.expr(t, depth),
            constant(lo),
            constant(lo + self.rng.choice([0.5, 1.0, 2.0])),
        )

    def e_where(self, t: ArrayT, depth: int) -> ast.expr:
        op = self.rng.choice([ast.Gt(), ast.Lt(), ast.GtE()])
        cond = ast.Compare(
            self.expr(t, depth), [op], [self.scalar_or_array(self.broadcastable(t), depth)]
        )
        other = self.scalar_or_array(self.broadcastable(t), depth)
        return _call("np.where", cond, self.expr(t, depth), other)

    def e_bool_arith(self, t: ArrayT, depth: int) -> ast.expr:
        left = ast.Compare(self.expr(t, depth), [ast.Gt()], [constant(0.0)])
        right = ast.Compare(self.expr(t, depth), [ast.Lt()], [constant(0.5)])
        op = self.rng.choice([ast.Add(), ast.Mult()])
        return ast.BinOp(ast.BinOp(left, op, right), ast.Mult(), constant(1.5))

    def e_transpose(self, t: ArrayT, depth: int) -> ast.expr | None:
        if len(t.shape) != 2:
            return None
        inner = self.expr(ArrayT(t.shape[::-1]), depth)
        if self.chance(0.5):
            return ast.Attribute(inner, "T", ast.Load())
        return _call("np.transpose", inner)

    def e_reshape(self, t: ArrayT, depth: int) -> ast.expr | None:
        size = int(np.prod(t.shape))
        others = [s for s in self.shapes() if int(np.prod(s)) == size and s != t.shape]
        if not others:
            return None
        inner = self.expr(ArrayT(self.rng.choice(others)), depth)
        shape = list(t.shape)
        if len(shape) == 2 and self.chance(0.4):
            shape[self.rng.randrange(2)] = -1
        method = ast.Attribute(inner, "reshape", ast.Load())
        return ast.Call(method, [constant_shape(tuple(shape))], [])

    def e_reduce_axis(self, t: ArrayT, depth: int) -> ast.expr | None:
        fn = self.rng.choice(REDUCTIONS)
        if len(t.shape) == 1:
            k = self.rng.choice([2, 3])
            source, axis, keepdims = ArrayT((k, t.shape[0])), 0, False
            if self.chance(0.5):
                source, axis = ArrayT((t.shape[0], k)), 1
        elif 1 in t.shape:
            axis = t.shape.index(1)
            full = list(t.shape)
            full[axis] = self.rng.choice([2, 3])
            source, keepdims = ArrayT(tuple(full)), True
        else:
            return None
        inner = self.expr(source, depth)
        keywords = [ast.keyword("axis", ast.Constant(axis))]
        if keepdims:
            keywords.append(ast.keyword("keepdims", ast.Constant(True)))
        if self.chance(0.5):
            return ast.Call(_dotted(f"np.{fn}"), [inner], keywords)
        return ast.Call(ast.Attribute(inner, fn, ast.Load()), [], keywords)

    def e_slice(self, t: ArrayT, depth: int) -> ast.expr:
        if self.chance(0.5):
            inner = self.expr(t, depth)
            if len(t.shape) == 2 and self.chance(0.5):
                index = ast.Tuple([ast.Slice(), ast.Slice(None, None, constant(-1))], ast.Load())
            else:
                index = ast.Slice(None, None, constant(-1))
            return ast.Subscript(inner, index, ast.Load())
        bigger = (t.shape[0] + 1, *t.shape[1:])
        inner = self.expr(ArrayT(bigger), depth)
        if self.chance(0.5):
            return ast.Subscript(inner, ast.Slice(ast.Constant(1), None, None), ast.Load())
        return ast.Subscript(inner, ast.Slice(None, constant(-1), None), ast.Load())

    def e_concatenate(self, t: ArrayT, depth: int) -> ast.expr | None:
        if t.shape[0] < 2:
            return None
        k = self.rng.randint(1, t.shape[0] - 1)
        parts = ast.Tuple(
            [
                self.expr(ArrayT((k, *t.shape[1:])), depth),
                self.expr(ArrayT((t.shape[0] - k, *t.shape[1:])), depth),
            ],
            ast.Load(),
        )
        return _call("np.concatenate", parts)

    def e_matmul(self, t: ArrayT, depth: int) -> ast.expr | None:
        k = self.rng.choice([1, 2, 3])
        if len(t.shape) == 2:
            left, right = ArrayT((t.shape[0], k)), ArrayT((k, t.shape[1]))
        else:
            left, right = ArrayT((k,)), ArrayT((k, t.shape[0]))
        return ast.BinOp(self.expr(left, depth), ast.MatMult(), self.expr(right, depth))

    # np.float64 scalars -------------------------------------------------------------------

    def any_array(self) -> ArrayT:
        return ArrayT(self.rng.choice(self.shapes()))

    def e_reduce_all(self, t: Type, depth: int) -> ast.expr:
        fn = self.rng.choice(REDUCTIONS)
        inner = self.expr(self.any_array(), depth)
        if self.chance(0.5):
            return _call(f"np.{fn}", inner)
        return ast.Call(ast.Attribute(inner, fn, ast.Load()), [], [])

    def e_element(self, t: Type, depth: int) -> ast.expr:
        a = self.any_array()
        ints = [v for v, vt in self.vars.items() if vt == INT]
        items: list[ast.expr] = []
        for size in a.shape:
            if ints and self.chance(0.4):
                index: ast.expr = _name(self.rng.choice(ints))
                if self.chance(0.6):
                    index = ast.BinOp(index, ast.Mod(), ast.Constant(size))
            else:
                index = constant(self.rng.randrange(-size, size))
            items.append(index)
        index_node = items[0] if len(items) == 1 else ast.Tuple(items, ast.Load())
        return ast.Subscript(self.expr(a, depth), index_node, ast.Load())

    def e_scalar_arith(self, t: Type, depth: int) -> ast.expr:
        op = self.rng.choice([ast.Add(), ast.Sub(), ast.Mult()])
        other: Type = FLOAT if FLOAT in self.vars.values() and self.chance(0.4) else NPF
        return ast.BinOp(self.expr(NPF, depth), op, self.expr(other, depth))

    def e_dynamic_slice(self, t: Type, depth: int) -> ast.expr | None:
        ints = [v for v, vt in self.vars.items() if vt == INT]
        if not ints:
            return None
        a = ArrayT((self.n,)) if self.chance(0.6) else ArrayT((self.m, self.n))
        lo = _name(self.rng.choice(ints))
        hi = ast.BinOp(
            _name(self.rng.choice(ints)), ast.Add(), ast.Constant(self.rng.randint(0, 3))
        )
        sliced = ast.Subscript(self.expr(a, depth), ast.Slice(lo, hi, None), ast.Load())
        fn = self.rng.choice(REDUCTIONS)
        return _call(f"np.{fn}", sliced)


def constant_shape(shape: tuple[int, ...]) -> ast.expr:
    return ast.Tuple([constant(s) for s in shape], ast.Load())


def _substitute(template: ast.expr, arg: ast.expr) -> ast.expr:
    class Replace(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            return arg if node.id == "X" else node

    return Replace().visit(template)
