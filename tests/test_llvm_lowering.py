"""The conversions to the llvm dialect (myia.lowering.llvm), checked on the IR and
by running the lowered code natively against Python's own arithmetic."""

from __future__ import annotations

import math
import struct

import llvmlite.binding as llvm_binding
import pytest
from xdsl.dialects import llvm
from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser

from myia.lowering.llvm import PASSES, emit_llvm_ir, lower_to_llvm, make_context
from myia.lowering.llvm.common import LoweringError
from myia.runtime.abi import compile_native
from myia.runtime.jit import initialize_llvm

CTX = make_context()


def parse(text: str) -> ModuleOp:
    return Parser(CTX, text).parse_module()


def run_pass(name: str, module: ModuleOp, **options) -> ModuleOp:
    PASSES[name]()(**options).apply(CTX, module)
    module.verify()
    return module


def ops_of(module: ModuleOp) -> list[str]:
    return [op.name for op in module.walk() if op is not module]


def native(text: str, *entries: str, **options):
    fns = compile_native(parse(text), entries, **options)
    return fns[entries[0]] if len(entries) == 1 else fns


def wrap(x: int, bits: int = 64) -> int:
    x &= (1 << bits) - 1
    return x - (1 << bits) if x >> (bits - 1) else x


def unsigned(x: int, bits: int = 64) -> int:
    return x & ((1 << bits) - 1)


def f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


# ---------------------------------------------------------------------------
# Integer arithmetic

