"""One element of an array operation in numba.cuda code, with numpy's semantics.

:func:`scalar_expression` gives the Python expression computing a scalar myia
primitive in a kernel, as ``lowering/arrays/scalar.py`` does in LLVM for the CPU:
no exception is raised (integer division by zero gives 0, ``INT_MIN // -1`` wraps,
float ``//``/``%`` are numpy's ``npy_divmod``, ``np.maximum`` propagates NaN, shifts
by the width or more give 0 or -1, a NaN or out-of-range float converted to an int
gives the int's minimum, as numpy does on x86).

Every result is wrapped in its type's constructor (``float32(...)``), so that numba
computes in the IR's types (it would widen ``int32 + int32`` to int64) and so that
the CUDA simulator, which runs the same code as Python on numpy scalars, computes in
them too. Python's ``math`` functions raise where IEEE arithmetic gives inf or NaN
(``math.log(0.0)``); the helpers of :data:`HELPERS` test those inputs first, so the
code has one meaning on the GPU and in the simulator.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    Signedness,
)
from xdsl.ir import Attribute

__all__ = ["HELPERS", "UnsupportedOp", "numba_type", "scalar_expression", "typed_literal"]


class UnsupportedOp(Exception):
    """A primitive (or type) that kernels cannot compute yet."""


def numba_type(t: Attribute) -> str:
    """The name of the numba type of IR type ``t`` (also its constructor)."""
    if isinstance(t, IndexType):
        return "int64"
    if isinstance(t, IntegerType):
        width = t.width.data
        if width == 1:
            return "boolean"
        unsigned = t.signedness.data == Signedness.UNSIGNED
        return f"{'u' if unsigned else ''}int{width}"
    if isinstance(t, Float64Type):
        return "float64"
    if isinstance(t, Float32Type):
        return "float32"
    if isinstance(t, Float16Type):
        return "float16"
    raise UnsupportedOp(f"the type {t}")


def _kind(t: Attribute) -> str:
    if isinstance(t, Float16Type | Float32Type | Float64Type):
        return "float"
    if isinstance(t, IntegerType) and t.width.data == 1:
        return "bool"
    if isinstance(t, IntegerType) and t.signedness.data == Signedness.UNSIGNED:
        return "uint"
    return "int"


def typed_literal(value: object, t: Attribute) -> str:
    """A constant of type ``t`` in numba code."""
    kind = _kind(t)
    if kind == "bool":
        return "True" if value else "False"
    if kind == "float":
        v = float(value)  # type: ignore[arg-type]
        if math.isnan(v):
            text = "math.nan"
        elif math.isinf(v):
            text = "math.inf" if v > 0 else "-math.inf"
        else:
            text = repr(v)
        return f"{numba_type(t)}({text})"
    return f"{numba_type(t)}({int(value)})"  # type: ignore[call-overload]


def _int_min(t: Attribute) -> int:
    width = t.width.data  # type: ignore[attr-defined]
    return 0 if _kind(t) == "uint" else -(1 << (width - 1))


HELPERS: dict[str, str] = {
    "_cbrt": """
def _cbrt(x):  # (numba has no math.cbrt)
    return math.copysign(abs(x) ** (1.0 / 3.0), x)
""",
    "_exp2": """
def _exp2(x):  # (numba has no math.exp2; Python's 2.0 ** x raises past the largest float)
    if x >= 1024.0:
        return math.inf
    return 2.0 ** x
""",
    "_exp": """
def _exp(x):
    if x > 709.782712893384:  # math.exp raises past the largest float
        return math.inf
    return math.exp(x)
""",
    "_expm1": """
def _expm1(x):
    if x > 709.782712893384:
        return math.inf
    return math.expm1(x)
""",
    "_sinh": """
def _sinh(x):
    if x > 710.4758600739439:
        return math.inf
    if x < -710.4758600739439:
        return -math.inf
    return math.sinh(x)
""",
    "_cosh": """
def _cosh(x):
    if abs(x) > 710.4758600739439:
        return math.inf
    return math.cosh(x)
""",
    "_log": """
def _log(x):
    if x <= 0.0:
        return -math.inf if x == 0.0 else math.nan
    return math.log(x)
""",
    "_log2": """
def _log2(x):
    if x <= 0.0:
        return -math.inf if x == 0.0 else math.nan
    return math.log2(x)
""",
    "_log10": """
def _log10(x):
    if x <= 0.0:
        return -math.inf if x == 0.0 else math.nan
    return math.log10(x)
""",
    "_log1p": """
def _log1p(x):
    if x <= -1.0:
        return -math.inf if x == -1.0 else math.nan
    return math.log1p(x)
""",
    "_sqrt": """
def _sqrt(x):
    if x < 0.0:
        return math.nan
    return math.sqrt(x)
""",
    "_asin": """
def _asin(x):
    if abs(x) > 1.0:
        return math.nan
    return math.asin(x)
""",
    "_acos": """
def _acos(x):
    if abs(x) > 1.0:
        return math.nan
    return math.acos(x)
""",
    "_atanh": """
