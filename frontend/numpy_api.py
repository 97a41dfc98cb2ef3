"""The numpy API in compiled code: which numpy functions are primitives, and how
their calls become ops (reductions take their ``axis`` and ``keepdims`` as
constant operands)."""

from __future__ import annotations

import ast

from xdsl.ir import SSAValue

from myia.errors import MyiaSyntaxError, MyiaTypeError
from myia.frontend.builder import FunctionBuilder

NUMPY_ELEMENTWISE = {
    "exp": "exp", "log": "log", "tanh": "tanh", "sin": "sin", "cos": "cos", "tan": "tan",
    "sqrt": "sqrt", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
    "sinh": "sinh", "cosh": "cosh", "arcsinh": "asinh", "arccosh": "acosh",
    "arctanh": "atanh", "expm1": "expm1", "log1p": "log1p", "log2": "log2",
    "log10": "log10", "floor": "floor", "ceil": "ceil", "trunc": "trunc",
    "fabs": "fabs", "abs": "abs", "absolute": "abs", "negative": "neg",
    "isnan": "isnan", "isinf": "isinf", "isfinite": "isfinite", "degrees": "degrees",
    "radians": "radians", "arctan2": "atan2", "hypot": "hypot", "copysign": "copysign",
    "fmod": "fmod", "add": "add", "subtract": "sub", "multiply": "mul",
    "divide": "truediv", "true_divide": "truediv", "floor_divide": "floordiv",
    "power": "pow", "maximum": "max", "minimum": "min", "dot": "matmul",
    "matmul": "matmul", "equal": "eq", "not_equal": "ne", "less": "lt",
    "less_equal": "le", "greater": "gt", "greater_equal": "ge",
}  # fmt: skip
"""numpy functions that are one primitive (numpy name -> primitive)."""

NUMPY_REDUCTIONS = {"np.sum", "np.mean"}


class NumpyConverter:
    """Converts calls of numpy functions; mixed into :class:`Frontend`."""

    def call_reduction(self, b: FunctionBuilder, name: str, node: ast.Call) -> SSAValue:
        """``np.sum(x, axis=None, keepdims=False)`` and its kin: one primitive whose
        axis and keepdims operands must be constants."""
        params = ["a", "axis", "keepdims"]
        values: dict[str, SSAValue] = {}
        loc = b.scope.location(node)
        if len(node.args) > len(params):
            raise MyiaTypeError(f"numpy.{name}() takes at most 3 arguments here", loc)
        for pname, arg in zip(params, node.args):
            values[pname] = self.expr(b, arg)
        for kw in node.keywords:
            if kw.arg not in params or kw.arg in values:
                raise MyiaTypeError(f"numpy.{name}() got an unexpected keyword argument '{kw.arg}'", loc)
            values[kw.arg] = self.expr(b, kw.value)
        if "a" not in values:
            raise MyiaTypeError(f"numpy.{name}() missing required argument 'a'", loc)
        axis = values.get("axis") or b.const(None, node)
        keepdims = values.get("keepdims") or b.const(False, node)
        return b.prim(name, node, values["a"], axis, keepdims)

    def call_numpy(self, b: FunctionBuilder, name: str, node: ast.Call) -> SSAValue:
        """A call of ``numpy.<name>``."""
        from myia.dialects import PRIMITIVES

        if f"np.{name}" in NUMPY_REDUCTIONS:
            return self.call_reduction(b, name, node)
        if node.keywords:
            raise MyiaSyntaxError(
                f"numpy.{name}() takes no keyword arguments here", b.scope.location(node.keywords[0])
            )
        args = [self.expr(b, a) for a in node.args]  # type: ignore[attr-defined]

        prim = NUMPY_ELEMENTWISE.get(name)
        if prim is None:
            raise MyiaSyntaxError(f"numpy.{name} is not supported yet", b.scope.location(node))
        arity = PRIMITIVES[prim].arity
        if isinstance(arity, int) and len(args) != arity:
            raise MyiaTypeError(
                f"numpy.{name}() takes {arity} argument(s), got {len(args)}", b.scope.location(node)
            )
        return b.prim(prim, node, *args)
