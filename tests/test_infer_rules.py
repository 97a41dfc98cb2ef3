"""The inference and expansion rules of the scalar, math and sequence primitives.

Inference rules are called directly on abstract values. Expansion rules run with a
small Expander that records the typed ops they emit in a block; a tiny evaluator
then runs that block on concrete values, so that what the expansion computes is
compared with Python (and numpy for numpy scalars), and every arithmetic op is
checked to be homogeneous.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np
import pytest
from xdsl.dialects.builtin import FloatAttr, IntegerAttr, StringAttr, TupleType, UnitAttr
from xdsl.ir import Block, SSAValue

import myia.dialects.dialect  # noqa: F401 - declares the primitives and their rules
from myia.dialects.abstract import (
    BOOL,
    BOTTOM,
    FLOAT64,
    INT64,
    Abstract,
    AbstractArray,
    AbstractEnumerate,
    AbstractList,
    AbstractNone,
    AbstractRange,
    AbstractRecord,
    AbstractScalar,
    AbstractSequenceIterator,
    AbstractSlice,
    AbstractString,
    AbstractTuple,
    AbstractZip,
    broaden,
    dtype_of_type,
    scalar,
    to_type,
)
from myia.dialects.ops_value import ConstOp, GetAttrOp, TupleGetOp, TupleOp
from myia.dialects.primitive import PRIMITIVES, PrimOp, prim_op
from myia.errors import MyiaTypeError

# ---------------------------------------------------------------------------
# Abstract values used below

WI = scalar(INT64, True)  # a Python int
WF = scalar(FLOAT64, True)  # a Python float
WB = scalar(BOOL, True)  # a Python bool
NB = scalar(BOOL)  # a numpy bool
I8, I16, I32, I64 = (scalar(f"int{n}") for n in (8, 16, 32, 64))
U8, U64 = scalar("uint8"), scalar("uint64")
F16, F32, F64 = scalar("float16"), scalar("float32"), scalar("float64")
NONE = AbstractNone()


def c(value: Any, dtype: str | None = None, weak: bool | None = None) -> AbstractScalar:
    """A constant: Python values are weak, numpy scalars strong."""
    if isinstance(value, np.generic):
        return AbstractScalar(str(value.dtype), False if weak is None else weak, value.item())
    if dtype is None:
        dtype = BOOL if isinstance(value, bool) else INT64 if isinstance(value, int) else FLOAT64
    return AbstractScalar(dtype, True if weak is None else weak, value)


def infer(name: str, *args: Abstract) -> Abstract:
    return PRIMITIVES[name].rules["infer"](list(args), None)


def infer_error(name: str, *args: Abstract) -> str:
    with pytest.raises(MyiaTypeError) as info:
        infer(name, *args)
    return info.value.message


# ---------------------------------------------------------------------------
# A recording Expander and an evaluator of what it records


def ir_type(a: Abstract):
    if isinstance(a, AbstractSlice):  # a slice is the tuple of its parts
        return TupleType([to_type(p) for p in (a.start, a.stop, a.step)])
    return to_type(a)


class FakeExpander:
    """Emits into a block, types values with ``to_type``."""

    def __init__(self, arg_abstracts: list[Abstract]):
        self.block = Block(arg_types=[ir_type(a) for a in arg_abstracts])

    def emit(self, op):
        self.block.add_op(op)
        return op.results[0]

    def type_of(self, abstract):
        return to_type(abstract)

    def const(self, value, abstract):
        return self.emit(ConstOp.typed(value, to_type(abstract)))

    def prim(self, name, *args, result):
        return self.emit(prim_op(name, *args, result_type=to_type(result)))

    def cast(self, value, source, target):
        return self.cast_type(value, to_type(target))

    def cast_type(self, value, ttype):
        if value.type == ttype:
            return value
        if isinstance(ttype, TupleType):
            parts = [
                self.cast_type(self.emit(TupleGetOp(value, i, st)), tt)
                for i, (st, tt) in enumerate(
                    zip(value.type.types.data, ttype.types.data, strict=True)
                )
            ]
            return self.emit(TupleOp(parts, ttype))
        return self.emit(prim_op("cast", value, result_type=ttype))


HOMOGENEOUS = {
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "min", "max", "eq", "ne",
    "lt", "le", "gt", "ge", "bitand", "bitor", "bitxor", "lshift", "rshift", "neg",
    "invert", "abs", "atan2", "hypot", "copysign", "fmod",
}  # fmt: skip


def coerce(value: Any, ttype) -> Any:
    """A Python value as the compiled code holds it in type ``ttype``."""
    dtype = dtype_of_type(ttype)
    if dtype is None:
        return value
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return bool(value)
    if dt.kind in "iu":
        v = int(value)
        bits = dt.itemsize * 8
        low = -(2 ** (bits - 1)) if dt.kind == "i" else 0
        return (v - low) % 2**bits + low
    return float(dt.type(value))


def evaluate(block: Block, result: SSAValue, inputs: list[Any]) -> Any:
    env: dict[SSAValue, Any] = dict(zip(block.args, inputs, strict=True))
    for op in block.ops:
        if isinstance(op, ConstOp):
            v = op.value
            if isinstance(v, UnitAttr):
                value = None
            elif isinstance(v, StringAttr):
                value = v.data
            elif isinstance(v, IntegerAttr):
                value = coerce(v.value.data, op.result.type)
            else:
                assert isinstance(v, FloatAttr)
                value = v.value.data
        elif isinstance(op, TupleOp):
            value = tuple(env[e] for e in op.elements)
            assert len(op.result.type.types) == len(value)
        elif isinstance(op, TupleGetOp):
            value = env[op.tuple][op.index.data]
        elif isinstance(op, GetAttrOp):
            value = env[op.object][op.attr.data]
        else:
            assert isinstance(op, PrimOp), op
            name = op.PRIMITIVE.name
            args = [env[a] for a in op.args]
            types = [a.type for a in op.args]
            if name in HOMOGENEOUS:
                assert len(set(types)) == 1, f"{op.name} is not homogeneous: {types}"
            if name == "select":
                assert dtype_of_type(types[0]) == BOOL and types[1] == types[2] == op.result.type
            if name in ("not",):
                assert dtype_of_type(types[0]) == BOOL
            if name == "cast":
                value = args[0]
            elif name in ("floordiv", "mod") and dtype_of_type(types[0]).startswith("float"):
                value = op.PRIMITIVE.impl(*args)
            else:
                value = op.PRIMITIVE.impl(*args)
        env[op.results[0]] = coerce(value, op.results[0].type)
    return env[result]


def expansion(name: str, *abstracts: Abstract):
    """Specialize one op: (its result abstract, a function of the concrete inputs)
    — or of nothing, when the result is a constant."""
    result = infer(name, *abstracts)
    if isinstance(result, AbstractScalar) and result.known:
        return result, lambda *inputs: result.value
    ex = FakeExpander(list(abstracts))
    args = list(ex.block.args)
    rule = PRIMITIVES[name].rules.get("expand")
    value = rule(ex, None, args, list(abstracts), result) if rule else None
    if value is None:
        value = ex.prim(name, *args, result=result)
    assert value.type == to_type(result), f"{value.type} != {to_type(result)}"
    return result, lambda *inputs: evaluate(ex.block, value, list(inputs))


def run(name: str, abstracts: list[Abstract], inputs: list[Any]) -> Any:
    return expansion(name, *abstracts)[1](*inputs)


def ops_of(name: str, *abstracts: Abstract) -> list[str]:
    result = infer(name, *abstracts)
    ex = FakeExpander(list(abstracts))
    PRIMITIVES[name].rules["expand"](ex, None, list(ex.block.args), list(abstracts), result)
    return [op.name for op in ex.block.ops]


# ---------------------------------------------------------------------------
# Promotion: compared with what Python and numpy 2 compute

SAMPLES = [
    (WB, True), (WI, 3), (WF, 2.5), (NB, np.True_), (I8, np.int8(3)), (I16, np.int16(3)),
    (I32, np.int32(3)), (I64, np.int64(3)), (U8, np.uint8(3)), (U64, np.uint64(3)),
    (F16, np.float16(2.5)), (F32, np.float32(2.5)), (F64, np.float64(2.5)),
]  # fmt: skip


def abstract_of_result(value: Any) -> tuple[str, bool]:
    if isinstance(value, np.generic):  # before float: np.float64 is a float
        return str(value.dtype), False
    if isinstance(value, bool):
        return BOOL, True
    if isinstance(value, int):
        return INT64, True
    assert isinstance(value, float)
    return FLOAT64, True


OPS = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow,
    "bitand": operator.and_, "bitor": operator.or_, "bitxor": operator.xor,
    "lshift": operator.lshift, "rshift": operator.rshift,
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
    "gt": operator.gt, "ge": operator.ge,
}  # fmt: skip


@pytest.mark.parametrize("name", list(OPS))
def test_promotion_agrees_with_python_and_numpy(name):
    for a, x in SAMPLES:
        for b, y in SAMPLES:
            try:
                with np.errstate(all="ignore"):
                    expected = OPS[name](x, y)
            except TypeError:
                if name == "sub":  # numpy bool subtraction
                    with pytest.raises(MyiaTypeError, match="numpy boolean subtract"):
                        infer(name, a, b)
                continue  # floats in bitwise ops
            result = infer(name, a, b)
            assert (result.dtype, result.weak) == abstract_of_result(expected), (
                name,
                str(a),
                a.weak,
                str(b),
                b.weak,
            )


@pytest.mark.parametrize(
    "name, a, b, dtype, weak",
    [
        ("mul", F32, WI, "float32", False),  # np.float32 * 2
        ("mul", WF, I32, "float64", False),  # 2.0 * np.int32
        ("add", I8, U8, "int16", False),
        ("truediv", WI, WI, "float64", True),
        ("truediv", I32, I32, "float64", False),
        ("truediv", WB, WB, "float64", True),
        ("truediv", F16, I8, "float16", False),
        ("add", WB, WB, "int64", True),  # True + True == 2
        ("add", NB, NB, "bool", False),  # numpy: logical or
        ("mul", NB, WB, "bool", False),
        ("floordiv", NB, NB, "int8", False),
        ("pow", WB, NB, "int8", False),
        ("lshift", NB, NB, "int8", False),
        ("mul", WB, I8, "int8", False),
        ("min", WB, WB, "bool", True),
        ("max", NB, WB, "bool", False),
        ("min", WI, F32, "float32", False),
        ("bitand", WB, WB, "bool", True),
        ("bitxor", WB, WI, "int64", True),
        ("lshift", WB, WB, "int64", True),
        ("pow", WI, WI, "int64", True),
        ("pow", WI, c(-1), "float64", True),
        ("pow", I32, c(-2), "int32", False),  # numpy: a ValueError at run time
        ("pow", WB, WB, "int64", True),
        ("floordiv", WF, WI, "float64", True),
        ("mod", I32, WI, "int32", False),
        ("add", U64, I64, "float64", False),
    ],
)
def test_promotion_table(name, a, b, dtype, weak):
    result = infer(name, a, b)
    assert (result.dtype, result.weak, result.known) == (dtype, weak, False)


def test_comparison_results_are_bools():
    assert infer("lt", WI, WF) == WB
    assert infer("eq", F32, WI) == NB  # numpy scalars compare to numpy bools
    assert infer("ge", WB, WB) == WB


# ---------------------------------------------------------------------------
# Constant folding


@pytest.mark.parametrize(
    "name, args, value, dtype",
    [
        ("add", [c(2), c(3)], 5, INT64),
        ("add", [c(True), c(True)], 2, INT64),
        ("truediv", [c(1), c(2)], 0.5, FLOAT64),
        ("floordiv", [c(-7), c(2)], -4, INT64),
        ("mod", [c(-7), c(2)], 1, INT64),
        ("mod", [c(-7.5), c(2)], 0.5, FLOAT64),
        ("pow", [c(2), c(10)], 1024, INT64),
        ("pow", [c(2), c(-1)], 0.5, FLOAT64),
        ("mul", [c(np.int64(2**62)), c(4)], 0, INT64),  # numpy's int64 wraps around
        ("mul", [c(np.float32(0.1)), c(3)], float(np.float32(0.1) * np.float32(3)), "float32"),
        ("add", [c(np.int8(100)), c(np.int8(100))], -56, "int8"),
        ("max", [c(1), c(2.5)], 2.5, FLOAT64),
        ("min", [c(True), c(False)], False, BOOL),
        ("eq", [c(1), c(1.0)], True, BOOL),
        ("lt", [c(True), c(2)], True, BOOL),
        ("bitand", [c(6), c(3)], 2, INT64),
        ("lshift", [c(1), c(62)], 2**62, INT64),
        ("neg", [c(True)], -1, INT64),
        ("invert", [c(True)], -2, INT64),
        ("invert", [c(np.True_)], False, BOOL),
        ("abs", [c(-2.5)], 2.5, FLOAT64),
        ("not", [c(0.0)], True, BOOL),
        ("not", [NONE], True, BOOL),
        ("truth", [c(3)], True, BOOL),
        ("truth", [AbstractTuple(())], False, BOOL),
        ("int", [c(-2.7)], -2, INT64),
        ("int", [AbstractString("12")], 12, INT64),
        ("float", [c(3)], 3.0, FLOAT64),
        ("round", [c(2.5)], 2, INT64),
        ("round", [c(3.5)], 4, INT64),
        ("round", [c(np.float32(2.5))], 2, INT64),
        ("sqrt", [c(4)], 2.0, FLOAT64),
        ("floor", [c(-2.5)], -3.0, FLOAT64),  # numpy's floor keeps the float
        ("ceil", [c(np.float32(2.1))], 3.0, "float32"),
        ("isnan", [c(float("nan"))], True, BOOL),
        ("atan2", [c(1), c(1.0)], float(np.arctan2(1.0, 1.0)), FLOAT64),  # numpy's function
        # math's functions fold with math, exactly as CPython computes them
        ("math_exp", [c(2.5 * -1.25)], math.exp(2.5 * -1.25), FLOAT64),
        ("math_acos", [c(0.5)], math.acos(0.5), FLOAT64),
        ("math_atan2", [c(1), c(1.0)], math.atan2(1, 1), FLOAT64),
        ("math_hypot", [c(0.1), c(0.7)], math.hypot(0.1, 0.7), FLOAT64),
        ("math_gamma", [c(4.7)], math.gamma(4.7), FLOAT64),
        ("math_pow", [c(2), c(0.5)], math.pow(2, 0.5), FLOAT64),
        ("is", [NONE, NONE], True, BOOL),
        ("is_not", [c(1), NONE], True, BOOL),
        ("eq", [NONE, c(0)], False, BOOL),
        ("ne", [NONE, NONE], False, BOOL),
        ("len", [AbstractTuple((WI, WF))], 2, INT64),
        ("len", [AbstractString("abc")], 3, INT64),
    ],
)
def test_constant_folding(name, args, value, dtype):
    result = infer(name, *args)
    assert result.known and result.dtype == dtype
    assert result.value == value and type(result.value) is type(value)


@pytest.mark.parametrize(
    "name, args",
    [
        ("truediv", [c(1), c(0)]),  # ZeroDivisionError: at run time
        ("mul", [c(2**62), c(4)]),  # Python ints beyond 64 bits: OverflowError at run time
        ("add", [c(2**63 - 1), c(1)]),
        ("pow", [c(2), c(63)]),
        ("pow", [c(3), c(10**12)]),  # (not computed)
        ("lshift", [c(1), c(63)]),
        ("lshift", [c(1), c(10**12)]),
        ("floordiv", [c(-(2**63)), c(-1)]),
        ("neg", [c(-(2**63))]),
        ("floordiv", [c(1), c(0)]),
        ("mod", [c(1.0), c(0.0)]),
        ("pow", [c(0), c(-1)]),
        ("pow", [c(-8.0), c(0.5)]),  # complex in Python, nan in compiled code
        ("lshift", [c(1), c(-1)]),
        ("math_sqrt", [c(-1)]),  # math domain error
        ("math_log", [c(0)]),
        ("math_exp", [c(1000)]),  # OverflowError
        ("math_pow", [c(-8.0), c(0.5)]),
        ("int", [c(float("inf"))]),
        ("int", [c(float("nan"))]),
        ("round", [c(float("inf"))]),
        ("add", [c(2), WI]),
    ],
)
def test_no_folding_when_python_raises(name, args):
    result = infer(name, *args)
    assert isinstance(result, AbstractScalar) and not result.known


@pytest.mark.parametrize(
    "name, args, value",
    [
        ("sqrt", [c(-1)], np.nan),
        ("acos", [c(2.0)], np.nan),
        ("log", [c(0)], -np.inf),
        ("exp", [c(1000)], np.inf),
        ("floor", [c(float("nan"))], np.nan),
    ],
)
def test_numpy_functions_fold_to_nan_and_infinities(name, args, value):
    """numpy's functions never raise: outside their domain they fold to numpy's
    value (``np.sqrt(-1.0)`` is nan)."""
    result = infer(name, *args)
    assert result.known
    np.testing.assert_equal(result.value, value)


def test_weakness_of_results():
    assert infer("add", WI, WI) == WI
    assert infer("add", WI, I32) == I32
    assert infer("sin", F32) == F32  # numpy keeps the dtype (math.* goes through float())
    assert infer("sin", WI) == WF
    assert infer("floor", F32) == F32
    assert infer("isnan", F32) == NB  # numpy.isnan of a numpy float: a numpy bool
    assert infer("isinf", WI) == c(False)  # known for integers
    assert infer("int", F32) == WI
    assert infer("float", I8) == WF
    assert infer("round", F32) == WI
    assert infer("round", WI) == WI
    assert infer("round", I8) == WI  # round(np.int8(3)) is a Python int
    assert infer("neg", F32) == F32
    assert infer("neg", WB) == WI
    assert infer("abs", NB) == NB
    assert infer("truth", F32) == WB
    assert infer("truth", NB) == WB  # bool(np.True_) is True
    assert infer("not", F32) == WB


# ---------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "name, args, message",
    [
        ("add", [I64, NONE], "unsupported operand types for +: 'i64' and 'None'"),
        (
            "mul",
            [AbstractTuple((WI,)), WI],
            "a tuple can only be repeated a constant number of times",
        ),
        ("mul", [AbstractTuple((WI,)), WF], "unsupported operand types for *: '(i64,)' and 'f64'"),
        ("add", [AbstractTuple((WI,)), WI], "unsupported operand types for +: '(i64,)' and 'i64'"),
        (
            "sub",
            [AbstractTuple((WI,)), AbstractTuple((WI,))],
            "unsupported operand types for -: '(i64,)' and '(i64,)'",
        ),
        (
            "add",
            [AbstractArray("float64", (3,)), AbstractArray("float64", (4,))],
            "could not be broadcast together with shapes (3,) (4,)",
        ),
        ("matmul", [F64, F64], "unsupported operand types for @: 'f64' and 'f64'"),
        ("bitand", [WF, WI], "unsupported operand types for &: 'f64' and 'i64'"),
        ("lshift", [WI, F32], "unsupported operand types for <<: 'i64' and 'f32'"),
        ("invert", [WF], "bad operand type for unary ~: 'f64'"),
        ("neg", [NB], "bad operand type for unary -: 'bool'"),
        ("neg", [NONE], "bad operand type for unary -: 'None'"),
        (
            "lt",
            [AbstractTuple((WI,)), AbstractTuple((WI,))],
            "'<' is not supported between '(i64,)' and '(i64,)'",
        ),
        ("lt", [NONE, WI], "'<' is not supported between 'None' and 'i64'"),
        ("is", [WI, WI], "`is` is only supported to compare with None"),
        ("is_not", [WI, WF], "`is not` is only supported to compare with None"),
        (
            "truth",
            [AbstractArray("float64", (3,))],
            "the truth value of an array (f64 x 3) is ambiguous",
        ),
        ("not", [AbstractArray("float64", (3,))], "is ambiguous"),
        ("select", [WI, WI, WI], "the condition of select must be a bool, not 'i64'"),
        ("select", [WB, WI, NONE], "incompatible types: 'i64' and 'None'"),
        ("int", [NONE], "int() argument must be a string or a real number, not 'None'"),
        ("int", [AbstractString("x")], "invalid literal for int() with base 10: 'x'"),
        (
            "float",
            [AbstractTuple(())],
            "float() argument must be a string or a real number, not '()'",
        ),
        ("sin", [NONE], "sin() takes numbers or arrays, not None"),
        ("cast", [WI], "myia.cast needs a result type"),
        ("range", [WI, WI, c(0)], "range() arg 3 must not be zero"),
        ("range", [WI, WF, WI], "'f64' object cannot be interpreted as an integer"),
        ("enumerate", [AbstractTuple(()), WF], "'f64' object cannot be interpreted as an integer"),
        (
            "getitem",
            [AbstractTuple((WI, WF)), WI],
            "the index of a heterogeneous tuple must be a constant",
        ),
        (
            "getitem",
            [AbstractTuple((WI,)), WF],
            "tuple indices must be integers or slices, not 'f64'",
        ),
        ("getitem", [WI, c(0)], "'i64' object is not subscriptable"),
        ("getitem", [AbstractTuple((WI,)), AbstractSlice(WI, NONE, NONE)], "constant bounds"),
        (
            "getitem",
            [AbstractTuple((WI,)), AbstractSlice(NONE, NONE, c(0))],
            "slice step cannot be zero",
        ),
        (
            "getitem",
            [AbstractArray("float64", (3,)), AbstractArray("int64", (2,))],
            "indexing an array with an array is not supported yet",
        ),
        ("slice", [WF, NONE, NONE], "slice indices must be integers or None, not 'f64'"),
        ("len", [WI], "object of type 'i64' has no len()"),
        ("len", [AbstractZip(())], "has no len()"),
        ("iter", [AbstractString("ab")], "iterating over a string is not supported"),
        ("iter", [WI], "'i64' object is not iterable"),
        ("zip", [AbstractRange(1), NONE], "'None' object is not iterable"),
        ("hasnext", [WI], "'i64' object is not an iterator"),
        ("next", [AbstractTuple(())], "next() of an exhausted tuple iterator"),
        ("contains", [WI, WI], "argument of type 'i64' is not iterable"),
        ("contains", [AbstractRange(1), WF], "only supported for integers"),
        (
            "eq",
            [AbstractList(WI), AbstractList(WI)],
            "== is not supported between '[i64]' and '[i64]'",
        ),
    ],
)
def test_errors(name, args, message):
    assert message in infer_error(name, *args)


# ---------------------------------------------------------------------------
# Expansions: arithmetic, comparisons, conversions


def test_arithmetic_expansion_casts_to_the_computation_dtype():
    assert ops_of("add", F32, WI) == ["myia.cast", "myia.add"]
    assert ops_of("add", F32, F32) == ["myia.add"]
    assert run("add", [F32, WI], [0.5, 2]) == 2.5
    assert run("mul", [WF, I32], [0.5, 3]) == 1.5
    assert run("add", [I8, U8], [-100, 200]) == 100
    assert run("truediv", [WI, WI], [7, 2]) == 3.5
    assert run("truediv", [I32, WB], [7, True]) == 7.0
    assert run("add", [WB, WB], [True, True]) == 2
    assert run("sub", [WB, WB], [False, True]) == -1
    assert ops_of("add", NB, WB) == ["myia.bitor"]
    assert run("add", [NB, WB], [True, True]) is True
    assert run("mul", [NB, NB], [True, False]) is False
    assert run("floordiv", [WI, WI], [-7, 2]) == -4
    assert run("mod", [WI, WF], [-7, 2.0]) == 1.0
    assert run("pow", [WF, WI], [2.0, 3]) == 8.0
    assert run("pow", [WI, c(-1)], [4, -1]) == 0.25
    assert run("mul", [F32, WF], [0.1, 3.0]) == float(np.float32(np.float32(0.1) * np.float32(3.0)))


def test_tuple_concatenation_and_repetition():
    t, u = AbstractTuple((WI, NONE)), AbstractTuple((F32,))
    assert infer("add", t, u) == AbstractTuple((WI, NONE, F32))
    assert run("add", [t, u], [(1, None), (2.5,)]) == (1, None, 2.5)
    assert infer("mul", c(2), u) == AbstractTuple((F32, F32))
    assert run("mul", [t, c(2)], [(1, None), 2]) == (1, None, 1, None)
    assert infer("mul", t, c(-1)) == AbstractTuple(())
    assert infer("add", AbstractString("ab"), AbstractString("c")) == AbstractString("abc")
    assert infer("mul", AbstractString("ab"), c(2)) == AbstractString("abab")


def test_min_max_of_bools_are_and_or():
    assert ops_of("min", WB, NB) == ["myia.bitand"]
    for x in (False, True):
        for y in (False, True):
            assert run("min", [WB, WB], [x, y]) == min(x, y)
            assert run("max", [WB, WB], [x, y]) == max(x, y)
    assert run("max", [WI, WF], [3, 2.5]) == 3.0


def test_unary_expansions():
    assert run("neg", [WB], [True]) == -1
    assert run("invert", [WB], [True]) == -2
    assert run("invert", [NB], [True]) is False
    assert run("invert", [I8], [0]) == -1
    assert run("abs", [WB], [True]) == 1
    assert run("abs", [F32], [-1.5]) == 1.5
    assert ops_of("pos", WI) == []
    assert ops_of("abs", U8) == []
    assert ops_of("abs", NB) == []


def test_comparison_expansions():
    assert run("lt", [WI, WF], [1, 1.5]) is True
    assert run("eq", [F32, WI], [2.0, 2]) is True
    assert ops_of("lt", WB, WB) == ["myia.cast", "myia.cast", "myia.lt"]  # compared as ints
    for x in (False, True):
        for y in (False, True):
            for name in ("lt", "le", "gt", "ge", "eq", "ne"):
                assert run(name, [WB, NB], [x, y]) == OPS[name](x, y)


TUPLE_CASES = [
    ((1, 2.5), (1, 2.5)), ((1, 2.5), (1, 3.0)), ((0, 2.5), (1, 2.5)), ((2, -1.0), (3, 4.0)),
]  # fmt: skip


@pytest.mark.parametrize("name", ["eq", "ne"])
def test_tuple_equality(name):
    a = AbstractTuple((WI, WF))
    b = AbstractTuple((I32, F32))
    for x, y in TUPLE_CASES:
        assert run(name, [a, b], [x, y]) == OPS[name](x, y)
    # Elements known to differ or to agree decide statically.
    assert infer(name, AbstractTuple((WI, NONE)), AbstractTuple((WI, WI))).value == (name == "ne")
    assert infer(name, AbstractTuple((WI,)), AbstractTuple((WI, WI))).value == (name == "ne")
    assert infer(name, AbstractTuple((NONE,)), AbstractTuple((NONE,))).value == (name == "eq")
    # Nested tuples, with constant parts dropped from the test.
    n = AbstractTuple((WI, AbstractTuple((NONE, WF))))
    m = AbstractTuple((WI, AbstractTuple((NONE, WI))))
    for x, y in [((1, (None, 2.0)), (1, (None, 2))), ((1, (None, 2.5)), (1, (None, 2)))]:
        assert run(name, [n, m], [x, y]) == OPS[name](x, y)


def test_record_equality():
    p = AbstractRecord("m.P", (("x", WI), ("y", WF)))
    q = AbstractRecord("m.Q", (("x", WI), ("y", WF)))
    assert infer("eq", p, q) == c(False)
    assert infer("eq", p, WI) == c(False)
    assert run("eq", [p, p], [{"x": 1, "y": 2.0}, {"x": 1, "y": 2.0}]) is True
    assert run("ne", [p, p], [{"x": 1, "y": 2.0}, {"x": 1, "y": 2.5}]) is True


def test_truth_and_not():
    for x in (0.0, -0.0, 2.5, float("nan")):
        assert run("truth", [WF], [x]) == bool(x)
        assert run("not", [WF], [x]) == (not x)
    assert run("truth", [I8], [0]) is False
    assert ops_of("truth", WB) == []
    assert ops_of("not", WB) == ["myia.not"]
    assert ops_of("not", WI) == ["myia.const", "myia.ne", "myia.not"]
    assert infer("truth", AbstractRecord("m.P", ())) == c(True)
    assert infer("truth", AbstractTuple((WI,))) == c(True)
    assert infer("truth", AbstractRange(None)) == WB
    for start, stop, step in [(0, 3, 1), (3, 3, 1), (5, 0, -2), (0, 5, -1)]:
        for known in (step, None):
            r = AbstractRange(known)
            assert run("truth", [r], [(start, stop, step)]) == bool(range(start, stop, step))
            assert run("not", [r], [(start, stop, step)]) == (not range(start, stop, step))
    lst = AbstractList(WF)
    assert run("truth", [lst], [[1.0]]) is True
    assert run("truth", [lst], [[]]) is False


def test_conversions():
    assert run("int", [WF], [-2.7]) == -2
    assert run("int", [WB], [True]) == 1
    assert ops_of("int", WI) == []
    assert run("float", [I8], [-3]) == -3.0
    for x in (2.5, 3.5, -2.5, -0.4, 1e10 + 0.5):
        assert run("round", [WF], [x]) == round(x)
    assert ops_of("round", F32) == ["myia.cast", "myia.round"]
    assert run("round", [I8], [-3]) == -3


def test_select():
    assert infer("select", c(True), WI, NONE) == WI
    assert infer("select", c(False), WI, NONE) == NONE
    assert infer("select", WB, c(1), c(1)) == c(1)
    assert infer("select", WB, WI, WF) == WF
    assert infer("select", WB, AbstractRange(1), AbstractRange(-1)) == AbstractRange(None)
    assert run("select", [WB, WI, WF], [True, 3, 2.5]) == 3.0
    assert run("select", [WB, WI, F32], [False, 3, 2.5]) == 2.5
    t = AbstractTuple((WI, WF))
    u = AbstractTuple((WF, WF))
    assert run("select", [WB, t, u], [True, (1, 2.0), (3.0, 4.0)]) == (1.0, 2.0)


def test_cast_infers_from_typed_ir():
    ex = FakeExpander([F32])
    cast = prim_op("cast", ex.block.args[0], result_type=to_type(F64))
    assert PRIMITIVES["cast"].rules["infer"]([F32], cast) == F64


def test_math_expansions():
    assert run("sin", [F32], [0.5]) == np.sin(np.float32(0.5))
    assert ops_of("sin", F32) == ["myia.sin"]
    assert ops_of("sin", WI) == ["myia.cast", "myia.sin"]
    assert ops_of("sqrt", WF) == ["myia.sqrt"]
    assert run("floor", [WF], [-2.5]) == -3.0
    assert run("ceil", [I8], [-3]) == -3.0
    assert run("isnan", [F32], [float("nan")]) is True
    assert run("hypot", [WI, F32], [3, 4.0]) == 5.0
    assert infer("hypot", WI, F32) == F32


# ---------------------------------------------------------------------------
# Sequences

RANGES = [
    (0, 10, 1), (0, 10, 3), (3, 0, 1), (10, 0, -1), (10, 0, -3), (10, -10, -7), (-5, 5, 2),
    (5, 5, 1), (5, 5, -1), (0, 1, 100), (-3, -30, -4),
]  # fmt: skip


def test_len():
    assert infer("len", AbstractRange(None)) == WI
    assert infer("len", AbstractList(WF)) == WI
    assert infer("len", AbstractArray("float64", (3, 4))) == c(3)
    assert infer("len", AbstractArray("float64", (None, 4))) == WI
    for start, stop, step in RANGES:
        for known in (step, None):
            got = run("len", [AbstractRange(known)], [(start, stop, step)])
            assert got == len(range(start, stop, step)), (start, stop, step, known)
    assert run("len", [AbstractList(WF)], [[1.0, 2.0]]) == 2


def test_getitem_tuple():
    t = AbstractTuple((WI, WF, NONE))
    assert infer("getitem", t, c(1)) == WF
    assert infer("getitem", t, c(-1)) == NONE
    assert infer("getitem", t, c(True)) == WF
    assert ops_of("getitem", t, c(-2)) == ["myia.tuple_get"]
    assert run("getitem", [t, c(-2)], [(1, 2.5, None), -2]) == 2.5
    sl = AbstractSlice(c(1), NONE, NONE)
    assert infer("getitem", t, sl) == AbstractTuple((WF, NONE))
    sl = AbstractSlice(NONE, NONE, c(-1))
    assert infer("getitem", t, sl) == AbstractTuple((NONE, WF, WI))
    assert run(
        "getitem", [t, AbstractSlice(NONE, NONE, c(-2))], [(1, 2.5, None), (None, None, -2)]
    ) == (None, 1)
    assert infer("getitem", t, AbstractSlice(c(5), NONE, NONE)) == AbstractTuple(())
    # Out of range: no value (IndexError where it runs: test_scalar_semantics).
    assert infer("getitem", AbstractTuple((WI, WF)), c(2)) == BOTTOM
    assert infer("getitem", AbstractTuple((WI, WF)), c(-3)) == BOTTOM


def test_getitem_tuple_at_run_time():
    t = AbstractTuple((WF, c(2.0), F64))
    assert infer("getitem", t, WI) == F64
    for i in range(-3, 3):
        assert run("getitem", [t, WI], [(1.5, 2.0, 3.5), i]) == (1.5, 2.0, 3.5)[i]
    for i in range(3):
        assert run("getitem", [t, U8], [(1.5, 2.0, 3.5), i]) == (1.5, 2.0, 3.5)[i]
    assert infer("getitem", AbstractTuple(()), WI) == BOTTOM  # IndexError if ever run
    nested = AbstractTuple((AbstractTuple((WI, WF)), AbstractTuple((WI, WF))))
    assert run("getitem", [nested, WI], [((1, 2.0), (3, 4.0)), -1]) == (3, 4.0)


def test_getitem_range_and_list():
    for start, stop, step in RANGES:
        r = range(start, stop, step)
        for i in range(-len(r), len(r)):
            for known in (step, None):
                assert run("getitem", [AbstractRange(known), WI], [(start, stop, step), i]) == r[i]
        if len(r):
            assert run("getitem", [AbstractRange(step), c(0)], [(start, stop, step), 0]) == r[0]
    lst = AbstractList(WF)
    assert infer("getitem", lst, WI) == WF
    for i in range(-3, 3):
        assert run("getitem", [lst, WI], [[1.0, 2.0, 3.0], i]) == [1.0, 2.0, 3.0][i]


def test_slice():
    s = infer("slice", WI, NONE, c(2))
    assert s == AbstractSlice(WI, NONE, c(2))
    ex = FakeExpander([WI, NONE, WI])
    value = PRIMITIVES["slice"].rules["expand"](ex, None, list(ex.block.args), [WI, NONE, WI], s)
    assert str(value.type) == "tuple<i64, !myia.none, i64>"


def test_contains():
    t = AbstractTuple((WI, NONE, WF))
    assert infer("contains", t, NONE) == c(True)
    assert infer("contains", AbstractTuple((WI, WF)), NONE) == c(False)
    assert infer("contains", AbstractTuple((c(1), c(2))), c(2)) == c(True)
    assert infer("contains", t, WI) == WB
    for x in (1, 2, 2.5, 3):
        assert run("contains", [t, WI if isinstance(x, int) else WF], [(1, None, 2.5), x]) == (
            x in (1, None, 2.5)
        )
    assert infer("contains", AbstractRange(1), NONE) == c(False)
    for start, stop, step in RANGES:
        for x in range(-12, 12):
            for known in (step, None):
                got = run("contains", [AbstractRange(known), WI], [(start, stop, step), x])
                assert got == (x in range(start, stop, step)), (start, stop, step, x, known)
    assert infer("contains", AbstractString("abc"), AbstractString("bc")) == c(True)


def test_range_and_iterators():
    assert infer("range", WI, WI, c(1)) == AbstractRange(1)
    assert infer("range", WB, I8, c(np.int8(-2))) == AbstractRange(-2)
    assert infer("range", WI, WI, WI) == AbstractRange(None)
    assert run("range", [WI, I8, WB], [1, 5, True]) == (1, 5, 1)
    lst = AbstractList(WF)
    it = infer("iter", lst)
    assert it == AbstractSequenceIterator(lst)
    assert run("iter", [lst], [[1.0]]) == ([1.0], 0)
    t = AbstractTuple((WI, WF))
    assert infer("iter", t) == t
    assert ops_of("iter", t) == []
    z = infer("zip", AbstractRange(1), lst, t)
    assert z == AbstractZip((AbstractRange(1), it, t))
    e = infer("enumerate", lst, WB)
    assert e == AbstractEnumerate(it)
    assert run("enumerate", [lst, WB], [[2.0], True]) == (1, 0, ([2.0], 0))


def loop(iterator: Abstract, value: Any, limit: int = 50) -> list[Any]:
    """Run ``for x in it`` through the hasnext and next expansions, with the
    iterator's abstract value broadened as loops carry it (a tuple shrinks)."""
    elements = []
    it = iterator
    for _ in range(limit):
        more = run("hasnext", [it], [value])
        if not more:
            return elements
        result, fn = expansion("next", it)
        element, value = fn(value)
        elements.append(element)
        it = broaden(result.elements[1])
    raise AssertionError("the loop does not end")


