"""Expressions: operators, comparisons, ``and``/``or``, conditional expressions,
lambdas, names and attributes; and the expressions myia rejects."""

from __future__ import annotations

import ast

from xdsl.ir import SSAValue

from myia.dialects import ClosureOp, GetAttrOp, IfOp, TupleOp
from myia.errors import MyiaSyntaxError
from myia.frontend import analysis
from myia.frontend.builder import FunctionBuilder
from myia.frontend.calls import grad_op
from myia.frontend.list_syntax import list_comprehension
from myia.frontend.resolve import (
    Builtin,
    Constant,
    GradOf,
    ModuleRef,
    PythonFunction,
    RecordClass,
    Resolved,
    Unsupported,
    resolve_module_attribute,
    resolve_name,
    resolve_object,
)
from myia.frontend.scope import StaticFunction, check_signature

BINARY_OPS: dict[type, str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv",
    ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow", ast.MatMult: "matmul",
    ast.BitAnd: "bitand", ast.BitOr: "bitor", ast.BitXor: "bitxor",
    ast.LShift: "lshift", ast.RShift: "rshift",
}  # fmt: skip


UNARY_OPS: dict[type, str] = {
    ast.USub: "neg", ast.UAdd: "pos", ast.Not: "not", ast.Invert: "invert",
}  # fmt: skip


COMPARE_OPS: dict[type, str] = {
    ast.Eq: "eq", ast.NotEq: "ne", ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt",
    ast.GtE: "ge", ast.Is: "is", ast.IsNot: "is_not",
}  # fmt: skip


REJECTED_EXPRESSIONS: dict[type, str] = {
    ast.JoinedStr: "f-strings are not supported",
    ast.FormattedValue: "f-strings are not supported",
    ast.Yield: "generators (yield) are not supported",
    ast.YieldFrom: "generators (yield from) are not supported",
    ast.Await: "await is not supported",
    ast.NamedExpr: "assignment expressions (:=) are not supported",
    ast.Dict: "dicts are not supported",
    ast.DictComp: "dict comprehensions are not supported",
    ast.Set: "sets are not supported",
    ast.SetComp: "set comprehensions are not supported",
    ast.GeneratorExp: "generator expressions are not supported",
    ast.Starred: "starred expressions (*x) are not supported",
}  # fmt: skip


