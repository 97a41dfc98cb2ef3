"""The numpy API in compiled code: which numpy functions (and array methods) myia
supports, and how their calls become primitives.

* Elementwise functions (``np.exp``, ``np.maximum``...) are one primitive each
  (:data:`NUMPY_ELEMENTWISE`).
* The other functions (:data:`NUMPY_FUNCTIONS`) bind their arguments as numpy
  does (positions, keywords, defaults) and emit the primitives of
  :mod:`myia.dialects.prims_array`. Their static arguments (``axis``,
  ``keepdims``, ``shape``, ``dtype``) are ordinary operands whose value
  inference must know.
* A dtype (``np.float32``, ``float``, ``"float32"``, ``x.dtype``) is a string
  constant in myia: ``np.float32`` used as a value is ``"float32"``, and called,
  ``np.float32(0.1)`` is a strong constant (or a conversion, ``astype``).
* Methods of arrays (``x.sum(axis=1)``, ``x.reshape(2, -1)``...) are small
  functions ``@ndarray.<name>`` that the frontend adds to the module the first
  time a program reads an attribute of that name (:meth:`NumpyConverter.note_attribute`).
  Inference binds them to arrays like dataclass methods (``myia.getattr`` then
  ``myia.apply``); they are marked ``myia.hidden``, so that compile-time
  tracebacks show the user's call rather than their frame.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import numpy as np
from xdsl.dialects.builtin import UnitAttr
from xdsl.ir import SSAValue

from myia.dialects import PRIMITIVES, ConstOp, FuncOp, GetAttrOp, ReturnOp, TupleOp, prim_op
from myia.dialects.prims_array import METHOD_SYMBOL_PREFIX
from myia.dialects.prims_math import NUMPY_MATH
from myia.errors import MyiaSyntaxError, MyiaTypeError
from myia.frontend.builder import FunctionBuilder, constant_attr
from myia.frontend.resolved import Builtin, Constant

NUMPY_ELEMENTWISE = {
    **NUMPY_MATH,
    "abs": "abs", "absolute": "abs", "negative": "neg",
    "add": "add", "subtract": "sub", "multiply": "mul",
    "divide": "truediv", "true_divide": "truediv", "floor_divide": "floordiv",
    "power": "pow", "maximum": "max", "minimum": "min", "dot": "dot",
    "matmul": "matmul", "equal": "eq", "not_equal": "ne", "less": "lt",
    "less_equal": "le", "greater": "gt", "greater_equal": "ge", "sign": "sign",
    "remainder": "mod", "mod": "mod", "positive": "pos",
    "bitwise_and": "bitand", "bitwise_or": "bitor", "bitwise_xor": "bitxor",
    "invert": "invert", "bitwise_not": "invert",
}  # fmt: skip
"""numpy functions that are one primitive (numpy name -> primitive); their ops are
marked ``numpy`` (numpy's semantics and numpy scalars, on Python scalars too)."""

NUMPY_UFUNCS: dict[str, Any] = {
    prim: getattr(np, name)
    for name, prim in reversed(NUMPY_ELEMENTWISE.items())
    if prim not in ("matmul", "dot")  # (their primitives' own implementations)
}
"""The numpy function of the primitives of :data:`NUMPY_ELEMENTWISE` (what the
untyped interpreter runs for an op marked ``numpy``)."""

DTYPES = {
    "float16": "float16", "float32": "float32", "float64": "float64", "double": "float64",
    "single": "float32", "half": "float16", "int8": "int8", "int16": "int16",
    "int32": "int32", "int64": "int64", "uint8": "uint8", "uint16": "uint16",
    "uint32": "uint32", "uint64": "uint64", "bool_": "bool", "bool": "bool",
    "intp": "int64",
}  # fmt: skip
"""numpy scalar types: dtypes as values, numpy scalars (or conversions) when called."""

PYTHON_DTYPES = {"float": "float64", "int": "int64", "bool": "bool"}

NUMPY_CONSTANTS = {"newaxis": None}

_NONE: Any = object()
"""A parameter default that the converter fills itself."""

Params = tuple[tuple[str, Any], ...]
"""(name, default) pairs; a default of ``REQUIRED`` marks a required parameter."""

REQUIRED: Any = object()


def _p(*names: str, **defaults: Any) -> Params:
    return tuple((n, REQUIRED) for n in names) + tuple(defaults.items())


NUMPY_FUNCTIONS: dict[str, Params] = {
    "sum": _p("a", axis=None, dtype=None, keepdims=False),
    "prod": _p("a", axis=None, dtype=None, keepdims=False),
    "mean": _p("a", axis=None, dtype=None, keepdims=False),
    "argmax": _p("a", axis=None, keepdims=False),
    "argmin": _p("a", axis=None, keepdims=False),
    "any": _p("a", axis=None, keepdims=False),
    "all": _p("a", axis=None, keepdims=False),
    "max": _p("a", axis=None, keepdims=False),
    "amax": _p("a", axis=None, keepdims=False),
    "min": _p("a", axis=None, keepdims=False),
    "amin": _p("a", axis=None, keepdims=False),
    "where": _p("condition", "x", "y"),
    "clip": _p("a", a_min=_NONE, a_max=_NONE, min=_NONE, max=_NONE),
    "transpose": _p("a", axes=None),
    "reshape": _p("a", shape=_NONE, newshape=_NONE),
    "broadcast_to": _p("array", "shape"),
    "expand_dims": _p("a", "axis"),
    "squeeze": _p("a", axis=None),
    "concatenate": _p("arrays", axis=0),
    "stack": _p("arrays", axis=0),
    "zeros": _p("shape", dtype=None),
    "ones": _p("shape", dtype=None),
    "empty": _p("shape", dtype=None),
    "full": _p("shape", "fill_value", dtype=None),
    "zeros_like": _p("a", dtype=None),
    "ones_like": _p("a", dtype=None),
    "empty_like": _p("a", dtype=None),
    "full_like": _p("a", "fill_value", dtype=None),
    "square": _p("x"),
    "astype": _p("x", "dtype"),
    "logical_not": _p("x"),
}
"""numpy functions that bind their arguments (name -> parameters)."""

REDUCTION_PRIMS = {"sum": "sum", "prod": "prod", "mean": "mean", "max": "amax", "amax": "amax",
                   "min": "amin", "amin": "amin"}  # fmt: skip
DTYPE_PARAMS = {"dtype"}
TUPLE_PARAMS = {"arrays"}
"""Parameters that take a sequence: a list literal is read as a tuple."""


def is_numpy_name(attr: str) -> bool:
    """Whether ``numpy.<attr>`` is something myia supports (for the resolver)."""
    return attr in NUMPY_ELEMENTWISE or attr in NUMPY_FUNCTIONS or attr in DTYPES


def numpy_constant(attr: str) -> tuple[bool, Any]:
    """``(True, value)`` for numpy's constants other than floats (``np.newaxis``)."""
    if attr in NUMPY_CONSTANTS:
        return True, NUMPY_CONSTANTS[attr]
    return False, None


# ---------------------------------------------------------------------------
# Methods of arrays


def _method(params: Params, body: Callable[..., Any]) -> tuple[Params, Callable[..., Any]]:
    return params, body


def _reduce_body(prim: str) -> Callable[..., Any]:
    def body(
        e: _Emitter,
        self: SSAValue,
        axis: SSAValue,
        keepdims: SSAValue,
        dtype: SSAValue | None = None,
    ) -> SSAValue:
        if dtype is not None:
            self = e.prim("astype", self, dtype)
        return e.prim(prim, self, axis, keepdims)

    return body


def _varargs(n: int) -> Params:
    return (("s0", REQUIRED),) + tuple((f"s{i}", None) for i in range(1, n))


def _optional_varargs(n: int) -> Params:
    return tuple((f"s{i}", None) for i in range(n))


ARRAY_METHODS: dict[str, tuple[Params, Callable[..., Any]]] = {
    "sum": _method(
        _p(axis=None, dtype=None, keepdims=False),
        lambda e, s, axis, dtype, keepdims: _reduce_body("sum")(e, s, axis, keepdims, dtype),
    ),
    "prod": _method(
        _p(axis=None, dtype=None, keepdims=False),
        lambda e, s, axis, dtype, keepdims: _reduce_body("prod")(e, s, axis, keepdims, dtype),
    ),
    "mean": _method(
        _p(axis=None, dtype=None, keepdims=False),
        lambda e, s, axis, dtype, keepdims: _reduce_body("mean")(e, s, axis, keepdims, dtype),
    ),
    "max": _method(_p(axis=None, keepdims=False), _reduce_body("amax")),
    "argmax": _method(
        _p(axis=None, keepdims=False),
        lambda e, s, axis, keepdims: e.prim("argmax", s, axis, keepdims),
    ),
    "argmin": _method(
        _p(axis=None, keepdims=False),
        lambda e, s, axis, keepdims: e.prim("argmin", s, axis, keepdims),
    ),
    "any": _method(
        _p(axis=None, keepdims=False),
        lambda e, s, axis, keepdims: e.prim(
            "amax", e.prim("astype", s, e.const("bool")), axis, keepdims
        ),
    ),
    "all": _method(
        _p(axis=None, keepdims=False),
        lambda e, s, axis, keepdims: e.prim(
            "amin", e.prim("astype", s, e.const("bool")), axis, keepdims
        ),
    ),
    "min": _method(_p(axis=None, keepdims=False), _reduce_body("amin")),
    "reshape": _method(
        _varargs(6), lambda e, s, *shape: e.prim("reshape", s, e.prim("shape_args", *shape))
    ),
    "transpose": _method(
        _optional_varargs(6),
        lambda e, s, *axes: e.prim("transpose", s, e.prim("shape_args", *axes)),
    ),
    "astype": _method(_p("dtype"), lambda e, s, dtype: e.prim("astype", s, dtype)),
    "dot": _method(_p("b"), lambda e, s, other: e.prim("dot", s, other)),
    "copy": _method((), lambda e, s: s),
    "flatten": _method((), lambda e, s: e.prim("reshape", s, e.tuple(e.const(-1)))),
    "ravel": _method((), lambda e, s: e.prim("reshape", s, e.tuple(e.const(-1)))),
    "clip": _method(_p(min=None, max=None), lambda e, s, lo, hi: e.prim("clip", s, lo, hi)),
    "squeeze": _method(_p(axis=None), lambda e, s, axis: e.prim("squeeze", s, axis)),
}
"""Methods of arrays: name -> (parameters after ``self``, body)."""


class _Emitter:
    """Builds the body of a method function."""

    def __init__(self, func: Any, location: Any):
        self.func = func
        self.location = location

    def add(self, op: Any) -> SSAValue:
        op.location = self.location
        self.func.entry.add_op(op)
        return op.results[0]

    def prim(self, name: str, *args: SSAValue) -> SSAValue:
        return self.add(prim_op(name, *args))

    def const(self, value: Any) -> SSAValue:
        return self.add(ConstOp(constant_attr(value, None, None)))  # type: ignore[arg-type]

    def tuple(self, *values: SSAValue) -> SSAValue:
        return self.add(TupleOp(list(values)))


def method_function(name: str, location: Any) -> Any:
    """The function ``@ndarray.<name>`` (a method of arrays)."""
    params, body = ARRAY_METHODS[name]
    names = [p for p, _ in params]
    defaults = [d for _, d in params if d is not REQUIRED]
    func = FuncOp(
        METHOD_SYMBOL_PREFIX + name,
        ["self", *names],
        0,
        private=True,
        defaults=[constant_attr(d, None, None) for d in defaults],  # type: ignore[arg-type]
    )
    func.location = location
    func.attributes["myia.hidden"] = UnitAttr()
    e = _Emitter(func, location)
    result = body(e, *func.args)
    ret = ReturnOp(result)
    ret.location = location
    func.entry.add_op(ret)
    return func


# ---------------------------------------------------------------------------
# The converter


class NumpyConverter:
    """Converts calls of numpy functions; mixed into :class:`Frontend`."""

    def note_attribute(self, b: FunctionBuilder, name: str, node: ast.AST) -> None:
        """A program reads the attribute ``name`` of some value: if arrays have a
        method of that name, make sure the module has it."""
        if name not in ARRAY_METHODS:
            return

        symbol = METHOD_SYMBOL_PREFIX + name
        methods = self.__dict__.setdefault("_array_methods", set())
        if symbol in methods:
            return
        methods.add(symbol)
        self.module.body.block.add_op(method_function(name, b.scope.location(node).to_attr()))  # type: ignore[attr-defined]

    def numpy_value(self, b: FunctionBuilder, name: str, node: ast.AST) -> SSAValue:
        """``numpy.<name>`` used as a value (not called): a dtype is its name."""
        if name in DTYPES:
            return b.const(DTYPES[name], node)
        raise MyiaSyntaxError(
            f"numpy.{name} can only be called (myia cannot pass it as a value yet)",
            b.scope.location(node),
        )

    def dtype_expr(self, b: FunctionBuilder, node: ast.expr) -> SSAValue:
        """A dtype argument: ``np.float32``, ``float``, ``"float32"``, ``x.dtype``."""
        static = self.static_value(b, node)  # type: ignore[attr-defined]
        if isinstance(static, Builtin):
            name = static.name.removeprefix("np.")
            if name in DTYPES:
                return b.const(DTYPES[name], node)
            if name in PYTHON_DTYPES:
                return b.const(PYTHON_DTYPES[name], node)
        if isinstance(static, Constant) and isinstance(static.value, str):
            try:
                return b.const(np.dtype(static.value).name, node)
            except TypeError:
                raise MyiaTypeError(
                    f"data type {static.value!r} not understood", b.scope.location(node)
                ) from None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                return b.const(np.dtype(node.value).name, node)
            except TypeError:
                raise MyiaTypeError(
                    f"data type {node.value!r} not understood", b.scope.location(node)
                ) from None
        return self.expr(b, node)  # type: ignore[attr-defined]

    def bind_numpy(
        self, b: FunctionBuilder, name: str, node: ast.Call, params: Params
    ) -> dict[str, Any]:
        """Bind a call's arguments to ``params`` as Python would; missing ones get
        their default (a Python value, or ``_NONE``)."""
        loc = b.scope.location(node)
        names = [p for p, _ in params]
        if len(node.args) > len(params):
            raise MyiaTypeError(f"numpy.{name}() takes at most {len(params)} argument(s) here", loc)
        nodes: dict[str, ast.expr] = dict(zip(names, node.args))
        for kw in node.keywords:
            if kw.arg not in names:
                raise MyiaTypeError(
                    f"numpy.{name}() got an unexpected keyword argument '{kw.arg}'", loc
                )
            if kw.arg in nodes:
                raise MyiaTypeError(
                    f"numpy.{name}() got multiple values for argument '{kw.arg}'", loc
                )
            nodes[kw.arg] = kw.value  # type: ignore[index]
        values: dict[str, Any] = {}
        for pname, default in params:
            arg = nodes.get(pname)
            if arg is None:
                if default is REQUIRED:
                    raise MyiaTypeError(f"numpy.{name}() missing required argument '{pname}'", loc)
                values[pname] = default
            elif pname in DTYPE_PARAMS:
                values[pname] = self.dtype_expr(b, arg)
            elif pname in TUPLE_PARAMS and isinstance(arg, ast.List):
                values[pname] = self.expr(
                    b, ast.copy_location(ast.Tuple(arg.elts, ast.Load()), arg)
                )  # type: ignore[attr-defined]
            else:
                values[pname] = self.expr(b, arg)  # type: ignore[attr-defined]
        return values

    def call_numpy(self, b: FunctionBuilder, name: str, node: ast.Call) -> SSAValue:
        """A call of ``numpy.<name>``."""
        loc = b.scope.location(node)
        if name in DTYPES:
            return self.call_dtype(b, DTYPES[name], node)
        if name in NUMPY_FUNCTIONS:
            values = self.bind_numpy(b, name, node, NUMPY_FUNCTIONS[name])

            def value(pname: str, default: Any = None) -> SSAValue:
                v = values[pname]
                if isinstance(v, SSAValue):
                    return v
                return b.const(default if v is _NONE else v, node)

            return self.emit_numpy(b, name, node, values, value)
        prim = NUMPY_ELEMENTWISE.get(name)
        if prim is None:
            raise MyiaSyntaxError(f"numpy.{name} is not supported yet", loc)
        if node.keywords:
            raise MyiaSyntaxError(
                f"numpy.{name}() takes no keyword arguments here",
                b.scope.location(node.keywords[0]),
            )
        args = [self.expr(b, a) for a in node.args]  # type: ignore[attr-defined]
        arity = PRIMITIVES[prim].arity
        if isinstance(arity, int) and len(args) != arity:
            raise MyiaTypeError(f"numpy.{name}() takes {arity} argument(s), got {len(args)}", loc)
        return b.prim(prim, node, *args, numpy=True)

    def call_dtype(self, b: FunctionBuilder, dtype: str, node: ast.Call) -> SSAValue:
        """``np.float32(x)``: a strong constant for a literal, else a conversion."""
        loc = b.scope.location(node)
        if node.keywords or len(node.args) > 1:
            raise MyiaTypeError(f"numpy.{dtype}() takes one argument here", loc)
        # np.float32(0.1) is a conversion that inference folds into a strong
        # constant (the untyped interpreter computes numpy's own scalar).
        value = self.expr(b, node.args[0]) if node.args else b.const(0, node)  # type: ignore[attr-defined]
        return b.prim("astype", node, value, b.const(dtype, node))

    def emit_numpy(
        self,
        b: FunctionBuilder,
        name: str,
        node: ast.Call,
        values: dict[str, Any],
        value: Callable[..., SSAValue],
    ) -> SSAValue:
        loc = b.scope.location(node)
        if name in ("argmax", "argmin"):
            return b.prim(name, node, value("a"), value("axis"), value("keepdims"))
        if name in ("any", "all"):  # the max and min of bools
            a = b.prim("astype", node, value("a"), b.const("bool", node))
            return b.prim(
                "amax" if name == "any" else "amin", node, a, value("axis"), value("keepdims")
            )
        if name in REDUCTION_PRIMS:
            a = value("a")
            if isinstance(values.get("dtype"), SSAValue):
                a = b.prim("astype", node, a, values["dtype"])
            return b.prim(REDUCTION_PRIMS[name], node, a, value("axis"), value("keepdims"))
        if name == "where":
            return b.prim("where", node, value("condition"), value("x"), value("y"))
        if name == "clip":
            lo = values["a_min"] if values["a_min"] is not _NONE else values["min"]
            hi = values["a_max"] if values["a_max"] is not _NONE else values["max"]
            lo = lo if isinstance(lo, SSAValue) else b.const(None, node)
            hi = hi if isinstance(hi, SSAValue) else b.const(None, node)
            return b.prim("clip", node, value("a"), lo, hi)
        if name == "transpose":
            return b.prim("transpose", node, value("a"), value("axes"))
        if name == "reshape":
            shape = values["shape"] if values["shape"] is not _NONE else values["newshape"]
            if shape is _NONE:
                raise MyiaTypeError("numpy.reshape() missing required argument 'shape'", loc)
            return b.prim("reshape", node, value("a"), shape)
        if name in ("broadcast_to",):
            return b.prim("broadcast_to", node, value("array"), value("shape"))
        if name == "expand_dims":
            return b.prim("expand_dims", node, value("a"), value("axis"))
        if name == "squeeze":
            return b.prim("squeeze", node, value("a"), value("axis"))
        if name in ("concatenate", "stack"):
            return b.prim(name, node, value("arrays"), value("axis"))
        if name in ("zeros", "ones", "empty", "full"):
            fill = {"zeros": 0.0, "ones": 1.0, "empty": 0.0}.get(name)
            fill_value = b.const(fill, node) if fill is not None else value("fill_value")
            dtype = values["dtype"]
            if not isinstance(dtype, SSAValue):
                dtype = b.const("float64" if fill is not None else None, node)
            return b.prim("full", node, value("shape"), fill_value, dtype)
        if name in ("zeros_like", "ones_like", "empty_like", "full_like"):
            a = value("a")
            fill = {"zeros_like": 0, "ones_like": 1, "empty_like": 0}.get(name)
            fill_value = b.const(fill, node) if fill is not None else value("fill_value")
            dtype = values["dtype"]
            if not isinstance(dtype, SSAValue):
                dtype = b.add(GetAttrOp(a, "dtype"), node)
            shape = b.add(GetAttrOp(a, "shape"), node)
            return b.prim("full", node, shape, fill_value, dtype)
        if name == "square":
            x = value("x")
            return b.prim("mul", node, x, x, numpy=True)
        if name == "logical_not":
            return b.prim("invert", node, b.prim("astype", node, value("x"), b.const("bool", node)))
        if name == "astype":
            return b.prim("astype", node, value("x"), value("dtype"))
        raise MyiaSyntaxError(f"numpy.{name} is not supported yet", loc)