def test_loops():
    for start, stop, step in RANGES:
        expected = list(range(start, stop, step))
        assert loop(AbstractRange(step), (start, stop, step)) == expected
        assert loop(AbstractRange(None), (start, stop, step)) == expected
    lst = AbstractList(WF)
    assert loop(AbstractSequenceIterator(lst), ([1.0, 2.0, 3.0], 0)) == [1.0, 2.0, 3.0]
    assert loop(AbstractSequenceIterator(lst), ([], 0)) == []
    t = AbstractTuple((WI, WF, NONE))
    assert loop(t, (1, 2.5, None)) == [1, 2.5, None]
    assert infer("hasnext", AbstractTuple(())) == c(False)
    z = AbstractZip((AbstractRange(None), AbstractSequenceIterator(lst)))
    assert loop(z, ((0, 10, 3), ([1.0, 2.0], 0))) == list(zip(range(0, 10, 3), [1.0, 2.0]))
    zt = AbstractZip((AbstractRange(1), AbstractTuple((WI, WF))))
    assert loop(zt, ((5, 100, 1), (7, 8.5))) == [(5, 7), (6, 8.5)]
    assert infer("hasnext", AbstractZip((AbstractRange(1), AbstractTuple(())))) == c(False)
    en = AbstractEnumerate(AbstractRange(-2))
    assert loop(en, (3, 0, (10, 0, -2))) == list(enumerate(range(10, 0, -2), 3))
    et = AbstractEnumerate(AbstractTuple((WF, NONE)))
    assert loop(et, (0, 0, (1.5, None))) == [(0, 1.5), (1, None)]


