"""``myia-opt``'s Python input: the entry's parameter types, from its annotations.

``def f(x: float, n: int)`` read with ``--entry f`` gives ``myia-infer`` (and
``myia-jit``) the arguments ``args=float,int`` when the pipeline gives none, so
that ``myia-opt prog.py --entry f -p myia-infer`` needs no ``args=``. An
annotation means what ``myia.jit`` would see when called with such a value:

* ``float``, ``int``, ``bool``: a Python scalar (``args=float``: f64, i64 or i1,
  weak as Python's scalars are: ``x * np.float32(2)`` is an ``f32``);
* a numpy scalar type (``np.float32``, ``np.int64``, ``np.bool_``): that scalar;
* a string holding an IR type: ``"tensor<3xf64>"``, ``"tensor<?x4xf32>"`` (arrays
  have no other spelling: ``np.ndarray`` says neither dtype nor rank),
  ``"tuple<f64, i64>"``, ``"f32"``;
* ``tuple[float, int]`` and dataclasses (whose fields are annotated the same
  way): their IR types, whose scalars are numpy's (``float`` is ``f64``: IR
  types have no spelling for Python's weak scalars inside a tuple or record).

With ``from __future__ import annotations`` annotations are strings: they are
evaluated in the function's module first, and read as IR types if that fails.
A parameter without an annotation, or with one that means no type, is a
:class:`MyiaError` naming the parameter at its ``file:line:col``. (``myia-opt``
imports this module only for Python input.)
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
import types
import typing
from typing import Any

import numpy as np
from xdsl.context import Context
from xdsl.parser import Parser

from myia.dialects.abstract import scalar_type
from myia.dialects.record_classes import record_class_name
from myia.errors import MyiaError, SourceLocation

PYTHON_SCALARS = {float: "float", int: "int", bool: "bool"}
"""Annotations that mean a Python scalar, and their spelling in ``args=``."""

INNER_SCALARS = {float: "f64", int: "i64", bool: "i1"}
"""The IR types of Python scalars inside tuples and records."""


class AnnotationError(MyiaError):
    """An entry parameter whose annotation gives no type."""


def annotated_args(fn: types.FunctionType, ctx: Context) -> tuple[str, ...]:
    """The ``args=`` spelling of ``fn``'s parameter types, from its annotations."""
    signature = inspect.signature(fn)
    out = []
    for param in signature.parameters.values():
        where = _parameter_location(fn, param.name)
        if param.kind not in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            raise AnnotationError(
                f"parameter '{param.name}' of {fn.__name__}: an entry takes positional "
                "parameters only",
                where,
            )
        if param.annotation is inspect.Parameter.empty:
            raise AnnotationError(
                f"parameter '{param.name}' of {fn.__name__} has no type annotation: annotate it "
                f'({param.name}: float, or an IR type such as {param.name}: "tensor<3xf64>") '
                f"or give myia-infer{{args=...}}",
                where,
            )
        try:
            out.append(_spelling(param.annotation, fn, ctx, top=True))
        except _NoType as exc:
            raise AnnotationError(
                f"parameter '{param.name}' of {fn.__name__}: the annotation {exc} "
                "(see docs/user_guide.md, myia-opt's Python input)",
                where,
            ) from None
    return tuple(out)


class _NoType(Exception):
    """An annotation that means no myia type (the message says why)."""


def _spelling(annotation: Any, fn: types.FunctionType, ctx: Context, top: bool) -> str:
    if isinstance(annotation, str):
        text = annotation.strip()
        if top and text in ("float", "int", "bool"):
            return text
        try:
            value = eval(text, fn.__globals__)  # a string from `from __future__ import annotations`
        except Exception:
            return _ir_type(text, ctx)
        if isinstance(value, str):
            return _ir_type(value, ctx)
        return _spelling(value, fn, ctx, top)
    if annotation in PYTHON_SCALARS:
        return PYTHON_SCALARS[annotation] if top else INNER_SCALARS[annotation]
    if isinstance(annotation, type) and issubclass(annotation, np.generic):
        try:
            return str(scalar_type(np.dtype(annotation).name))
        except TypeError:
            raise _NoType(f"{annotation.__name__} is not a numpy type myia supports") from None
    if typing.get_origin(annotation) is tuple:
        elements = typing.get_args(annotation)
        if Ellipsis in elements:
            raise _NoType(f"{_name(annotation)} has no fixed length")
        return f"tuple<{', '.join(_spelling(e, fn, ctx, False) for e in elements)}>"
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _record(annotation, fn, ctx)
    if annotation is np.ndarray or typing.get_origin(annotation) is np.ndarray:
        raise _NoType(
            f"{_name(annotation)} gives no rank: annotate arrays with their IR type, "
            'e.g. "tensor<3xf64>" or "tensor<?x?xf32>"'
        )
    raise _NoType(f"{_name(annotation)} is not a type myia-infer knows")


def _record(cls: type, fn: types.FunctionType, ctx: Context) -> str:
    hints = typing.get_type_hints(cls)
    fields = ", ".join(
        f"{f.name}: {_spelling(hints.get(f.name, f.type), fn, ctx, False)}"
        for f in dataclasses.fields(cls)
    )
    return f'!myia.record<"{record_class_name(cls)}", {fields}>'


def _ir_type(text: str, ctx: Context) -> str:
    try:
        parser = Parser(ctx, text)
        parser.parse_type()
        if parser.pos < len(text):
            raise ValueError(f"unexpected {text[parser.pos :]!r} after the type")
    except Exception as exc:
        message = getattr(exc, "msg", None) or str(exc).split("\n")[0]
        raise _NoType(f"{text!r} is neither a Python type nor an IR type ({message})") from None
    return text


def _name(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or repr(annotation)


def _parameter_location(fn: types.FunctionType, name: str) -> SourceLocation | None:
    """Where ``fn``'s parameter ``name`` is written (else where ``fn`` is)."""
    filename = fn.__code__.co_filename
    try:
        lines, first = inspect.getsourcelines(fn)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return SourceLocation(filename, fn.__code__.co_firstlineno)
    indent = len(lines[0]) - len(lines[0].lstrip())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                if arg.arg == name:
                    return SourceLocation(filename, first + arg.lineno - 1, arg.col_offset + indent)
            for arg in (arguments.vararg, arguments.kwarg):
                if arg is not None and arg.arg == name:
                    return SourceLocation(filename, first + arg.lineno - 1, arg.col_offset + indent)
            return SourceLocation(filename, first + node.lineno - 1, node.col_offset + indent)
    return SourceLocation(filename, fn.__code__.co_firstlineno)