class ExpressionConverter:
    """Converts expressions; mixed into :class:`Frontend`."""

    def expr(self, b: FunctionBuilder, node: ast.expr) -> SSAValue:
        loc = b.scope.location(node)
        if isinstance(node, ast.Constant):
            return b.const(node.value, node)
        if isinstance(node, ast.Name):
            return b.read_var(node.id, node)
        if isinstance(node, ast.BinOp):
            lhs = self.expr(b, node.left)
            rhs = self.expr(b, node.right)
            return b.prim(BINARY_OPS[type(node.op)], node, lhs, rhs)
        if isinstance(node, ast.UnaryOp):
            if (
                isinstance(node.op, ast.USub)
                and isinstance(node.operand, ast.Constant)
                and type(node.operand.value) in (int, float)
            ):
                return b.const(-node.operand.value, node)
            operand = self.expr(b, node.operand)
            if isinstance(node.op, ast.Not) and operand not in b.bools:
                operand = b.prim("truth", node.operand, operand)
            return b.prim(UNARY_OPS[type(node.op)], node, operand)
        if isinstance(node, ast.Compare):
            return self.compare(b, node)
        if isinstance(node, ast.BoolOp):
            return self.bool_op(b, node, node.values)
        if isinstance(node, ast.IfExp):
            return self.if_exp(b, node)
        if isinstance(node, ast.Tuple):
            return b.add(TupleOp([self.expr(b, e) for e in node.elts]), node)
        if isinstance(node, ast.List):
            for e in node.elts:
                if isinstance(e, ast.Starred):
                    raise MyiaSyntaxError(
                        "starred expressions (*x) are not supported", b.scope.location(e)
                    )
            return b.prim("make_list", node, *[self.expr(b, e) for e in node.elts])
        if isinstance(node, ast.ListComp):
            return list_comprehension(self, b, node)
        if isinstance(node, ast.Subscript):
            value = self.expr(b, node.value)
            index = self.expr(b, node.slice)
            return b.prim("getitem", node, value, index)
        if isinstance(node, ast.Slice):
            parts = [
                self.expr(b, p) if p is not None else b.const(None, node)
                for p in (node.lower, node.upper, node.step)
            ]
            return b.prim("slice", node, *parts)
        if isinstance(node, ast.Attribute):
            return self.attribute(b, node)
        if isinstance(node, ast.Call):
            return self.call(b, node)
        if isinstance(node, ast.Lambda):
            return self.lambda_expr(b, node)
        if type(node) in REJECTED_EXPRESSIONS:
            raise MyiaSyntaxError(REJECTED_EXPRESSIONS[type(node)], loc)
        raise MyiaSyntaxError(f"{type(node).__name__} expressions are not supported", loc)

    def is_simple(self, b: FunctionBuilder, node: ast.expr) -> bool:
        """Whether evaluating ``node`` is free and cannot fail: it can be evaluated
        eagerly where Python would evaluate it lazily."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            binding = b.env.get(node.id)
            return isinstance(binding, SSAValue)
        return False

    def compare(self, b: FunctionBuilder, node: ast.Compare) -> SSAValue:
        left = self.expr(b, node.left)
        return self.compare_chain(b, node, left, list(zip(node.ops, node.comparators)))

    def compare_chain(
        self,
        b: FunctionBuilder,
        node: ast.Compare,
        left: SSAValue,
        chain: list[tuple[ast.cmpop, ast.expr]],
    ) -> SSAValue:
        op, right_node = chain[0]
        right = self.expr(b, right_node)
        result = self.compare_one(b, node, op, left, right)
        if len(chain) == 1:
            return result
        # a < b < c: evaluate `b < c` only when `a < b` holds, and `b` once.
        rest = chain[1:]
        if all(self.is_simple(b, r) for _, r in rest):
            tail = self.compare_chain(b, node, right, rest)
            value = b.prim("select", node, result, tail, result)
            b.bools.add(value)
            return value
        names = self.inputs(b, set().union(*(analysis.read_names(r) for _, r in rest)))
        then = self.new_function(b, "compare_L{line}", node, [*names, ".left"])
        then.bind(".left", then.func.args[-1])
        then.ret(self.compare_chain(then, node, then.func.args[-1], rest), node)
        other = self.new_function(b, "compare_L{line}.false", node, [])
        other.ret(other.const(False, node), node)
        value = b.add(
            IfOp(
                result,
                then.func.sym_name.data,
                [*b.read_vars(names, node), right],
                other.func.sym_name.data,
                [],
            ),
            node,
        )
        b.bools.add(value)
        return value

    def compare_one(
        self, b: FunctionBuilder, node: ast.AST, op: ast.cmpop, left: SSAValue, right: SSAValue
    ) -> SSAValue:
        if isinstance(op, ast.In):
            return b.prim("contains", node, right, left)
        if isinstance(op, ast.NotIn):
            return b.prim("not", node, b.prim("contains", node, right, left))
        return b.prim(COMPARE_OPS[type(op)], node, left, right)

    def bool_op(self, b: FunctionBuilder, node: ast.BoolOp, values: list[ast.expr]) -> SSAValue:
        first = self.expr(b, values[0])
        if len(values) == 1:
            return first
        rest = values[1:]
        is_and = isinstance(node.op, ast.And)
        test = first if first in b.bools else b.prim("truth", values[0], first)
        if all(self.is_simple(b, v) for v in rest):
            other = self.bool_op(b, node, rest)
            result = (
                b.prim("select", node, test, other, first)
                if is_and
                else b.prim("select", node, test, first, other)
            )
            if first in b.bools and other in b.bools:
                b.bools.add(result)
            return result
        names = self.inputs(b, set().union(*(analysis.read_names(v) for v in rest)))
        word = "and" if is_and else "or"
        rhs = self.new_function(b, word + "_L{line}", node, names)
        rhs_value = self.bool_op(rhs, node, rest)
        rhs.ret(rhs_value, node)
        keep = self.new_function(b, word + "_L{line}.short", node, [".value"])
        keep.ret(keep.func.args[0], node)
        rhs_call = (rhs.func.sym_name.data, b.read_vars(names, node))
        keep_call = (keep.func.sym_name.data, [first])
        then, other = (rhs_call, keep_call) if is_and else (keep_call, rhs_call)
        result = b.add(IfOp(test, then[0], then[1], other[0], other[1]), node)
        if first in b.bools and rhs_value in rhs.bools:
            b.bools.add(result)
        return result

    def if_exp(self, b: FunctionBuilder, node: ast.IfExp) -> SSAValue:
        cond = self.condition(b, node.test)
        if self.is_simple(b, node.body) and self.is_simple(b, node.orelse):
            return b.prim("select", node, cond, self.expr(b, node.body), self.expr(b, node.orelse))
        calls = []
        for part, suffix in (
            (node.body, "ifexp_L{line}.then"),
            (node.orelse, "ifexp_L{line}.else"),
        ):
            names = self.inputs(b, analysis.read_names(part))
            fb = self.new_function(b, suffix, part, names)
            fb.ret(self.expr(fb, part), part)
            calls.append((fb.func.sym_name.data, b.read_vars(names, node)))
        return b.add(IfOp(cond, calls[0][0], calls[0][1], calls[1][0], calls[1][1]), node)

    def lambda_expr(self, b: FunctionBuilder, node: ast.Lambda) -> SSAValue:
        check_signature(node, b.scope.source)
        line = b.scope.location(node).line
        symbol = self.unique_symbol(f"{b.scope.symbol}.lambda_L{line}")
        captures = self.inputs(b, {v for v in analysis.free_names(node) if b.scope.is_local(v)})
        static = StaticFunction(symbol, node, captures)  # type: ignore[arg-type]
        self.nested_function(b, node, static)
        return b.closure(static, node)

    def resolve_global(self, b: FunctionBuilder, name: str, node: ast.AST) -> Resolved:
        return resolve_name(name, b.scope.globals, b.scope.cells)

    def materialize(
        self, b: FunctionBuilder, resolved: Resolved, name: str, node: ast.AST
    ) -> SSAValue:
        """A global as a first-class value."""
        loc = b.scope.location(node)
        if isinstance(resolved, Constant):
            return b.const(resolved.value, node)
        if isinstance(resolved, PythonFunction):
            return b.add(ClosureOp(self._request(resolved.fn)), node)
        if isinstance(resolved, GradOf):
            fn = self.materialize(b, resolve_object(resolved.fn, name), name, node)
            return grad_op(b, fn, resolved.argnums, resolved.with_value, node)
        if isinstance(resolved, Builtin):
            if resolved.name.startswith("np."):  # np.float32 as a value (numpy_api)
                return self.numpy_value(b, resolved.name[3:], node)
            return b.add(ClosureOp(self.builtin_wrapper(resolved.name, b, node)), node)
        if isinstance(resolved, Unsupported):
            raise MyiaSyntaxError(resolved.reason, loc)
        if isinstance(resolved, ModuleRef):
            raise MyiaSyntaxError(
                f"the module '{name}' can only be used as `{name}.attribute`", loc
            )
        if isinstance(resolved, RecordClass):
            raise MyiaSyntaxError(f"the class '{name}' can only be called", loc)
        raise MyiaSyntaxError(f"'{name}' cannot be used as a value", loc)

    def static_value(self, b: FunctionBuilder, node: ast.expr) -> Resolved | None:
        """What a dotted global name (``math.sin``, ``mod.CONST``) refers to, if the
        expression is one."""
        if isinstance(node, ast.Name):
            if b.scope.is_local(node.id) or node.id in b.env:
                return None
            return self.resolve_global(b, node.id, node)
        if isinstance(node, ast.Attribute):
            base = self.static_value(b, node.value)
            if isinstance(base, ModuleRef):
                return resolve_module_attribute(base.module, node.attr)
            if base is not None:
                return Unsupported(f"cannot read attribute '{node.attr}' of a global object")
        return None

    def attribute(self, b: FunctionBuilder, node: ast.Attribute) -> SSAValue:
        static = self.static_value(b, node)
        if static is not None:
            return self.materialize(b, static, ast.unparse(node), node)
        obj = self.expr(b, node.value)
        self.note_attribute(b, node.attr, node)  # methods of arrays (numpy_api)
        return b.add(GetAttrOp(obj, node.attr), node)