def test_next_abstract_values():
    r = AbstractRange(None)
    assert infer("next", r) == AbstractTuple((WI, r))
    t = AbstractTuple((WI, WF))
    assert infer("next", t) == AbstractTuple((WI, AbstractTuple((WF,))))
    e = AbstractEnumerate(t)
    assert infer("next", e) == AbstractTuple(
        (AbstractTuple((WI, WI)), AbstractEnumerate(AbstractTuple((WF,))))
    )


# ---------------------------------------------------------------------------
# End to end: Python -> frontend -> inference and specialization -> the reference
# interpreter on the typed IR, compared with CPython; every primitive op of the
# typed module must be homogeneous.


def e2e_numbers(x, y):
    return (x * 2 + y, x / 2, x // 3, x % 3, -x, abs(y), x**2, 2**-1, True + True,
            min(x, y), max(x, y), x < y, x == 3, int(y), float(x), round(y), not x)  # fmt: skip


def e2e_ranges(a, b, s):
    total = 0
    for i in range(a, b, s):
        total = total * 3 + i
    down = 0
    for i in range(b, a, -2):
        down = down + i
    r = range(a, b, s)
    return total, down, len(r), (a + 1) in r, bool(r)


def e2e_iterators(t, lst):
    acc = 0.0
    for x, i in zip(lst, range(10, 0, -3)):
        acc = acc + x * i
    for k, x in enumerate(lst, 2):
        acc = acc - k * x
    for k, x in enumerate(t):
        acc = acc + k * x
    return acc, len(lst), lst[-1], lst[0]