def _atanh(x):
    if abs(x) >= 1.0:
        return math.copysign(math.inf, x) if abs(x) == 1.0 else math.nan
    return math.atanh(x)
""",
    "_acosh": """
def _acosh(x):
    if x < 1.0:
        return math.nan
    return math.acosh(x)
""",
    "_sin": """
def _sin(x):
    if math.isinf(x):
        return math.nan
    return math.sin(x)
""",
    "_cos": """
def _cos(x):
    if math.isinf(x):
        return math.nan
    return math.cos(x)
""",
    "_tan": """
def _tan(x):
    if math.isinf(x):
        return math.nan
    return math.tan(x)
""",
    "_floor": """
def _floor(x):
    if not abs(x) < 4503599627370496.0:  # 2**52: already an integer, inf or nan
        return x
    return math.floor(x)
""",
    "_ceil": """
def _ceil(x):
    if not abs(x) < 4503599627370496.0:
        return x
    return math.ceil(x)
""",
    "_trunc": """
def _trunc(x):
    if not abs(x) < 4503599627370496.0:
        return x
    return math.trunc(x)
""",
    "_fmod": """
def _fmod(x, y):
    if y == 0.0 or math.isinf(x) or math.isnan(y):
        return math.nan
    return math.fmod(x, y)
""",
    "_floordiv_float": """
def _floordiv_float(a, b):
    # numpy's npy_divmod (Python's float_divmod; a / b for a zero divisor)
    if b == 0.0:
        return a / b
    if math.isinf(a) or math.isnan(b):
        return math.nan
    mod = math.fmod(a, b)
    div = (a - mod) / b
    if mod != 0.0:
        if (b < 0.0) != (mod < 0.0):
            div -= 1.0
    if div != 0.0:
        floordiv = _floor(div)
        if div - floordiv > 0.5:
            floordiv += 1.0
        return floordiv
    return math.copysign(0.0, a / b)
""",
    "_mod_float": """
def _mod_float(a, b):
    if b == 0.0 or math.isinf(a) or math.isnan(b):
        return math.nan
    mod = math.fmod(a, b)
    if mod != 0.0:
        if (b < 0.0) != (mod < 0.0):
            mod += b
        return mod
    return math.copysign(0.0, b)
""",
    "_floordiv_int": """
def _floordiv_int(a, b):
    if b == 0:
        return a - a
    if b == -1:
        return -a
    return a // b
""",
    "_mod_int": """
def _mod_int(a, b):
    if b == 0 or b == -1:
        return a - a
    return a % b
""",
    "_floordiv_uint": """
def _floordiv_uint(a, b):
    if b == 0:
        return a - a
    return a // b
""",
    "_mod_uint": """
def _mod_uint(a, b):
    if b == 0:
        return a - a
    return a % b
""",
    "_pow_int": """
def _pow_int(base, exp):
    # square and multiply, wrapping; a negative exponent gives MLIR's ipowi value
    if exp < 0:
        if base == 1:
            return base
        if base == -1:
            return base if exp % 2 else -base
        return base - base
    result = base - base + 1
    while exp > 0:
        if exp % 2:
            result = result * base
        base = base * base
        exp = exp // 2
    return result
""",
    "_maximum": """
def _maximum(a, b):
    if a >= b or a != a:
        return a
    return b
""",
    "_minimum": """
def _minimum(a, b):
    if a <= b or a != a:
        return a
    return b
""",
    "_sign_float": """
def _sign_float(x):
    if x > 0.0:
        return 1.0
    if x < 0.0:
        return -1.0
    return x