INT_OPS = {
    "addi": lambda a, b: wrap(a + b),
    "subi": lambda a, b: wrap(a - b),
    "muli": lambda a, b: wrap(a * b),
    "andi": lambda a, b: a & b,
    "ori": lambda a, b: a | b,
    "xori": lambda a, b: a ^ b,
    "divsi": lambda a, b: wrap(abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)),
    "remsi": lambda a, b: wrap(a - b * (abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1))),
    "divui": lambda a, b: wrap(unsigned(a) // unsigned(b)),
    "remui": lambda a, b: wrap(unsigned(a) % unsigned(b)),
    "floordivsi": lambda a, b: wrap(a // b),
    "ceildivsi": lambda a, b: wrap(-((-a) // b)),
    "ceildivui": lambda a, b: wrap(-((-unsigned(a)) // unsigned(b))),
    "maxsi": max,
    "minsi": min,
    "maxui": lambda a, b: wrap(max(unsigned(a), unsigned(b))),
    "minui": lambda a, b: wrap(min(unsigned(a), unsigned(b))),
}

INT_VALUES = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 2**62 + 5, -(2**62) - 3, 2**63 - 1, -(2**63)]


def _int_module(ops, type_="i64") -> str:
    return "\n".join(
        f"func.func @{op}(%a: {type_}, %b: {type_}) -> {type_} {{\n"
        f"  %r = arith.{op} %a, %b : {type_}\n  func.return %r : {type_}\n}}"
        for op in ops
    )


@pytest.fixture(scope="module")
def int_fns():
    return native(_int_module(INT_OPS), *INT_OPS)


@pytest.mark.parametrize("op", sorted(INT_OPS))
def test_integer_ops_match_python(int_fns, op):
    fn, ref = int_fns[op], INT_OPS[op]
    divides = "div" in op or "rem" in op
    for a in INT_VALUES:
        for b in INT_VALUES:
            if divides and b == 0:
                continue
            assert fn(a, b) == (ref(a, b),), (op, a, b)


@pytest.mark.parametrize(
    "op", ["divsi", "remsi", "divui", "remui", "floordivsi", "ceildivsi", "ceildivui"]
)
def test_division_by_zero_raises(int_fns, op):
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        int_fns[op](5, 0)
    assert int_fns[op](5, 1) == (INT_OPS[op](5, 1),)  # the function still works


def test_min_value_divided_by_minus_one_wraps(int_fns):
    low = -(2**63)
    assert int_fns["divsi"](low, -1) == (low,)
    assert int_fns["floordivsi"](low, -1) == (low,)
    assert int_fns["ceildivsi"](low, -1) == (low,)
    assert int_fns["remsi"](low, -1) == (0,)


def test_division_unchecked_has_no_branch():
    module = parse(_int_module(["floordivsi"]))
    run_pass("convert-arith-to-llvm", module)
    names = ops_of(module)
    assert "llvm.cond_br" not in names and "llvm.call" not in names
    checked = parse(_int_module(["floordivsi"]))
    run_pass("convert-arith-to-llvm", checked, check_division=True)
    assert "llvm.cond_br" in ops_of(checked)


def test_shifts_and_narrow_types():
    text = """
    func.func @shl(%a: i32, %b: i32) -> i32 { %r = arith.shli %a, %b : i32
      func.return %r : i32 }
    func.func @shrsi(%a: i32, %b: i32) -> i32 { %r = arith.shrsi %a, %b : i32
      func.return %r : i32 }
    func.func @shrui(%a: i32, %b: i32) -> i32 { %r = arith.shrui %a, %b : i32
      func.return %r : i32 }
    func.func @add8(%a: i8, %b: i8) -> i8 { %r = arith.addi %a, %b : i8
      func.return %r : i8 }
    func.func @mul16(%a: i16, %b: i16) -> i16 { %r = arith.muli %a, %b : i16
      func.return %r : i16 }
    func.func @xor1(%a: i1, %b: i1) -> i1 { %r = arith.xori %a, %b : i1
      func.return %r : i1 }
    """
    fns = native(text, "shl", "shrsi", "shrui", "add8", "mul16", "xor1")
    assert fns["shl"](3, 30) == (wrap(3 << 30, 32),)
    assert fns["shrsi"](-64, 3) == (-8,)
    assert fns["shrui"](-64, 3) == (unsigned(-64, 32) >> 3,)
    assert fns["add8"](100, 100) == (wrap(200, 8),)
    assert fns["mul16"](300, 300) == (wrap(90000, 16),)
    assert fns["xor1"](True, True) == (False,)
    assert fns["xor1"](True, False) == (True,)


# ---------------------------------------------------------------------------
# Comparisons

CMPI = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "slt": lambda a, b: a < b,
    "sle": lambda a, b: a <= b,
    "sgt": lambda a, b: a > b,
    "sge": lambda a, b: a >= b,
    "ult": lambda a, b: unsigned(a) < unsigned(b),
    "ule": lambda a, b: unsigned(a) <= unsigned(b),
    "ugt": lambda a, b: unsigned(a) > unsigned(b),
    "uge": lambda a, b: unsigned(a) >= unsigned(b),
}


def _unordered(ref):
    return lambda a, b: math.isnan(a) or math.isnan(b) or ref(a, b)


def _ordered(ref):
    return lambda a, b: not (math.isnan(a) or math.isnan(b)) and ref(a, b)


CMPF = {
    "false": lambda a, b: False,
    "oeq": _ordered(lambda a, b: a == b),
    "ogt": _ordered(lambda a, b: a > b),
    "oge": _ordered(lambda a, b: a >= b),
    "olt": _ordered(lambda a, b: a < b),
    "ole": _ordered(lambda a, b: a <= b),
    "one": _ordered(lambda a, b: a != b),
    "ord": _ordered(lambda a, b: True),
    "ueq": _unordered(lambda a, b: a == b),
    "ugt": _unordered(lambda a, b: a > b),
    "uge": _unordered(lambda a, b: a >= b),
    "ult": _unordered(lambda a, b: a < b),
    "ule": _unordered(lambda a, b: a <= b),
    "une": _unordered(lambda a, b: a != b),
    "uno": _unordered(lambda a, b: False),
    "true": lambda a, b: True,
}


def test_cmpi_all_predicates():
    text = "\n".join(
        f"func.func @{p}(%a: i64, %b: i64) -> i1 {{ %r = arith.cmpi {p}, %a, %b : i64\n"
        "  func.return %r : i1 }"
        for p in CMPI
    )
    fns = native(text, *CMPI)
    for p, ref in CMPI.items():
        for a in INT_VALUES:
            for b in (0, -1, 3, 2**63 - 1):
                assert fns[p](a, b) == (ref(a, b),), (p, a, b)


def test_cmpf_all_predicates_with_nan():
    text = "\n".join(
        f"func.func @{p}(%a: f64, %b: f64) -> i1 {{ %r = arith.cmpf {p}, %a, %b : f64\n"
        "  func.return %r : i1 }"
        for p in CMPF
    )
    fns = native(text, *CMPF)
    values = [0.0, -0.0, 1.5, -2.0, math.inf, -math.inf, math.nan]
    for p, ref in CMPF.items():
        for a in values:
            for b in values:
                assert fns[p](a, b) == (ref(a, b),), (p, a, b)


def test_select():
    fn = native(
        """func.func @sel(%c: i1, %a: f64, %b: f64) -> f64 {
          %r = arith.select %c, %a, %b : f64
          func.return %r : f64 }""",
        "sel",
    )
    assert fn(True, 1.0, 2.0) == (1.0,)
    assert fn(False, 1.0, 2.0) == (2.0,)


# ---------------------------------------------------------------------------
# Floats

FLOAT_OPS = {
    "addf": lambda a, b: a + b,
    "subf": lambda a, b: a - b,
    "mulf": lambda a, b: a * b,
    "divf": lambda a, b: a / b,
    "remf": math.fmod,
    "maximumf": lambda a, b: math.nan if math.isnan(a) or math.isnan(b) else max(a, b),
    "minimumf": lambda a, b: math.nan if math.isnan(a) or math.isnan(b) else min(a, b),
    "maxnumf": lambda a, b: b if math.isnan(a) else a if math.isnan(b) else max(a, b),
    "minnumf": lambda a, b: b if math.isnan(a) else a if math.isnan(b) else min(a, b),
}


def same_float(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or x == y


def test_float_ops_match_python():
    fns = native(_int_module(FLOAT_OPS, "f64"), *FLOAT_OPS)
    values = [0.5, -3.25, 7.0, 1e300, -1e-300, math.inf, math.nan]
    for op, ref in FLOAT_OPS.items():
        for a in values:
            for b in values:
                try:
                    expected = ref(a, b)
                except (ValueError, ZeroDivisionError):
                    continue
                assert same_float(fns[op](a, b)[0], expected), (op, a, b)


def test_negf_and_float_constants():
    fn = native(
        """func.func @consts(%x: f64) -> (f64, f64, f64, f64, f32) {
          %n = arith.negf %x : f64
          %nan = arith.constant 0x7FF8000000000000 : f64
          %inf = arith.constant 0x7FF0000000000000 : f64
          %ninf = arith.constant 0xFFF0000000000000 : f64
          %third = arith.constant 0.333333343 : f32
          func.return %n, %nan, %inf, %ninf, %third : f64, f64, f64, f64, f32 }""",
        "consts",
    )
    n, nan, inf, ninf, third = fn(2.5)
    assert n == -2.5 and math.isnan(nan) and inf == math.inf and ninf == -math.inf
    assert third == f32(1 / 3)
    assert math.copysign(1.0, fn(0.0)[0]) == -1.0  # -0.0


def test_bool_and_integer_constants():
    fn = native(
        """func.func @consts() -> (i1, i1, i8, i32, i64) {
          %t = arith.constant true
          %f = arith.constant false
          %a = arith.constant -1 : i8
          %b = arith.constant 2147483647 : i32
          %c = arith.constant -9223372036854775808 : i64
          func.return %t, %f, %a, %b, %c : i1, i1, i8, i32, i64 }""",
        "consts",
    )
    assert fn() == (True, False, -1, 2**31 - 1, -(2**63))


# ---------------------------------------------------------------------------
# Casts


def test_casts():
    text = """
    func.func @extsi(%a: i8) -> i64 { %r = arith.extsi %a : i8 to i64
      func.return %r : i64 }
    func.func @extui(%a: i8) -> i64 { %r = arith.extui %a : i8 to i64
      func.return %r : i64 }
    func.func @trunci(%a: i64) -> i16 { %r = arith.trunci %a : i64 to i16
      func.return %r : i16 }
    func.func @sitofp(%a: i64) -> f64 { %r = arith.sitofp %a : i64 to f64
      func.return %r : f64 }
    func.func @uitofp(%a: i64) -> f64 { %r = arith.uitofp %a : i64 to f64
      func.return %r : f64 }
    func.func @fptosi(%a: f64) -> i32 { %r = arith.fptosi %a : f64 to i32
      func.return %r : i32 }
    func.func @fptoui(%a: f64) -> i64 { %r = arith.fptoui %a : f64 to i64
      func.return %r : i64 }
    func.func @extf(%a: f32) -> f64 { %r = arith.extf %a : f32 to f64
      func.return %r : f64 }
    func.func @truncf(%a: f64) -> f32 { %r = arith.truncf %a : f64 to f32
      func.return %r : f32 }
    func.func @bitcast(%a: f64) -> i64 { %r = arith.bitcast %a : f64 to i64
      func.return %r : i64 }
    func.func @bool(%a: i1) -> i64 { %r = arith.extui %a : i1 to i64
      func.return %r : i64 }
    func.func @index(%a: i32) -> i32 {
      %i = arith.index_cast %a : i32 to index
      %c = arith.constant 0 : index
      %j = arith.addi %i, %c : index
      %r = arith.index_cast %j : index to i32
      func.return %r : i32 }
    """
    names = [
        "extsi",
        "extui",
        "trunci",
        "sitofp",
        "uitofp",
        "fptosi",
        "fptoui",
        "extf",
        "truncf",
        "bitcast",
        "bool",
        "index",
    ]
    fns = native(text, *names)
    assert fns["extsi"](-5) == (-5,)
    assert fns["extui"](-5) == (251,)
    assert fns["trunci"](70000) == (wrap(70000, 16),)
    assert fns["sitofp"](-(2**53) - 1) == (float(-(2**53) - 1),)
    assert fns["uitofp"](-1) == (float(2**64 - 1),)
    assert fns["fptosi"](-3.99) == (-3,)
    assert fns["fptoui"](2.0**63) == (-(2**63),)  # unsigned 2**63, read back as i64
    assert fns["extf"](1.5) == (1.5,)
    assert fns["truncf"](0.1) == (f32(0.1),)
    assert fns["bitcast"](1.0) == (struct.unpack("q", struct.pack("d", 1.0))[0],)
    assert fns["bool"](True) == (1,)
    assert fns["index"](-7) == (-7,)


# ---------------------------------------------------------------------------
# math


UNARY_MATH = {
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "exp": math.exp,
    "exp2": lambda x: 2.0**x,
    "expm1": math.expm1,
    "log": math.log,
    "log2": math.log2,
    "log10": math.log10,
    "log1p": math.log1p,
    "sqrt": math.sqrt,
    "rsqrt": lambda x: 1 / math.sqrt(x),
    "tanh": math.tanh,
    "sinh": math.sinh,
    "cosh": math.cosh,
    "asin": math.asin,
    "acos": math.acos,
    "atan": math.atan,
    "asinh": math.asinh,
    "acosh": math.acosh,
    "atanh": math.atanh,
    "erf": math.erf,
    "erfc": math.erfc,
    "floor": math.floor,
    "ceil": math.ceil,
    "trunc": math.trunc,
    "absf": abs,
    "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
    "round": lambda x: math.copysign(math.floor(abs(x) + 0.5), x),
    "roundeven": lambda x: float(round(x)),
}


def _domain(name: str, x: float) -> bool:
    if name in ("log", "log2", "log10", "sqrt", "rsqrt"):
        return x > 0
    if name in ("asin", "acos", "atanh"):
        return -1 < x < 1
    if name == "acosh":
        return x >= 1
    if name == "log1p":
        return x > -1
    return True


@pytest.fixture(scope="module")
def math_fns():
    text = (
        "\n".join(
            f"func.func @{n}(%a: f64) -> f64 {{ %r = math.{n} %a : f64\n  func.return %r : f64 }}"
            for n in UNARY_MATH
        )
        + """
    func.func @atan2(%a: f64, %b: f64) -> f64 { %r = math.atan2 %a, %b : f64
      func.return %r : f64 }
    func.func @powf(%a: f64, %b: f64) -> f64 { %r = math.powf %a, %b : f64
      func.return %r : f64 }
    func.func @copysign(%a: f64, %b: f64) -> f64 { %r = math.copysign %a, %b : f64
      func.return %r : f64 }
    func.func @fma(%a: f64, %b: f64, %c: f64) -> f64 { %r = math.fma %a, %b, %c : f64
      func.return %r : f64 }
    func.func @fpowi(%a: f64, %b: i32) -> f64 { %r = math.fpowi %a, %b : f64, i32
      func.return %r : f64 }
    func.func private @lgamma(f64) -> f64
    func.func private @tgamma(f64) -> f64
    func.func @gammas(%a: f64) -> (f64, f64) {
      %l = func.call @lgamma(%a) : (f64) -> f64
      %t = func.call @tgamma(%a) : (f64) -> f64
      func.return %l, %t : f64, f64 }
    func.func @tanh32(%a: f32) -> f32 { %r = math.tanh %a : f32
      func.return %r : f32 }
    func.func @sin32(%a: f32) -> f32 { %r = math.sin %a : f32
      func.return %r : f32 }
    """
    )
    names = [*UNARY_MATH, "atan2", "powf", "copysign", "fma", "fpowi", "gammas", "tanh32", "sin32"]
    return native(text, *names)


@pytest.mark.parametrize("name", sorted(UNARY_MATH))
def test_unary_math_matches_python(math_fns, name):
    ref = UNARY_MATH[name]
    for x in (-2.5, -0.75, -0.5, 0.3, 0.5, 1.0, 1.5, 2.5, 3.7, 10.25):
        if not _domain(name, x):
            continue
        got = math_fns[name](x)[0]
        assert got == pytest.approx(ref(x), rel=1e-14, abs=1e-300), (name, x)


def test_binary_math_and_libm(math_fns):
    for a, b in ((1.0, 2.0), (-3.0, 0.5), (0.0, -1.0)):
        assert math_fns["atan2"](a, b)[0] == math.atan2(a, b)
        assert math_fns["copysign"](a, b)[0] == math.copysign(a, b)
    assert math_fns["powf"](2.0, 0.5)[0] == pytest.approx(math.sqrt(2.0), rel=1e-15)
    assert math_fns["fma"](2.0, 3.0, 1.0) == (7.0,)
    assert math_fns["fpowi"](1.5, 3) == (1.5**3,)
    assert math_fns["fpowi"](2.0, -2) == (0.25,)
    for x in (0.5, 3.0, 7.25):
        lg, tg = math_fns["gammas"](x)
        assert lg == pytest.approx(math.lgamma(x), rel=1e-14)
        assert tg == pytest.approx(math.gamma(x), rel=1e-14)
    assert math_fns["tanh32"](0.5) == (pytest.approx(f32(math.tanh(f32(0.5))), rel=1e-6),)
    assert math_fns["sin32"](0.5) == (pytest.approx(f32(math.sin(0.5)), rel=1e-6),)


def test_half_precision_through_f32():
    fn = native(
        """func.func @h(%x: f16, %y: f16) -> (f16, f16) {
          %e = math.expm1 %x : f16
          %s = arith.addf %x, %y : f16
          func.return %e, %s : f16, f16 }""",
        "h",
    )
    e, s = fn(0.5, 0.25)
    assert e == struct.unpack("e", struct.pack("e", math.expm1(0.5)))[0]
    assert s == 0.75


def test_integer_math():
    text = """
    func.func @absi(%a: i64) -> i64 { %r = math.absi %a : i64
      func.return %r : i64 }
    func.func @ctlz(%a: i32) -> i32 { %r = math.ctlz %a : i32
      func.return %r : i32 }
    func.func @cttz(%a: i32) -> i32 { %r = math.cttz %a : i32
      func.return %r : i32 }
    func.func @ctpop(%a: i64) -> i64 { %r = math.ctpop %a : i64
      func.return %r : i64 }
    func.func @ipowi(%a: i64, %b: i64) -> i64 { %r = math.ipowi %a, %b : i64
      func.return %r : i64 }
    func.func @ipowi32(%a: i32, %b: i32) -> i32 { %r = math.ipowi %a, %b : i32
      func.return %r : i32 }
    """
    fns = native(text, "absi", "ctlz", "cttz", "ctpop", "ipowi", "ipowi32")
    assert fns["absi"](-5) == (5,) and fns["absi"](-(2**63)) == (-(2**63),)
    assert fns["ctlz"](1) == (31,) and fns["ctlz"](0) == (32,)
    assert fns["cttz"](8) == (3,) and fns["cttz"](0) == (32,)
    assert fns["ctpop"](-1) == (64,)
    for a in (-3, -1, 0, 1, 2, 7):
        for b in (0, 1, 2, 5, 13):
            assert fns["ipowi"](a, b) == (wrap(a**b),), (a, b)
    assert fns["ipowi"](3, 64) == (wrap(3**64),)
    assert fns["ipowi32"](3, 21) == (wrap(3**21, 32),)
    with pytest.raises(ValueError, match="negative integer powers"):
        fns["ipowi"](2, -1)


def test_ipowi_negative_exponent_unchecked():
    text = """func.func @ipowi(%a: i64, %b: i64) -> i64 { %r = math.ipowi %a, %b : i64
      func.return %r : i64 }"""
    fn = native(text, "ipowi", check_ipowi=False)
    assert [fn(a, -3)[0] for a in (1, -1, 2, -2)] == [1, -1, 0, 0]
    assert fn(-1, -2) == (1,)


def test_math_intrinsics_and_libm_calls_in_ir():
    module = parse(
        """func.func @f(%a: f64) -> f64 {
          %s = math.sin %a : f64
          %t = math.tanh %s : f64
          %u = math.erf %t fastmath<fast> : f64
          func.return %u : f64 }"""
    )
    run_pass("convert-math-to-llvm", module)
    calls = [op for op in module.walk() if isinstance(op, llvm.CallOp | llvm.CallIntrinsicOp)]
    assert isinstance(calls[0], llvm.CallIntrinsicOp) and calls[0].intrin.data == "llvm.sin.f64"
    assert [c.callee.string_value() for c in calls[1:]] == ["tanh", "erf"]
    decls = {op.sym_name.data for op in module.ops if isinstance(op, llvm.FuncOp)}
    assert decls == {"tanh", "erf"}


# ---------------------------------------------------------------------------
# Control flow


def test_cf_loop_with_back_edge():
    fn = native(
        """func.func @sum(%n: i64) -> i64 {
          %c0 = arith.constant 0 : i64
          %c1 = arith.constant 1 : i64
          cf.br ^header(%c0, %c0 : i64, i64)
        ^header(%i: i64, %acc: i64):
          %done = arith.cmpi sgt, %i, %n : i64
          cf.cond_br %done, ^exit(%acc : i64), ^body
        ^body:
          %acc2 = arith.addi %acc, %i : i64
          %i2 = arith.addi %i, %c1 : i64
          cf.br ^header(%i2, %acc2 : i64, i64)
        ^exit(%r: i64):
          func.return %r : i64 }""",
        "sum",
    )
    assert fn(100) == (5050,)
    assert fn(-1) == (0,)


def test_cf_switch_and_same_successor_with_different_arguments():
    fn = native(
        """func.func @pick(%x: i64, %a: i64, %b: i64) -> i64 {
          cf.switch %x : i64, [
            default: ^out(%x : i64),
            1: ^out(%a : i64),
            2: ^out(%b : i64),
            3: ^three
          ]
        ^three:
          %c = arith.cmpi slt, %a, %b : i64
          cf.cond_br %c, ^out(%a : i64), ^out(%b : i64)
        ^out(%r: i64):
          func.return %r : i64 }""",
        "pick",
    )
    assert [fn(x, 10, 20)[0] for x in (0, 1, 2, 3, 9)] == [0, 10, 20, 10, 9]
    assert fn(3, 30, 20) == (20,)


def test_scf_while_for_if_index_switch():
    text = """
    func.func @collatz(%n: i64) -> i64 {
      %c0 = arith.constant 0 : i64
      %c1 = arith.constant 1 : i64
      %c2 = arith.constant 2 : i64
      %c3 = arith.constant 3 : i64
      %r:2 = scf.while (%x = %n, %steps = %c0) : (i64, i64) -> (i64, i64) {
        %more = arith.cmpi ne, %x, %c1 : i64
        scf.condition(%more) %x, %steps : i64, i64
      } do {
      ^bb0(%y: i64, %s: i64):
        %rem = arith.remsi %y, %c2 : i64
        %even = arith.cmpi eq, %rem, %c0 : i64
        %next = scf.if %even -> (i64) {
          %h = arith.divsi %y, %c2 : i64
          scf.yield %h : i64
        } else {
          %t = arith.muli %y, %c3 : i64
          %t1 = arith.addi %t, %c1 : i64
          scf.yield %t1 : i64
        }
        %s1 = arith.addi %s, %c1 : i64
        scf.yield %next, %s1 : i64, i64
      }
      func.return %r#1 : i64
    }
    func.func @sum_squares(%n: index) -> index {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c0) -> (index) {
        %sq = arith.muli %i, %i : index
        %a = arith.addi %acc, %sq : index
        scf.yield %a : index
      }
      func.return %s : index
    }
    func.func @name(%i: index) -> i64 {
      %r = scf.index_switch %i -> i64
      case 0 { %a = arith.constant 100 : i64
        scf.yield %a : i64 }
      case 5000000000 { %b = arith.constant 200 : i64
        scf.yield %b : i64 }
      default { %c = arith.constant -1 : i64
        scf.yield %c : i64 }
      func.return %r : i64
    }
    """
    fns = native(text, "collatz", "sum_squares", "name")
    assert fns["collatz"](27) == (111,)
    assert fns["sum_squares"](10) == (285,)
    assert [fns["name"](i)[0] for i in (0, 5000000000, 705032704, 3)] == [100, 200, -1, -1]


def test_scf_to_cf_leaves_no_scf():
    module = parse(
        """func.func @f(%c: i1, %n: i64) -> i64 {
          %r = scf.execute_region -> (i64) {
            %x = scf.if %c -> (i64) {
              scf.yield %n : i64
            } else {
              %z = arith.constant 0 : i64
              scf.yield %z : i64
            }
            scf.yield %x : i64
          }
          func.return %r : i64 }"""
    )
    run_pass("myia-scf-to-cf", module)
    assert not [n for n in ops_of(module) if n.startswith("scf.")]
    fn = compile_native(module, "f")["f"]
    assert fn(True, 4) == (4,) and fn(False, 4) == (0,)


def test_assert():
    fn = native(
        """func.func @pos(%x: i64) -> i64 {
          %c0 = arith.constant 0 : i64
          %ok = arith.cmpi sgt, %x, %c0 : i64
          cf.assert %ok, "x must be positive"
          func.return %x : i64 }""",
        "pos",
    )
    assert fn(3) == (3,)
    with pytest.raises(AssertionError):
        fn(-3)


# ---------------------------------------------------------------------------
# Functions


def test_multiple_results_calls_and_visibility():
    text = """
    func.func private @divmod(%a: i64, %b: i64) -> (i64, i64) {
      %q = arith.floordivsi %a, %b : i64
      %m = arith.muli %q, %b : i64
      %r = arith.subi %a, %m : i64
      func.return %q, %r : i64, i64
    }
    func.func @use(%a: i64, %b: i64) -> (i64, i64, f64) {
      %q, %r = func.call @divmod(%a, %b) : (i64, i64) -> (i64, i64)
      %f = arith.sitofp %q : i64 to f64
      func.return %r, %q, %f : i64, i64, f64
    }
    func.func @nothing() {
      func.return
    }
    """
    module = parse(text)
    lower_to_llvm(module, verify=True)
    funcs = {op.sym_name.data: op for op in module.ops if isinstance(op, llvm.FuncOp)}
    assert funcs["divmod"].linkage.linkage.data == "internal"
    assert funcs["use"].linkage.linkage.data == "external"
    assert isinstance(funcs["use"].function_type.output, llvm.LLVMStructType)
    assert isinstance(funcs["nothing"].function_type.output, llvm.LLVMVoidType)
    fns = compile_native(module, ["use", "nothing"])
    assert fns["use"](-7, 2) == (1, -4, -4.0)
    assert fns["nothing"]() == ()


def test_mutual_recursion_gets_stack_checks_only_where_needed():
    module = parse(
        """
        func.func @even(%n: i64) -> i1 {
          %c0 = arith.constant 0 : i64
          %z = arith.cmpi eq, %n, %c0 : i64
          cf.cond_br %z, ^yes, ^no
        ^yes:
          %t = arith.constant true
          func.return %t : i1
        ^no:
          %c1 = arith.constant 1 : i64
          %m = arith.subi %n, %c1 : i64
          %r = func.call @odd(%m) : (i64) -> i1
          func.return %r : i1
        }
        func.func @odd(%n: i64) -> i1 {
          %c0 = arith.constant 0 : i64
          %z = arith.cmpi eq, %n, %c0 : i64
          cf.cond_br %z, ^yes, ^no
        ^yes:
          %f = arith.constant false
          func.return %f : i1
        ^no:
          %c1 = arith.constant 1 : i64
          %m = arith.subi %n, %c1 : i64
          %r = func.call @even(%m) : (i64) -> i1
          func.return %r : i1
        }
        func.func @leaf(%n: i64) -> i1 {
          %r = func.call @even(%n) : (i64) -> i1
          func.return %r : i1
        }
        """
    )
    lower_to_llvm(module, verify=True)
    checked = {
        op.sym_name.data
        for op in module.ops
        if isinstance(op, llvm.FuncOp)
        and any(isinstance(o, llvm.CallIntrinsicOp) for o in op.walk())
    }
    assert checked == {"even", "odd"}
    fn = compile_native(module, "leaf")["leaf"]
    assert fn(10001) == (False,)


# ---------------------------------------------------------------------------
# Structure and errors


def test_index_must_be_lowered_first():
    module = parse(
        """func.func @f(%a: index) -> index {
          %r = arith.addi %a, %a : index
          func.return %r : index }"""
    )
    with pytest.raises(LoweringError, match="lower-index-to-i64"):
        run_pass("convert-arith-to-llvm", module)
    module = parse(
        """func.func @f(%a: index) -> index {
          %z = arith.constant 0 : index
          %r = arith.addi %a, %z : index
          func.return %r : index }"""
    )
    run_pass("lower-index-to-i64", module)
    assert "index" not in str(module)
    assert "arith.constant 0 : i64" in str(module)


def test_pipeline_output_is_valid_llvm_ir():
    module = parse(
        """func.func @f(%a: f64, %n: i64) -> f64 {
          %c = arith.cmpf uno, %a, %a : f64
          %x = arith.select %c, %a, %a : f64
          %y = math.exp %x : f64
          %i = arith.fptosi %y : f64 to i64
          %j = arith.divsi %i, %n : i64
          %k = arith.uitofp %j : i64 to f64
          func.return %k : f64 }"""
    )
    lower_to_llvm(module, verify=True)
    text = emit_llvm_ir(module)
    initialize_llvm()
    parsed = llvm_binding.parse_assembly(text)
    parsed.verify()
    assert "fptosi double" in text and "uitofp i64" in text and "fcmp uno" in text


def test_every_pass_is_registered_by_name():
    for name, factory in PASSES.items():
        assert factory().name == name
