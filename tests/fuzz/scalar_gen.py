"""Random programs on Python numbers: ints, floats, bools, tuples; arithmetic
(``//``, ``%``, ``**`` included), comparisons, ``math``, ``min``/``max``/``abs``;
``if``, ``while``, ``for`` over ranges and tuples, ``break``/``continue``, early
returns; lambdas, nested defs and higher-order helpers; bounded recursion.

Every program is well typed for myia's typed backends (see
:mod:`fuzz.static_types`) and terminates: ``while`` loops count their steps
against a constant bound, ranges are short, and a recursive helper's depth
argument goes down by one or two to a base case. What a program does at run
time (divide by zero, overflow...) is left to chance: the oracle
(:mod:`fuzz.oracle`) sorts the cases out.
"""

from __future__ import annotations

import ast
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from fuzz.features import Config
from fuzz.static_types import BOOL, FLOAT, INT, FnT, TupleT, Type, float_leaves

UNARY_MATH = [
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "exp",
    "expm1",
    "log",
    "log1p",
    "log2",
    "log10",
    "sqrt",
    "fabs",
    "erf",
    "erfc",
    "gamma",
    "lgamma",
    "degrees",
    "radians",
]
BINARY_MATH = ("atan2", "hypot", "copysign", "fmod", "pow")
#: A domain for each function's argument, most of the time (else anything goes).
BOUNDED = {"asin": "tanh", "acos": "sin", "atanh": "tanh"}
POSITIVE = {"log", "log2", "log10", "sqrt", "acosh", "log1p", "gamma", "lgamma"}
LIMITED = {"exp", "expm1", "sinh", "cosh"}

SMALL_INTS = (0, 1, 2, 3, -1, -2, 5, 7, 10, -7, 12, 100, -64)
BIG_INTS = (2**31, 2**53 + 1, -(2**53) - 3, 2**62 + 5, 2**63 - 1, -(2**63), 10**15 + 7)
FLOATS = (0.0, 1.0, 0.5, -1.5, 2.0, 3.25, -0.75, 1e-3, 10.0, 1e10, -2.5, 0.1)
SPECIAL_FLOATS = (-0.0, math.inf, -math.inf, math.nan, 1e300, -1e300, 5e-324, 1e-310)


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())


def _store(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Store())


def _call(func: str | ast.expr, *args: ast.expr) -> ast.Call:
    fn = func if isinstance(func, ast.expr) else _dotted(func)
    return ast.Call(fn, list(args), [])


def _dotted(path: str) -> ast.expr:
    parts = path.split(".")
    node: ast.expr = _name(parts[0])
    for part in parts[1:]:
        node = ast.Attribute(node, part, ast.Load())
    return node


def constant(value: object) -> ast.expr:
    """A literal; negative numbers and specials written as Python would."""
    if isinstance(value, float):
        if math.isnan(value):
            return _dotted("math.nan")
        if math.isinf(value):
            return (
                _dotted("math.inf") if value > 0 else ast.UnaryOp(ast.USub(), _dotted("math.inf"))
            )
        if math.copysign(1.0, value) < 0:
            return ast.UnaryOp(ast.USub(), ast.Constant(-value))
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-value))
    return ast.Constant(value)


# ---------------------------------------------------------------------------
# Scopes


@dataclass
class Scope:
    """The variables of one function being generated, block by block.

    A closure (nested def or lambda) reads the variables of the functions that
    enclose it; those variables are then *frozen* in the function that owns
    them: myia's closures capture values, so a captured variable must not be
    assigned again (:file:`docs/user_guide.md`, "Closures capture values")."""

    ret: Type
    parent: Scope | None = None
    blocks: list[dict[str, Type]] = field(default_factory=list)
    frozen: set[str] = field(default_factory=set)
    #: Loop counters and targets, and a recursive helper's depth: never assigned.
    reserved: set[str] = field(default_factory=set)
    #: Names read from enclosing functions.
    captured: set[str] = field(default_factory=set)
    #: Names assigned by the statement being generated: no closure may capture them.
    assigning: set[str] = field(default_factory=set)
    loops: int = 0
    #: (name, type, depth parameter) of the recursive helper being generated.
    recursive: tuple[str, FnT, str] | None = None
    recursive_calls: int = 0
    allow_loops: bool = True
    used: set[str] = field(default_factory=set)

    def owns(self, name: str) -> bool:
        return any(name in b for b in self.blocks)

    def variables(self) -> dict[str, tuple[Type, Scope]]:
        """Every visible variable: its type and the scope that owns it."""
        seen: dict[str, tuple[Type, Scope]] = {}
        scope: Scope | None = self
        while scope is not None:
            # a closure must not capture what its owner's statement assigns
            blocked = scope.assigning if scope is not self else set()
            for block in scope.blocks:
                for name, t in block.items():
                    if name not in seen and name not in blocked:
                        seen[name] = (t, scope)
            scope = scope.parent
        return seen

    def read(self, name: str) -> ast.Name:
        """Read a variable, recording the capture when an enclosing function owns it."""
        scope: Scope | None = self
        while scope is not None and not scope.owns(name):
            scope.captured.add(name)
            scope = scope.parent
        self.used.add(name)
        return _name(name)

    def assignable(self) -> dict[str, Type]:
        return {
            name: t
            for block in self.blocks
            for name, t in block.items()
            if name not in self.frozen and name not in self.reserved and not isinstance(t, FnT)
        }

    def close(self) -> None:
        """After a closure's definition: freeze what it captured, in the owners."""
        for name in self.captured:
            scope = self.parent
            while scope is not None and not scope.owns(name):
                scope = scope.parent
            if scope is not None:
                scope.frozen.add(name)