""",
}
"""Device functions the expressions call: name -> source (``@cuda.jit(device=True)``
is added when a kernel's source is assembled)."""

HELPER_DEPENDENCIES = {"_floordiv_float": ("_floor",)}

_FLOAT_HELPERS = {
    "exp": "_exp", "expm1": "_expm1", "sinh": "_sinh", "cosh": "_cosh", "log": "_log",
    "log2": "_log2", "log10": "_log10", "log1p": "_log1p", "sqrt": "_sqrt", "asin": "_asin",
    "acos": "_acos", "atanh": "_atanh", "acosh": "_acosh", "sin": "_sin", "cos": "_cos",
    "tan": "_tan", "floor": "_floor", "ceil": "_ceil", "trunc": "_trunc", "cbrt": "_cbrt",
    "exp2": "_exp2",
}  # fmt: skip
_FLOAT_MATH = {"atan": "math.atan", "tanh": "math.tanh", "asinh": "math.asinh",
               "erf": "math.erf", "erfc": "math.erfc", "atan2": "math.atan2",
               "hypot": "math.hypot", "copysign": "math.copysign"}  # fmt: skip
_OPERATORS = {"add": "+", "sub": "-", "mul": "*", "bitand": "&", "bitor": "|", "bitxor": "^",
              "eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}  # fmt: skip
_COMPARISONS = ("eq", "ne", "lt", "le", "gt", "ge")


def scalar_expression(
    name: str,
    args: Sequence[str],
    types: Sequence[Attribute],
    result: Attribute,
    use_helper: Callable[[str], None],
) -> str:
    """The expression computing primitive ``name`` on the values named ``args``
    (of IR types ``types``), typed ``result``; ``use_helper`` is told which
    :data:`HELPERS` it calls."""
    rt = numba_type(result)
    t = types[0] if types else result
    kind = _kind(t)

    def helper(fn: str, *operands: str) -> str:
        use_helper(fn)
        for dep in HELPER_DEPENDENCIES.get(fn, ()):
            use_helper(dep)
        return f"{rt}({fn}({', '.join(operands)}))"

    if name in ("astype", "cast"):
        return _convert(args[0], t, result, use_helper)
    if name in ("where", "select"):
        c, a, b = args
        return f"({a} if {c} else {b})"
    if name in _COMPARISONS:
        return f"({args[0]} {_OPERATORS[name]} {args[1]})"
    if name in ("add", "sub", "mul", "bitand", "bitor", "bitxor"):
        a, b = args
        if kind == "bool":  # (inference makes + and * on bools or and and)
            op = {"bitand": "and", "bitor": "or", "bitxor": "!="}.get(name)
            if op is None:
                raise UnsupportedOp(f"{name} on bools")
            return f"({a} {op} {b})"
        return f"{rt}({a} {_OPERATORS[name]} {b})"
    if name in ("truediv", "divide"):
        if kind != "float":
            raise UnsupportedOp(f"{name} on {t}")
        return f"{rt}({args[0]} / {args[1]})"
    if name in ("floordiv", "mod"):
        suffix = {"float": "float", "int": "int", "uint": "uint"}.get(kind)
        if suffix is None:
            raise UnsupportedOp(f"{name} on {t}")
        return helper(f"_{name}_{suffix}", *args)
    if name in ("pow", "power"):
        if kind == "float":
            return f"{rt}({args[0]} ** {args[1]})"
        if kind in ("int", "uint"):
            return helper("_pow_int", *args)
        raise UnsupportedOp(f"{name} on {t}")
    if name in ("max", "min"):
        a, b = args
        if kind == "float":
            return helper("_maximum" if name == "max" else "_minimum", a, b)
        if kind == "bool":
            return f"({a} {'or' if name == 'max' else 'and'} {b})"
        cmp = ">=" if name == "max" else "<="
        return f"({a} if {a} {cmp} {b} else {b})"
    if name in ("lshift", "rshift"):
        if kind not in ("int", "uint"):
            raise UnsupportedOp(f"{name} on {t}")
        a, b = args
        width = t.width.data  # type: ignore[attr-defined]
        if name == "lshift":
            return f"({rt}(0) if ({b} < 0 or {b} >= {width}) else {rt}({a} << {b}))"
        fill = f"{rt}(0)" if kind == "uint" else f"({rt}(-1) if {a} < 0 else {rt}(0))"
        return f"({fill} if ({b} < 0 or {b} >= {width}) else {rt}({a} >> {b}))"
    if name == "pos":
        return args[0]
    if name == "neg":
        if kind == "bool":
            raise UnsupportedOp("neg on bools")
        return f"{rt}(-{args[0]})"
    if name == "not":
        return f"(not {args[0]})"
    if name == "invert":
        return f"(not {args[0]})" if kind == "bool" else f"{rt}(~{args[0]})"
    if name in ("abs", "fabs"):
        if kind in ("bool", "uint"):
            return args[0]
        return f"{rt}(abs({args[0]}))"
    if name == "sign":
        x = args[0]
        if kind == "float":
            return helper("_sign_float", x)
        if kind == "uint":
            return f"{rt}(1 if {x} != 0 else 0)"
        return f"{rt}(1 if {x} > 0 else (-1 if {x} < 0 else 0))"
    if name in ("isnan", "isinf", "isfinite"):
        if kind != "float":
            return "True" if name == "isfinite" else "False"
        return f"math.{name}({args[0]})"
    if kind != "float":
        raise UnsupportedOp(f"{name} on {t}")
    if name in ("degrees", "radians"):
        factor = 180.0 / math.pi if name == "degrees" else math.pi / 180.0
        return f"{rt}({args[0]} * {rt}({factor!r}))"
    if name in _FLOAT_HELPERS:
        return helper(_FLOAT_HELPERS[name], *args)
    if name == "fmod":
        return helper("_fmod", *args)
    if name in _FLOAT_MATH:
        return f"{rt}({_FLOAT_MATH[name]}({', '.join(args)}))"
    raise UnsupportedOp(name)


def _convert(
    x: str, source: Attribute, target: Attribute, use_helper: Callable[[str], None]
) -> str:
    skind, tkind = _kind(source), _kind(target)
    rt = numba_type(target)
    if numba_type(source) == rt:
        return x
    if tkind == "bool":
        return f"({x} != 0)"
    if skind == "float" and tkind in ("int", "uint"):
        width = target.width.data  # type: ignore[attr-defined]
        low = float(_int_min(target))
        high = float(1 << (width - (1 if tkind == "int" else 0)))
        return f"({rt}({x}) if {low!r} <= {x} < {high!r} else {rt}({_int_min(target)}))"
    return f"{rt}({x})"
