"""Statements: assignments, ``if``, loops, ``return``/``break``/``continue``,
nested ``def``; and the statements myia rejects."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from xdsl.ir import SSAValue

from myia.dialects import CallOp, IfOp, TupleGetOp
from myia.errors import MyiaSyntaxError
from myia.frontend import analysis
from myia.frontend.builder import (
    Exits,
    FunctionBuilder,
    Jump,
    ReturnVariables,
    TailCall,
)
from myia.frontend.expressions import BINARY_OPS, REJECTED_EXPRESSIONS
from myia.frontend.scope import PyScope, StaticFunction, check_signature

REJECTED_STATEMENTS: dict[type, str] = {
    ast.Try: "try statements are not supported: myia programs have no exceptions",
    ast.With: "with statements are not supported: they exist for side effects",
    ast.AsyncWith: "async with is not supported",
    ast.AsyncFor: "async for is not supported",
    ast.AsyncFunctionDef: "async functions are not supported",
    ast.Global: "global statements are not supported: myia functions do not mutate state",
    ast.Nonlocal: "nonlocal statements are not supported: closures capture read-only values",
    ast.Import: "import statements are not supported inside compiled functions",
    ast.ImportFrom: "import statements are not supported inside compiled functions",
    ast.Delete: "del statements are not supported: myia values are immutable",
    ast.Raise: "raise statements are not supported: myia programs have no exceptions",
    ast.Assert: "assert statements are not supported: myia programs have no exceptions",
    ast.ClassDef: "class definitions are not supported inside compiled functions",
    ast.Match: "match statements are not supported",
}  # fmt: skip


if hasattr(ast, "TryStar"):
    REJECTED_STATEMENTS[ast.TryStar] = REJECTED_STATEMENTS[ast.Try]


class StatementConverter:
    """Converts statement lists; mixed into :class:`Frontend`."""

    def block(
        self, b: FunctionBuilder, stmts: Sequence[ast.stmt], exits: Exits, owner: ast.AST
    ) -> None:
        """Emit ``stmts`` and then ``exits.fallthrough``; ``b``'s function is complete
        afterwards."""
        for i, stmt in enumerate(stmts):
            rest = stmts[i + 1 :]
            if isinstance(stmt, ast.Return):
                value = self.expr(b, stmt.value) if stmt.value is not None else b.const(None, stmt)
                b.ret(value, stmt)
                return
            if isinstance(stmt, ast.Break | ast.Continue):
                target = exits.brk if isinstance(stmt, ast.Break) else exits.cont
                if target is None:
                    raise MyiaSyntaxError(
                        f"'{type(stmt).__name__.lower()}' outside a loop", b.scope.location(stmt)
                    )
                target.emit(b, stmt)
                return
            if isinstance(stmt, ast.If):
                if self.if_stmt(b, stmt, rest, exits):
                    return
                continue
            if isinstance(stmt, ast.While | ast.For):
                if self.loop_stmt(b, stmt, rest, exits):
                    return
                continue
            self.simple_stmt(b, stmt)
        last = stmts[-1] if stmts else owner
        exits.fallthrough.emit(b, last)

    def live_after(self, rest: Sequence[ast.stmt], exits: Exits) -> set[str]:
        return analysis.live_in(
            rest,
            set(exits.fallthrough.needs),
            set(exits.brk.needs) if exits.brk else set(),
            set(exits.cont.needs) if exits.cont else set(),
        )

    def continuation(self, b: FunctionBuilder, rest: Sequence[ast.stmt], exits: Exits) -> Jump:
        """A function for the statements after a branching statement, when the
        branches leave by a jump (return, break, continue)."""
        if not rest:
            return exits.fallthrough
        live = self.live_after(rest, exits)
        names = self.inputs(b, live)
        k = self.new_function(b, "after_L{line}", rest[0], names)
        self.block(k, rest, exits, rest[0])
        return TailCall(k.func.sym_name.data, names)

    def condition(self, b: FunctionBuilder, test: ast.expr) -> SSAValue:
        value = self.expr(b, test)
        if value in b.bools:
            return value
        return b.prim("truth", test, value)

    def if_stmt(
        self, b: FunctionBuilder, stmt: ast.If, rest: Sequence[ast.stmt], exits: Exits
    ) -> bool:
        """Emit an ``if``; return True when it ended ``b``'s function."""
        branches = stmt.body + stmt.orelse
        cond = self.condition(b, stmt.test)
        if analysis.has_return(branches) or analysis.has_loop_jump(branches):
            inner = Exits(self.continuation(b, rest, exits), exits.brk, exits.cont)
            result = self.branches(b, stmt, cond, inner, "then_L{line}", "else_L{line}")
            b.ret(result, stmt)
            return True
        live = self.live_after(rest, exits)
        outs = self.inputs(b, analysis.assigned_names(branches) & live)
        outs = [o for o in outs if not isinstance(b.env.get(o), StaticFunction)]
        # Without live outputs the branches are still converted (and checked);
        # the `if` is then dead code that dce removes.
        result = self.branches(
            b, stmt, cond, Exits(ReturnVariables(outs)), "then_L{line}", "else_L{line}"
        )
        self.unpack_variables(b, outs, result, stmt)
        return False

    @staticmethod
    def direct_target(body: Sequence[ast.stmt], exits: Exits) -> TailCall | None:
        """The function to branch to directly, when a branch only jumps to it."""
        if not body:
            jump: Jump | None = exits.fallthrough
        elif len(body) == 1 and isinstance(body[0], ast.Break):
            jump = exits.brk
        elif len(body) == 1 and isinstance(body[0], ast.Continue):
            jump = exits.cont
        else:
            return None
        return jump if isinstance(jump, TailCall) else None

    def branches(
        self,
        b: FunctionBuilder,
        stmt: ast.If,
        cond: SSAValue,
        exits: Exits,
        then_name: str,
        else_name: str,
    ) -> SSAValue:
        calls = []
        for body, suffix, node in (
            (stmt.body, then_name, stmt.body[0] if stmt.body else stmt),
            (stmt.orelse, else_name, stmt.orelse[0] if stmt.orelse else stmt),
        ):
            target = self.direct_target(body, exits)
            if target is not None:
                calls.append((target.symbol, b.read_vars(target.needs, stmt)))
                continue
            live = analysis.live_in(
                body,
                set(exits.fallthrough.needs),
                set(exits.brk.needs) if exits.brk else set(),
                set(exits.cont.needs) if exits.cont else set(),
            )
            names = self.inputs(b, live)
            fb = self.new_function(b, suffix, stmt, names)
            self.block(fb, body, exits, node)
            calls.append((fb.func.sym_name.data, b.read_vars(names, stmt)))
        (then_sym, then_args), (else_sym, else_args) = calls
        return b.add(IfOp(cond, then_sym, then_args, else_sym, else_args), stmt)

    def unpack_variables(
        self, b: FunctionBuilder, names: list[str], value: SSAValue, node: ast.AST
    ) -> None:
        if len(names) == 1:
            b.bind(names[0], value)
            return
        for i, name in enumerate(names):
            b.bind(name, b.add(TupleGetOp(value, i), node))

    def loop_stmt(
        self, b: FunctionBuilder, stmt: ast.While | ast.For, rest: Sequence[ast.stmt], exits: Exits
    ) -> bool:
        """Emit a loop; return True when it ended ``b``'s function."""
        # A break or continue in the else block leaves to the enclosing loop: like a
        # return, it is a jump out of the loop's functions (continuation-passing).
        cps = analysis.has_return(stmt.body + stmt.orelse) or analysis.has_loop_jump(stmt.orelse)
        kind = "while" if isinstance(stmt, ast.While) else "for"
        assigned = analysis.assigned_names(stmt.body + stmt.orelse)
        if isinstance(stmt, ast.For):
            assigned |= analysis.target_names(stmt.target)
        if cps:
            after: Jump = self.continuation(b, rest, exits)
        else:
            # The loop returns what it assigns that is live after it; the rest of
            # what is live stays in the enclosing function.
            outs = [
                n
                for n in self.inputs(b, assigned & self.live_after(rest, exits))
                if not isinstance(b.env.get(n), StaticFunction)
            ]
            after = ReturnVariables(outs)
        header_live = analysis.loop_header_live(
            stmt,
            set(after.needs),
            set(exits.brk.needs) if exits.brk else set(),
            set(exits.cont.needs) if exits.cont else set(),
        )
        carried = [
            n
            for n in self.inputs(b, header_live & assigned)
            if not isinstance(b.env.get(n), StaticFunction)
        ]
        invariants = [n for n in self.inputs(b, header_live) if n not in carried]
        it = f".it{id(stmt)}"
        iterator = [it] if isinstance(stmt, ast.For) else []

        # The header: test the condition, then run the body or leave.
        h = self.new_function(b, kind + "_L{line}", stmt, invariants, [*iterator, *carried])
        header_sym = h.func.sym_name.data
        again = TailCall(header_sym, [*invariants, *iterator, *carried])
        if isinstance(stmt, ast.While):
            cond = self.condition(h, stmt.test)
        else:
            cond = h.prim("hasnext", stmt.iter, h.env[it])  # type: ignore[arg-type]
        body_live = analysis.live_in(
            stmt.body, set(again.needs), set(after.needs), set(again.needs)
        )
        if isinstance(stmt, ast.For):
            body_live = (body_live - analysis.target_names(stmt.target)) | {it}
        body_names = self.inputs(h, body_live)
        body = self.new_function(h, f"@{header_sym}.body", stmt, body_names)
        if isinstance(stmt, ast.For):
            pair = body.prim("next", stmt.iter, body.env[it])  # type: ignore[arg-type]
            element = body.add(TupleGetOp(pair, 0), stmt.target)
            body.bind(it, body.add(TupleGetOp(pair, 1), stmt.iter))
            self.assign(body, stmt.target, element)
        self.block(body, stmt.body, Exits(again, after, again), stmt)
        else_exits = Exits(after, exits.brk, exits.cont)
        leave_target = self.direct_target(stmt.orelse, else_exits)
        if leave_target is not None:
            leave_sym, exit_names = leave_target.symbol, leave_target.needs
        else:
            exit_live = self.live_after(stmt.orelse, else_exits)
            exit_names = self.inputs(h, exit_live)
            leave = self.new_function(h, f"@{header_sym}.exit", stmt, exit_names)
            self.block(leave, stmt.orelse, else_exits, stmt)
            leave_sym = leave.func.sym_name.data
        result = h.add(
            IfOp(
                cond,
                body.func.sym_name.data,
                h.read_vars(body_names, stmt),
                leave_sym,
                h.read_vars(exit_names, stmt),
            ),
            stmt,
        )
        h.ret(result, stmt)

        # Enter the loop.
        if isinstance(stmt, ast.For):
            seq = self.expr(b, stmt.iter)
            b.bind(it, b.prim("iter", stmt.iter, seq))
        entry = b.add(CallOp(header_sym, b.read_vars(again.needs, stmt)), stmt)
        if isinstance(stmt, ast.For):
            del b.env[it]
        if cps:
            b.ret(entry, stmt)
            return True
        self.unpack_variables(b, outs, entry, stmt)  # type: ignore[arg-type]
        return False

    def simple_stmt(self, b: FunctionBuilder, stmt: ast.stmt) -> None:
        loc = b.scope.location(stmt)
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                check_target(t, b.scope)
            target = stmt.targets[0]
            if (
                isinstance(stmt.value, ast.Lambda)
                and isinstance(target, ast.Name)
                and (static := b.scope.statics.get(target.id)) is not None
                and static.node is stmt.value
            ):
                # `name = lambda ...` bound once: a static function, like a def.
                check_signature(stmt.value, b.scope.source)
                if static.scope is None:
                    self.nested_function(b, stmt.value, static)
                return
            if (
                len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Tuple)
                and isinstance(stmt.value, ast.Tuple)
                and len(stmt.targets[0].elts) == len(stmt.value.elts)
                and not any(isinstance(e, ast.Starred) for e in stmt.value.elts)
            ):
                # a, b = b, a: evaluate every value, then bind (no tuple built).
                values = [self.expr(b, e) for e in stmt.value.elts]
                for target, value in zip(stmt.targets[0].elts, values, strict=True):
                    self.assign(b, target, value)
                return
            value = self.expr(b, stmt.value)
            for t in stmt.targets:
                self.assign(b, t, value)
        elif isinstance(stmt, ast.AugAssign):
            check_target(stmt.target, b.scope)
            if not isinstance(stmt.target, ast.Name):
                raise MyiaSyntaxError("augmented assignment is only supported on variables", loc)
            current = b.read_var(stmt.target.id, stmt.target)
            value = self.expr(b, stmt.value)
            self.assign(b, stmt.target, b.prim(BINARY_OPS[type(stmt.op)], stmt, current, value))
        elif isinstance(stmt, ast.AnnAssign):
            check_target(stmt.target, b.scope)
            if stmt.value is not None:
                self.assign(b, stmt.target, self.expr(b, stmt.value))
        elif isinstance(stmt, ast.FunctionDef):
            self.def_stmt(b, stmt)
        elif isinstance(stmt, ast.Expr):
            if isinstance(stmt.value, ast.Constant):
                return  # a docstring, or `...`
            if type(stmt.value) in REJECTED_EXPRESSIONS:
                raise MyiaSyntaxError(REJECTED_EXPRESSIONS[type(stmt.value)], loc)
            if isinstance(stmt.value, ast.Call):
                raise MyiaSyntaxError(
                    "a call whose result is unused is kept only for its side effects, "
                    "which myia does not allow",
                    b.scope.location(stmt.value),
                )
            raise MyiaSyntaxError("this expression's value is unused", loc)
        elif isinstance(stmt, ast.Pass):
            return
        elif type(stmt) in REJECTED_STATEMENTS:
            raise MyiaSyntaxError(REJECTED_STATEMENTS[type(stmt)], loc)
        else:
            raise MyiaSyntaxError(f"{type(stmt).__name__} statements are not supported", loc)

    def assign(self, b: FunctionBuilder, target: ast.expr, value: SSAValue) -> None:
        if isinstance(target, ast.Name):
            b.bind(target.id, value)
        elif isinstance(target, ast.Tuple | ast.List):
            for i, elt in enumerate(target.elts):
                self.assign(b, elt, b.add(TupleGetOp(value, i), elt))
        else:
            check_target(target, b.scope)

    def def_stmt(self, b: FunctionBuilder, stmt: ast.FunctionDef) -> None:
        loc = b.scope.location(stmt)
        if stmt.decorator_list:
            raise MyiaSyntaxError(
                "decorators on nested functions are not supported",
                b.scope.location(stmt.decorator_list[0]),
            )
        check_signature(stmt, b.scope.source)
        static = b.scope.statics.get(stmt.name)
        if static is None:
            symbol = self.unique_symbol(f"{b.scope.symbol}.{stmt.name}")
            captures = self.inputs(b, {v for v in analysis.free_names(stmt) if b.scope.is_local(v)})
            static = StaticFunction(symbol, stmt, captures)
            self.nested_function(b, stmt, static)
            b.bind(stmt.name, b.closure(static, stmt))
            return
        if static.scope is None:
            self.nested_function(b, stmt, static)
        del loc

    def nested_function(
        self, b: FunctionBuilder, node: ast.FunctionDef | ast.Lambda, static: StaticFunction
    ) -> None:
        scope = self._nested_scope(b, node, static.symbol)
        static.scope = scope
        self._convert_function(scope, node, static.captures, private=True)


def check_target(target: ast.expr, scope: PyScope) -> None:
    loc = scope.location(target)
    if isinstance(target, ast.Name):
        return
    if isinstance(target, ast.Tuple | ast.List):
        for elt in target.elts:
            check_target(elt, scope)
        return
    if isinstance(target, ast.Subscript):
        raise MyiaSyntaxError("item assignment is not supported: myia values are immutable", loc)
    if isinstance(target, ast.Attribute):
        raise MyiaSyntaxError(
            "attribute assignment is not supported: myia values are immutable", loc
        )
    if isinstance(target, ast.Starred):
        raise MyiaSyntaxError("starred assignment (*x) is not supported", loc)
    raise MyiaSyntaxError(f"cannot assign to {type(target).__name__}", loc)
