"""Gradient rules written by users as myia functions (``myia.register_bprop``).

A user rule is Python code, so using it at a primitive means compiling it for
the types found there: the rule is parsed, inferred on (operands, result,
sensitivity), and its typed functions are linked into the module being
differentiated under fresh names. The rule's code is then ordinary typed IR:
the simplifier inlines it, and higher orders differentiate it.
"""

from __future__ import annotations

import types
from typing import Any, Protocol

from xdsl.dialects.builtin import ModuleOp, StringAttr, TupleType
from xdsl.ir import Attribute, SSAValue

from myia.dialects.ops_call import CallOp
from myia.dialects.ops_function import FuncOp
from myia.dialects.symbols import fresh_symbol
from myia.dialects.types import NoneType
from myia.errors import MyiaTypeError
from myia.passes.symbol_uses import rename_symbols


class PythonCompiler(Protocol):
    """Compiles a Python function for argument types: its typed module (gradients
    expanded) and the symbol of its entry. The API layer gives one (the passes do
    not import the frontend)."""

    def __call__(
        self, fn: types.FunctionType, arg_types: list[Attribute]
    ) -> tuple[ModuleOp, str]: ...


def user_grad_rule(fn: types.FunctionType, compile_function: PythonCompiler) -> Any:
    """The gradient rule (see ``dialects/grad_rules.py``) calling ``fn(*operands,
    out, dout)`` and taking one sensitivity per operand from its result;
    ``compile_function`` compiles ``fn`` for the types at each use."""

    def rule(e, op, args, out, dout):
        arg_types = [*(a.type for a in args), out.type, dout.type]
        symbol, result_type = e.link(fn, arg_types, compile_function)
        if not isinstance(result_type, TupleType) or len(result_type.types) != len(args):
            raise MyiaTypeError(
                f"the gradient rule {fn.__qualname__} of {op.PRIMITIVE.name} must return a "
                f"tuple of {len(args)} sensitivities (one per operand); it returns {result_type}"
            )
        sens = e.emit(CallOp(symbol, [*args, out, dout], result_type))
        grads: list[SSAValue | None] = []
        for i, (arg, t) in enumerate(zip(args, result_type.types.data, strict=True)):
            if isinstance(t, NoneType) or not e.wants[i]:
                grads.append(None)
                continue
            g = e.get(sens, i)
            if t != arg.type:
                g = e.prim("cast", g, result_type=arg.type)
            grads.append(g)
        return grads

    rule.user_function = fn  # type: ignore[attr-defined]
    return rule


def link_functions(typed: ModuleOp, entry: str, used: set[str]) -> tuple[list[FuncOp], str]:
    """The functions of ``typed``, detached and renamed apart from the names in
    ``used`` (which grows), and the new name of ``entry``."""
    funcs = [op for op in typed.ops if isinstance(op, FuncOp)]
    mapping: dict[str, str] = {}
    for func in funcs:
        mapping[func.sym_name.data] = fresh_symbol(func.sym_name.data, used)
    for func in funcs:
        func.detach()
        func.sym_visibility = StringAttr("private")
    rename_symbols(funcs, mapping)
    return funcs, mapping[entry]