# ---------------------------------------------------------------------------
# The generator


class ScalarGenerator:
    """Writes one program from a random generator and a :class:`Config`."""

    def __init__(self, rng: random.Random, config: Config):
        self.rng = rng
        self.config = config
        self.counter = itertools.count()
        #: Module-level functions defined so far, and which are recursive (their depth param).
        self.functions: dict[str, FnT] = {}
        self.depth_param: dict[str, int] = {}

    # -- entry ---------------------------------------------------------------

    def program(self) -> tuple[list[ast.stmt], list[Type], Type]:
        """The module body (helpers, ``main``, maybe ``loss``), main's parameter types
        and its return type."""
        body: list[ast.stmt] = []
        for _ in range(self.rng.randint(0, self.config.helpers)):
            helper = self.helper()
            if helper is not None:
                body.append(helper)
        params = [self.param_type() for _ in range(self.rng.randint(1, 4))]
        if self.has("floats") and FLOAT not in params and self.rng.random() < 0.7:
            params[0] = FLOAT
        ret = self.result_type()
        names = [f"a{i}" for i in range(len(params))]
        main = self.function("main", list(zip(names, params)), ret, self.config.main_statements)
        body.append(main)
        leaves = float_leaves(ret)
        if self.has("grad") and leaves and FLOAT in params:
            body.append(self.loss(names, ret, leaves))
        return body, params, ret

    def has(self, feature: str) -> bool:
        return self.config.has(feature)

    def fresh(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter)}"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def scalar_types(self) -> list[Type]:
        types = [t for t, f in ((INT, "ints"), (FLOAT, "floats"), (BOOL, "bools")) if self.has(f)]
        return types or [BOOL]

    def scalar_type(self) -> Type:
        weights = {INT: 4, FLOAT: 5, BOOL: 1}
        types = self.scalar_types()
        return self.rng.choices(types, [weights[t] for t in types])[0]

    def value_type(self, depth: int = 1) -> Type:
        if self.has("tuples") and depth > 0 and self.chance(0.2):
            n = self.rng.randint(1, 3)
            return TupleT(tuple(self.value_type(depth - 1) for _ in range(n)))
        return self.scalar_type()

    def param_type(self) -> Type:
        return self.value_type()

    def result_type(self) -> Type:
        if self.has("tuples") and self.chance(0.6):
            return TupleT(tuple(self.value_type(0) for _ in range(self.rng.randint(2, 4))))
        return FLOAT if self.has("floats") and self.chance(0.6) else self.scalar_type()

    def value(self, t: Type) -> object:
        """A random argument of type ``t``."""
        if isinstance(t, TupleT):
            return tuple(self.value(i) for i in t.items)
        if t == BOOL:
            return self.chance(0.5)
        if t == INT:
            if self.has("big_ints") and self.chance(0.04):
                return self.rng.choice(BIG_INTS)
            if self.chance(0.7):
                return self.rng.choice(SMALL_INTS)
            return self.rng.randint(-50, 50)
        if self.has("special_floats") and self.chance(0.05):
            return self.rng.choice(SPECIAL_FLOATS)
        if self.chance(0.4):
            return self.rng.choice(FLOATS)
        return round(self.rng.uniform(-5, 5), self.rng.choice([1, 2, 6, 15]))

    # -- functions -------------------------------------------------------------

    def helper(self) -> ast.FunctionDef | None:
        kinds = ["plain"]
        if self.has("recursion") and self.has("ints") and self.has("if"):
            kinds.append("recursive")
        if self.has("closures"):
            kinds.append("higher_order")
        if self.has("runaway_recursion") and self.has("ints"):
            kinds.append("runaway")
        kind = self.rng.choice(kinds)
        ret = self.value_type(0)
        if kind == "runaway":
            return self.runaway_function()
        params = [self.value_type() for _ in range(self.rng.randint(1, 3))]
        name = self.fresh({"plain": "h", "recursive": "rec", "higher_order": "hof"}[kind])
        if kind == "higher_order":
            params[0] = FnT(tuple(self.scalar_type() for _ in range(self.rng.randint(1, 2))), ret)
        if kind == "recursive":
            params.insert(0, INT)
        names = [f"{name}_p{i}" for i in range(len(params))]
        fn_type = FnT(tuple(params), ret)
        statements = self.config.helper_statements
        if kind == "recursive":
            node = self.recursive_function(name, list(zip(names, params)), fn_type, statements)
            self.depth_param[name] = 0
        else:
            node = self.function(name, list(zip(names, params)), ret, statements)
        self.functions[name] = fn_type
        return node

    def runaway_function(self) -> ast.FunctionDef:
        """A function that recurses forever: CPython raises RecursionError."""
        name = self.fresh("runaway")
        ret = FLOAT if self.has("floats") and self.chance(0.5) else INT
        params = [(f"{name}_p0", INT), (f"{name}_p1", ret)]
        scope = Scope(ret, blocks=[dict(params)])
        call = _call(
            name, ast.BinOp(_name(params[0][0]), ast.Add(), ast.Constant(1)), _name(params[1][0])
        )
        body = [ast.Return(ast.BinOp(call, ast.Add(), self.expr(scope, ret, 1)))]
        self.functions[name] = FnT((INT, ret), ret)
        return _def(name, [p for p, _ in params], body)

    def function(
        self, name: str, params: list[tuple[str, Type]], ret: Type, statements: int
    ) -> ast.FunctionDef:
        scope = Scope(ret, blocks=[dict(params)])
        body = self.block(scope, self.rng.randint(1, statements), self.config.block_depth)
        body.append(ast.Return(self.result_expr(scope, ret)))
        return _def(name, [p for p, _ in params], body)

    def recursive_function(
        self, name: str, params: list[tuple[str, Type]], fn_type: FnT, statements: int
    ) -> ast.FunctionDef:
        depth = params[0][0]
        scope = Scope(fn_type.ret, blocks=[dict(params)], reserved={depth})
        base = ast.If(
            ast.Compare(_name(depth), [ast.LtE()], [ast.Constant(0)]),
            [ast.Return(self.expr(scope, fn_type.ret, 2))],
            [],
        )
        scope.recursive = (name, fn_type, depth)
        scope.allow_loops = False  # a recursive call in a loop multiplies the calls
        body = [base, *self.block(scope, self.rng.randint(0, statements), 1)]
        if scope.recursive_calls == 0:
            result = self.recursive_call(scope)
            assert result is not None
            if fn_type.ret in (INT, FLOAT) and self.chance(0.7):
                op = self.rng.choice([ast.Add(), ast.Mult(), ast.Sub()])
                result = ast.BinOp(result, op, self.expr(scope, fn_type.ret, 1))
        else:
            result = self.result_expr(scope, fn_type.ret)
        body.append(ast.Return(result))
        return _def(name, [p for p, _ in params], body)

    def recursive_call(self, scope: Scope) -> ast.expr | None:
        if scope.recursive is None or scope.recursive_calls >= 2:
            return None
        name, fn_type, depth = scope.recursive
        scope.recursive_calls += 1
        step = ast.Constant(self.rng.choice([1, 1, 1, 2]))
        args = [ast.BinOp(_name(depth), ast.Sub(), step)]
        args += [self.expr(scope, t, 1) for t in fn_type.params[1:]]
        return _call(name, *args)

    def loss(self, names: list[str], ret: Type, leaves: list[tuple[int, ...]]) -> ast.FunctionDef:
        """``loss``: the sum of the float leaves of main's result, for gradients."""
        call = _call("main", *map(_name, names))
        if ret == FLOAT:
            return _def("loss", names, [ast.Return(call)])
        terms: list[ast.expr] = []
        for path in leaves:
            node: ast.expr = _name("r")
            for i in path:
                node = ast.Subscript(node, ast.Constant(i), ast.Load())
            terms.append(node)
        total = terms[0]
        for term in terms[1:]:
            total = ast.BinOp(total, ast.Add(), term)
        return _def("loss", names, [ast.Assign([_store("r")], call), ast.Return(total)])

    # -- statements ------------------------------------------------------------

    def block(self, scope: Scope, n: int, depth: int) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for _ in range(n):
            out += self.statement(scope, depth)
        return out

    def statement(self, scope: Scope, depth: int) -> list[ast.stmt]:
        options: list[tuple[float, Callable[[Scope, int], list[ast.stmt]]]] = [
            (5, self.s_assign_new),
            (3, self.s_reassign),
            (2, self.s_augassign),
        ]
        if self.has("tuples"):
            options.append((1, self.s_unpack))
        loops = depth > 0 and scope.allow_loops
        if depth > 0:
            if self.has("if"):
                options.append((3, self.s_if))
        if loops:
            if self.has("for_range") and self.has("ints"):
                options.append((2, self.s_for_range))
            if self.has("for_tuple") and self.has("tuples"):
                options.append((1, self.s_for_tuple))
            if self.has("while") and self.has("ints"):
                options.append((1.5, self.s_while))
        if depth > 0:
            if self.has("closures"):
                options.append((1, self.s_nested_def))
        if self.has("closures"):
            options.append((1, self.s_lambda))
        if scope.loops and self.has("break_continue") and self.has("if"):
            options.append((1.5, self.s_break_continue))
        if self.has("early_return") and self.has("if"):
            options.append((0.7, self.s_early_return))
        if scope.recursive is not None and scope.recursive_calls < 2:
            options.append((2, self.s_recursive_call))
        for _ in range(8):
            build = self.rng.choices([o[1] for o in options], [o[0] for o in options])[0]
            stmts = build(scope, depth)
            if stmts:
                return stmts
        return self.s_assign_new(scope, depth)

    def s_assign_new(self, scope: Scope, depth: int) -> list[ast.stmt]:
        t = self.value_type()
        name = self.fresh("v")
        value = self.expr(scope, t, self.config.expr_depth)
        scope.blocks[-1][name] = t
        return [ast.Assign([_store(name)], value)]

    def s_reassign(self, scope: Scope, depth: int) -> list[ast.stmt]:
        targets = scope.assignable()
        if not targets:
            return []
        name = self.rng.choice(sorted(targets))
        scope.assigning.add(name)
        value = self.expr(scope, targets[name], self.config.expr_depth)
        scope.assigning.discard(name)
        return [ast.Assign([_store(name)], value)]

    def s_augassign(self, scope: Scope, depth: int) -> list[ast.stmt]:
        targets = {n: t for n, t in scope.assignable().items() if t in (INT, FLOAT)}
        if not targets:
            return []
        name = self.rng.choice(sorted(targets))
        t = targets[name]
        ops: list[ast.operator] = [ast.Add(), ast.Sub(), ast.Mult()]
        if self.has("floordiv_mod"):
            ops += [ast.FloorDiv(), ast.Mod()]
        if t == FLOAT:
            ops.append(ast.Div())
        elif self.has("bitwise"):
            ops += [ast.BitAnd(), ast.BitOr(), ast.BitXor()]
        op = self.rng.choice(ops)
        scope.assigning.add(name)
        operand_type = FLOAT if t == FLOAT and self.chance(0.7) else INT
        if not self.has("ints"):
            operand_type = FLOAT
        value = self.expr(scope, operand_type, 2)
        scope.assigning.discard(name)
        scope.used.add(name)
        return [ast.AugAssign(_store(name), op, value)]

    def s_unpack(self, scope: Scope, depth: int) -> list[ast.stmt]:
        targets = scope.assignable()
        same = [
            (a, b)
            for a, b in itertools.combinations(sorted(targets), 2)
            if targets[a] == targets[b]
        ]
        if same and self.chance(0.3):
            a, b = self.rng.choice(same)
            scope.used |= {a, b}
            return [
                ast.Assign(
                    [ast.Tuple([_store(a), _store(b)], ast.Store())],
                    ast.Tuple([_name(b), _name(a)], ast.Load()),
                )
            ]
        items = tuple(self.value_type(0) for _ in range(self.rng.randint(2, 3)))
        value = self.expr(scope, TupleT(items), self.config.expr_depth)
        names = [self.fresh("u") for _ in items]
        for name, t in zip(names, items):
            scope.blocks[-1][name] = t
        return [ast.Assign([ast.Tuple([_store(n) for n in names], ast.Store())], value)]

    def s_if(self, scope: Scope, depth: int) -> list[ast.stmt]:
        branches = self.rng.choice([1, 2, 2, 3])
        n = lambda: self.rng.randint(1, 3)
        test = self.expr(scope, BOOL, 2)
        body = self.sub_block(scope, n(), depth - 1)
        orelse: list[ast.stmt] = []
        if branches == 3:
            elif_test = self.expr(scope, BOOL, 2)
            elif_body = self.sub_block(scope, n(), depth - 1)
            orelse = [ast.If(elif_test, elif_body, self.sub_block(scope, n(), depth - 1))]
        elif branches == 2:
            orelse = self.sub_block(scope, n(), depth - 1)
        return [ast.If(test, body, orelse)]

    def sub_block(
        self, scope: Scope, n: int, depth: int, extra: dict | None = None
    ) -> list[ast.stmt]:
        scope.blocks.append(dict(extra or {}))
        try:
            return self.block(scope, n, depth) or [ast.Pass()]
        finally:
            scope.blocks.pop()

    def loop_block(
        self, scope: Scope, n: int, depth: int, var: str | None, t: Type
    ) -> list[ast.stmt]:
        scope.loops += 1
        if var is not None:
            scope.reserved.add(var)
        try:
            return self.sub_block(scope, n, depth, {var: t} if var is not None else None)
        finally:
            scope.loops -= 1

    def s_for_range(self, scope: Scope, depth: int) -> list[ast.stmt]:
        var = self.fresh("i")
        r = self.rng.random()
        if r < 0.5:
            args = [self.small_count(scope)]
        elif r < 0.8:
            args = [self.expr(scope, INT, 1), self.small_count(scope)]
        else:
            start = self.rng.randint(-3, 8)
            step = self.rng.choice([-3, -2, -1, 2, 3])
            stop = start + step * self.rng.randint(0, 5) + self.rng.randint(-1, 1)
            args = [constant(start), constant(stop), constant(step)]
        body = self.loop_block(scope, self.rng.randint(1, 3), depth - 1, var, INT)
        orelse = self.sub_block(scope, 1, 0) if self.chance(0.1) else []
        return [ast.For(_store(var), _call("range", *args), body, orelse)]

    def small_count(self, scope: Scope) -> ast.expr:
        """An int in 0..8 (or a short run-time count)."""
        if self.chance(0.5):
            return ast.Constant(self.rng.randint(0, 8))
        value = self.expr(scope, INT, 1)
        if self.chance(0.5):
            return ast.BinOp(value, ast.Mod(), ast.Constant(self.rng.randint(1, 8)))
        return _call("min", value, ast.Constant(self.rng.randint(0, 8)))

    def s_for_tuple(self, scope: Scope, depth: int) -> list[ast.stmt]:
        t = self.scalar_type()
        seq = self.expr(scope, TupleT((t,) * self.rng.randint(1, 4)), 2)
        var = self.fresh("e")
        body = self.loop_block(scope, self.rng.randint(1, 3), depth - 1, var, t)
        return [ast.For(_store(var), seq, body, [])]

    def s_while(self, scope: Scope, depth: int) -> list[ast.stmt]:
        counter = self.fresh("w")
        scope.blocks[-1][counter] = INT
        scope.reserved.add(counter)
        bound = ast.Compare(_name(counter), [ast.Lt()], [ast.Constant(self.rng.randint(1, 8))])
        test: ast.expr = bound
        if self.chance(0.7):
            scope.assigning.add(counter)  # the body assigns it after the test's closures
            test = ast.BoolOp(ast.And(), [bound, self.expr(scope, BOOL, 2)])
            scope.assigning.discard(counter)
        step = ast.AugAssign(_store(counter), ast.Add(), ast.Constant(1))
        body = self.loop_block(scope, self.rng.randint(1, 3), depth - 1, None, INT)
        orelse = self.sub_block(scope, 1, 0) if self.chance(0.1) else []
        init = ast.Assign([_store(counter)], ast.Constant(0))
        scope.used.add(counter)
        return [init, ast.While(test, [step, *body], orelse)]

    def s_break_continue(self, scope: Scope, depth: int) -> list[ast.stmt]:
        jump = ast.Break() if self.chance(0.5) else ast.Continue()
        return [ast.If(self.expr(scope, BOOL, 2), [jump], [])]

    def s_early_return(self, scope: Scope, depth: int) -> list[ast.stmt]:
        return [ast.If(self.expr(scope, BOOL, 2), [ast.Return(self.expr(scope, scope.ret, 2))], [])]

    def s_recursive_call(self, scope: Scope, depth: int) -> list[ast.stmt]:
        call = self.recursive_call(scope)
        if call is None or scope.recursive is None:
            return []
        name = self.fresh("r")
        scope.blocks[-1][name] = scope.recursive[1].ret
        return [ast.Assign([_store(name)], call)]

    def closure_signature(self) -> FnT:
        params = tuple(self.scalar_type() for _ in range(self.rng.randint(1, 2)))
        return FnT(params, self.scalar_type())

    def s_nested_def(self, scope: Scope, depth: int) -> list[ast.stmt]:
        fn_type = self.closure_signature()
        name = self.fresh("f")
        params = [(self.fresh("q"), t) for t in fn_type.params]
        inner = Scope(fn_type.ret, parent=scope, blocks=[dict(params)])
        body = self.block(inner, self.rng.randint(0, 2), min(depth - 1, 1))
        body.append(ast.Return(self.expr(inner, fn_type.ret, 2)))
        inner.close()
        scope.blocks[-1][name] = fn_type
        return [_def(name, [p for p, _ in params], body)]

    def s_lambda(self, scope: Scope, depth: int) -> list[ast.stmt]:
        fn_type = self.closure_signature()
        name = self.fresh("g")
        value = self.lambda_expr(scope, fn_type)
        scope.blocks[-1][name] = fn_type
        return [ast.Assign([_store(name)], value)]

    # -- expressions -------------------------------------------------------------

    def result_expr(self, scope: Scope, t: Type) -> ast.expr:
        """A function's final result: prefers variables nothing has read yet, so
        that little of what the function computes is dead."""
        if isinstance(t, TupleT):
            return ast.Tuple([self.result_expr(scope, i) for i in t.items], ast.Load())
        unused = [n for n, (vt, _) in scope.variables().items() if vt == t and n not in scope.used]
        if unused and self.chance(0.8):
            value = scope.read(self.rng.choice(sorted(unused)))
            if t in (INT, FLOAT) and self.chance(0.6):
                return ast.BinOp(value, ast.Add(), self.expr(scope, t, 2))
            return value
        return self.expr(scope, t, self.config.expr_depth)

    def expr(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        if depth <= 0 or self.chance(0.2):
            return self.leaf(scope, t)
        if isinstance(t, TupleT):
            options = self.tuple_options(t)
        elif isinstance(t, FnT):
            return self.fn_expr(scope, t)
        else:
            options = {INT: self.int_options, FLOAT: self.float_options, BOOL: self.bool_options}[
                t
            ]()
        options += [(1.0, self.e_ifexp), (1.5, self.e_call), (1.0, self.e_tuple_item)]
        for _ in range(6):
            build = self.rng.choices([o[1] for o in options], [o[0] for o in options])[0]
            node = build(scope, t, depth - 1)
            if node is not None:
                return node
        return self.leaf(scope, t)

    def leaf(self, scope: Scope, t: Type) -> ast.expr:
        if isinstance(t, FnT):
            return self.fn_expr(scope, t)
        candidates = [n for n, (vt, _) in scope.variables().items() if vt == t]
        if candidates and self.chance(0.75):
            unused = [n for n in candidates if n not in scope.used]
            pool = unused if unused and self.chance(0.6) else candidates
            return scope.read(self.rng.choice(sorted(pool)))
        if isinstance(t, TupleT):
            return ast.Tuple([self.leaf(scope, i) for i in t.items], ast.Load())
        return self.constant(t)

    def constant(self, t: Type) -> ast.expr:
        if t == BOOL:
            return ast.Constant(self.chance(0.5))
        if t == INT:
            if self.has("big_ints") and self.chance(0.05):
                return constant(self.rng.choice(BIG_INTS))
            return constant(self.rng.choice(SMALL_INTS))
        if self.has("special_floats") and self.chance(0.06):
            return constant(self.rng.choice(SPECIAL_FLOATS))
        if self.has("math") and self.chance(0.05):
            return _dotted(self.rng.choice(["math.pi", "math.e", "math.tau"]))
        if self.chance(0.3):
            return constant(round(self.rng.uniform(-4, 4), self.rng.randint(0, 3)))
        return constant(self.rng.choice(FLOATS))

    def numeric(self) -> Type:
        types = [t for t in (INT, FLOAT) if t in self.scalar_types()]
        return self.rng.choice(types) if types else BOOL

    # int ------------------------------------------------------------------------

    def int_options(self) -> list:
        opts: list = [(4, self.e_int_arith), (1, self.e_unary_int)]
        if self.has("floordiv_mod"):
            opts.append((2, self.e_int_divmod))
        if self.has("bitwise"):
            opts.append((1.5, self.e_int_bitwise))
        if self.has("pow"):
            opts.append((0.7, self.e_int_pow))
        if self.has("minmax_abs"):
            opts.append((1.5, self.e_int_builtin))
            if self.has("floats"):
                opts.append((1.5, self.e_float_to_int))
        if self.has("tuples"):
            opts.append((0.7, self.e_len))
            if self.has("runtime_tuple_index"):
                opts.append((0.7, self.e_runtime_index))
        return opts

    def int_operand(self) -> Type:
        return BOOL if self.has("bools") and self.chance(0.1) else INT

    def e_int_arith(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        op = self.rng.choice([ast.Add(), ast.Sub(), ast.Mult()])
        left = self.expr(scope, self.int_operand(), depth)
        return ast.BinOp(left, op, self.expr(scope, self.int_operand(), depth))

    def e_unary_int(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        ops: list[ast.unaryop] = [ast.USub(), ast.UAdd()]
        if self.has("bitwise"):
            ops.append(ast.Invert())
        return ast.UnaryOp(self.rng.choice(ops), self.expr(scope, self.int_operand(), depth))

    def e_int_divmod(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        left = self.expr(scope, INT, depth)
        right = self.expr(scope, INT, depth)
        if self.has("tuples") and self.chance(0.15):
            return ast.Subscript(
                _call("divmod", left, right), ast.Constant(self.rng.randint(0, 1)), ast.Load()
            )
        return ast.BinOp(left, self.rng.choice([ast.FloorDiv(), ast.Mod()]), right)

    def e_int_bitwise(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        if self.chance(0.35):
            count = self.expr(scope, INT, depth)
            if self.chance(0.7):
                count = ast.BinOp(count, ast.Mod(), ast.Constant(self.rng.choice([4, 8, 16, 70])))
            op = self.rng.choice([ast.LShift(), ast.RShift()])
            return ast.BinOp(self.expr(scope, INT, depth), op, count)
        op = self.rng.choice([ast.BitAnd(), ast.BitOr(), ast.BitXor()])
        return ast.BinOp(
            self.expr(scope, self.int_operand(), depth), op, self.expr(scope, INT, depth)
        )

    def e_int_pow(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        base = self.expr(scope, INT, depth)
        if self.chance(0.7):
            exponent: ast.expr = ast.Constant(self.rng.randint(0, 4))
        else:
            exponent = ast.BinOp(self.expr(scope, INT, depth), ast.Mod(), ast.Constant(4))
        if self.chance(0.2):
            return _call("pow", base, exponent)
        return ast.BinOp(base, ast.Pow(), exponent)

    def e_int_builtin(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        r = self.rng.random()
        if r < 0.6:
            fn = self.rng.choice(["min", "max"])
            return _call(fn, self.expr(scope, INT, depth), self.expr(scope, INT, depth))
        if r < 0.85:
            return _call("abs", self.expr(scope, INT, depth))
        return _call("int", self.expr(scope, BOOL if self.has("bools") else INT, depth))

    def e_float_to_int(self, scope: Scope, t: Type, depth: int) -> ast.expr | None:
        fns = ["int", "round"]
        if self.has("math"):
            fns += ["math.floor", "math.ceil", "math.trunc"]
        arg = self.expr(scope, FLOAT, depth)
        if not self.has("const_conversions") and not _reads_variables(arg):
            return None  # int(math.nan) of constants, in code that may not run
        return _call(self.rng.choice(fns), arg)

    def e_len(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        return _call("len", self.expr(scope, self.tuple_type(), depth))

    def e_runtime_index(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        # t is INT or FLOAT or BOOL: an element of a homogeneous tuple at a run-time index.
        n = self.rng.randint(1, 4)
        seq = self.expr(scope, TupleT((t,) * n), depth)
        index = self.expr(scope, INT, depth)
        if self.chance(0.7):
            index = ast.BinOp(index, ast.Mod(), ast.Constant(n))
        return ast.Subscript(seq, index, ast.Load())

    # float ----------------------------------------------------------------------

    def float_options(self) -> list:
        opts: list = [(5, self.e_float_arith), (0.7, self.e_unary_float)]
        if self.has("ints"):
            opts.append((1, self.e_true_div))
        if self.has("floordiv_mod"):
            opts.append((1.2, self.e_float_divmod))
        if self.has("pow"):
            opts.append((1, self.e_float_pow))
        if self.has("math"):
            opts += [(3, self.e_math_unary), (1.5, self.e_math_binary)]
        if self.has("minmax_abs"):
            opts.append((1.5, self.e_float_builtin))
        if self.has("runtime_tuple_index") and self.has("tuples"):
            opts.append((0.4, self.e_runtime_index))
        return opts

    def float_operands(self) -> tuple[Type, Type]:
        if not self.has("ints") or self.chance(0.6):
            return FLOAT, FLOAT
        return self.rng.choice([(FLOAT, INT), (INT, FLOAT)])

    def e_float_arith(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        op = self.rng.choice([ast.Add(), ast.Sub(), ast.Mult(), ast.Div()])
        lt, rt = self.float_operands()
        return ast.BinOp(self.expr(scope, lt, depth), op, self.expr(scope, rt, depth))

    def e_unary_float(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        return ast.UnaryOp(
            self.rng.choice([ast.USub(), ast.UAdd()]), self.expr(scope, FLOAT, depth)
        )

    def e_true_div(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        return ast.BinOp(self.expr(scope, INT, depth), ast.Div(), self.expr(scope, INT, depth))

    def e_float_divmod(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        lt, rt = self.float_operands()
        left, right = self.expr(scope, lt, depth), self.expr(scope, rt, depth)
        if self.has("tuples") and self.chance(0.15):
            return ast.Subscript(
                _call("divmod", left, right), ast.Constant(self.rng.randint(0, 1)), ast.Load()
            )
        return ast.BinOp(left, self.rng.choice([ast.FloorDiv(), ast.Mod()]), right)

    def e_float_pow(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        lt, rt = self.float_operands()
        base = self.expr(scope, lt, depth)
        if self.has("minmax_abs") and self.chance(0.6):
            base = _call("abs", base)
        if self.chance(0.5):
            exponents = [2.0, 0.5, -1.0, -0.5, 1.5, 0.0, 3.0]  # an int base needs a float one
            exponents += [2, 3, -1, 0, -2] if lt == FLOAT else []
            exponent = constant(self.rng.choice(exponents))
        else:
            exponent = self.expr(scope, rt, depth)
        if self.chance(0.15):
            return _call("pow", base, exponent)
        return ast.BinOp(base, ast.Pow(), exponent)

    def e_math_unary(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        fn = self.rng.choice(UNARY_MATH)
        arg = self.expr(scope, FLOAT if self.chance(0.85) or not self.has("ints") else INT, depth)
        if self.chance(0.75):
            if fn in BOUNDED:
                arg = _call(f"math.{BOUNDED[fn]}", arg)
            elif fn in POSITIVE:
                arg = ast.BinOp(_call("math.fabs", arg), ast.Add(), ast.Constant(0.5))
            elif fn in LIMITED:
                arg = ast.BinOp(_call("math.sin", arg), ast.Mult(), ast.Constant(3.0))
        return _call(f"math.{fn}", arg)

    def e_math_binary(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        fn = self.rng.choice([*BINARY_MATH, "log"])
        left, right = self.expr(scope, FLOAT, depth), self.expr(scope, FLOAT, depth)
        if fn == "log":
            right = ast.BinOp(_call("math.fabs", right), ast.Add(), ast.Constant(2.0))
            left = ast.BinOp(_call("math.fabs", left), ast.Add(), ast.Constant(0.5))
        if fn == "pow" and self.chance(0.7):
            left = _call("math.fabs", left)
        return _call(f"math.{fn}", left, right)

    def e_float_builtin(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        r = self.rng.random()
        if r < 0.5:
            fn = self.rng.choice(["min", "max"])
            return _call(fn, self.expr(scope, FLOAT, depth), self.expr(scope, FLOAT, depth))
        if r < 0.75:
            return _call("abs", self.expr(scope, FLOAT, depth))
        return _call("float", self.expr(scope, INT if self.has("ints") else BOOL, depth))

    # bool -----------------------------------------------------------------------

    def bool_options(self) -> list:
        opts: list = [(4, self.e_compare), (1, self.e_not), (1.5, self.e_boolop)]
        if self.has("bitwise"):
            opts.append((0.5, self.e_bool_bitwise))
        if self.has("math") and self.has("floats"):
            opts.append((0.7, self.e_isx))
        if self.has("minmax_abs"):
            opts.append((0.5, self.e_bool_of))
        if self.has("tuples"):
            opts.append((0.5, self.e_in))
        return opts

    def e_compare(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        ops = [ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq]
        n = 1 if self.chance(0.8) else 2
        operands = [self.expr(scope, self.numeric(), depth) for _ in range(n + 1)]
        return ast.Compare(operands[0], [self.rng.choice(ops)() for _ in range(n)], operands[1:])

    def e_not(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        return ast.UnaryOp(ast.Not(), self.expr(scope, self.rng.choice(self.scalar_types()), depth))

    def e_boolop(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        op = ast.And() if self.chance(0.5) else ast.Or()
        return ast.BoolOp(op, [self.expr(scope, t, depth) for _ in range(self.rng.randint(2, 3))])

    def e_bool_bitwise(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        op = self.rng.choice([ast.BitAnd(), ast.BitOr(), ast.BitXor()])
        return ast.BinOp(self.expr(scope, BOOL, depth), op, self.expr(scope, BOOL, depth))

    def e_isx(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        fn = self.rng.choice(["isnan", "isinf", "isfinite"])
        return _call(f"math.{fn}", self.expr(scope, FLOAT, depth))

    def e_bool_of(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        return _call("bool", self.expr(scope, self.numeric(), depth))

    def e_in(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        item = self.numeric()
        seq = self.expr(scope, TupleT((item,) * self.rng.randint(1, 3)), depth)
        op = ast.In() if self.chance(0.7) else ast.NotIn()
        return ast.Compare(self.expr(scope, item, depth), [op], [seq])

    # any type ---------------------------------------------------------------------

    def e_ifexp(self, scope: Scope, t: Type, depth: int) -> ast.expr:
        if not self.has("if"):
            return None
        return ast.IfExp(
            self.expr(scope, BOOL, depth), self.expr(scope, t, depth), self.expr(scope, t, depth)
        )

    def e_call(self, scope: Scope, t: Type, depth: int) -> ast.expr | None:
        callables = [
            (name, ft) for name, (ft, _) in scope.variables().items() if isinstance(ft, FnT)
        ]
        callables += list(self.functions.items())
        matching = [(n, ft) for n, ft in callables if ft.ret == t]
        if (
            scope.recursive is not None
            and scope.recursive[1].ret == t
            and scope.recursive_calls < 2
        ):
            if self.chance(0.5):
                return self.recursive_call(scope)
        if not matching:
            return None
        name, ft = self.rng.choice(matching)
        args: list[ast.expr] = []
        for i, pt in enumerate(ft.params):
            if self.depth_param.get(name) == i:
                args.append(self.depth_arg(scope))
            elif isinstance(pt, FnT):
                args.append(self.fn_expr(scope, pt))
            else:
                args.append(self.expr(scope, pt, depth))
        return _call(scope.read(name) if name not in self.functions else _name(name), *args)

    def depth_arg(self, scope: Scope) -> ast.expr:
        if self.chance(0.5):
            return ast.Constant(self.rng.randint(0, 6))
        return ast.BinOp(self.expr(scope, INT, 1), ast.Mod(), ast.Constant(self.rng.randint(1, 7)))

    def fn_expr(self, scope: Scope, t: FnT) -> ast.expr:
        names = [n for n, (vt, _) in scope.variables().items() if vt == t]
        names += [n for n, ft in self.functions.items() if ft == t and n not in self.depth_param]
        if names and self.chance(0.5):
            name = self.rng.choice(sorted(names))
            return _name(name) if name in self.functions else scope.read(name)
        return self.lambda_expr(scope, t)

    def lambda_expr(self, scope: Scope, t: FnT) -> ast.expr:
        params = [(self.fresh("p"), pt) for pt in t.params]
        inner = Scope(t.ret, parent=scope, blocks=[dict(params)])
        body = self.expr(inner, t.ret, 2)
        inner.close()
        args = ast.arguments([], [ast.arg(p) for p, _ in params], None, [], [], None, [])
        return ast.Lambda(args, body)

    def e_tuple_item(self, scope: Scope, t: Type, depth: int) -> ast.expr | None:
        if not self.has("tuples") or isinstance(t, FnT):
            return None
        n = self.rng.randint(1, 3)
        k = self.rng.randrange(n)
        items = [self.value_type(0) for _ in range(n)]
        items[k] = t
        index = k if self.chance(0.7) else k - n
        if self.chance(0.02):  # out of range: IndexError where it runs
            index = self.rng.choice([n, n + 2, -n - 1])
        return ast.Subscript(
            self.expr(scope, TupleT(tuple(items)), depth), constant(index), ast.Load()
        )

    # tuples -----------------------------------------------------------------------

    def tuple_type(self) -> TupleT:
        return TupleT(tuple(self.value_type(0) for _ in range(self.rng.randint(1, 3))))

    def tuple_options(self, t: TupleT) -> list:
        opts: list = [(3, self.e_tuple_literal)]
        if len(t.items) >= 2:
            opts.append((1, self.e_tuple_concat))
        opts += [(0.7, self.e_tuple_slice)]
        return opts

    def e_tuple_literal(self, scope: Scope, t: TupleT, depth: int) -> ast.expr:
        return ast.Tuple([self.expr(scope, i, depth) for i in t.items], ast.Load())

    def e_tuple_concat(self, scope: Scope, t: TupleT, depth: int) -> ast.expr:
        k = self.rng.randint(1, len(t.items) - 1)
        left = self.expr(scope, TupleT(t.items[:k]), depth)
        return ast.BinOp(left, ast.Add(), self.expr(scope, TupleT(t.items[k:]), depth))

    def e_tuple_slice(self, scope: Scope, t: TupleT, depth: int) -> ast.expr:
        if self.chance(0.5):
            whole = TupleT((self.value_type(0), *t.items))
            sl = ast.Slice(ast.Constant(1), None, None)
        else:
            whole = TupleT(t.items[::-1])
            sl = ast.Slice(None, None, constant(-1))
        return ast.Subscript(self.expr(scope, whole, depth), sl, ast.Load())


def _reads_variables(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Name) and n.id not in ("math", "np") for n in ast.walk(node))


def _def(name: str, params: list[str], body: list[ast.stmt]) -> ast.FunctionDef:
    args = ast.arguments([], [ast.arg(p) for p in params], None, [], [], None, [])
    return ast.FunctionDef(name, args, body, [], None, type_params=[])