def e2e_tuples(t, u, i, x):
    return (t == u, t != u, x in t, None in t, t[i], t[-1], t[1:], len(t), not t,
            (t, 1) == (u, 1), t + u, u * 2)  # fmt: skip


E2E = [
    (e2e_numbers, [(3, 2.5), (-7, 0.5), (0, -1.5), (True, 2.5)]),
    (e2e_numbers, [(np.float32(1.5), np.float32(2.0)), (np.int8(5), np.int8(-3))]),
    (e2e_ranges, [(0, 10, 3), (10, 0, -3), (5, 5, 1), (-4, 9, 2), (9, -4, -1)]),
    (e2e_iterators, [((1.0, 2.0), [1.5, 2.5, 3.5]), ((), [0.5]), ((3.0, 4.0, 5.0), [1.0, 2.0])]),
    (
        e2e_tuples,
        [((1, 2, 3), (1, 2, 3), 0, 2), ((1, 2, 3), (1, 2, 4), -1, 5), ((4, 5, 6), (0, 0, 0), 1, 6)],
    ),
]


@pytest.mark.parametrize("fn, cases", E2E, ids=[f.__name__ for f, _ in E2E])
def test_end_to_end(fn, cases):
    infer_module = pytest.importorskip("myia.passes.infer").infer_module
    interpreter = pytest.importorskip("myia.runtime.interpreter")
    from myia.dialects.abstract_of_values import abstract_of
    from myia.frontend import parse

    for case in cases:
        module, entry = infer_module(parse(fn), fn.__name__, [abstract_of(a) for a in case])
        module.verify()
        for op in module.walk():
            if isinstance(op, PrimOp):
                types = [a.type for a in op.args]
                if op.PRIMITIVE.name in HOMOGENEOUS:
                    assert len(set(types)) == 1, str(op)
                if op.PRIMITIVE.name == "select":
                    assert dtype_of_type(types[0]) == BOOL and types[1] == types[2], str(op)
        got = interpreter.Interpreter(module).call(entry, *case)
        assert got == fn(*case), case
