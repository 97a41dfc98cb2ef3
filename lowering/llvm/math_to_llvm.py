"""``convert-math-to-llvm``: math operations become LLVM intrinsics or libm calls.

* LLVM intrinsics (``llvm.call_intrinsic``) where LLVM has one that compiles to
  an instruction or that LLVM constant-folds: ``sin cos exp exp2 log log2 log10
  sqrt floor ceil trunc round roundeven absf copysign powf fpowi fma absi ctlz
  cttz ctpop``. ``rsqrt`` is ``1 / sqrt(x)``.
* libm calls (``llvm.call`` to an external ``llvm.func`` the pass declares) for
  the rest: ``tan tanh sinh cosh asin acos atan atan2 asinh acosh atanh erf erfc
  expm1 log1p cbrt`` (``tanf``... for f32; f16 goes through f32). The JIT finds
  libm in the process (see :mod:`myia.runtime.jit`). ``lgamma``/``tgamma`` have
  no math operation: call them with ``func.call`` to a ``func.func private``
  declaration, which ``convert-func-to-llvm`` turns into the same libm call.
  If the module defines its own function with a libm name (``@tan``), the call
  goes to ``__myia_libm_tan``, an alias the JIT binds to libm's ``tan``.
* ``ipowi`` calls an internal helper ``__myia_ipowi_<type>`` (square and
  multiply) that the pass adds to the module. A negative exponent gives MLIR's
  result (1 for base 1, +-1 for base -1, 0 otherwise), or with
  ``check-ipowi=true`` (what ``myia-to-llvm`` uses) calls ``myia_raise`` with
  :attr:`ErrorCode.NEGATIVE_POWER`.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import llvm, math
from xdsl.dialects.builtin import (
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    f32,
    i1,
    i32,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from . import extra_ops
from .arith_to_llvm import constant, fastmath
from .common import (
    LoweringError,
    declare_function,
    declare_runtime_function,
    icmp,
    intrinsic_suffix,
    module_of,
    reject_index,
)
from .runtime_decls import LIBM_ALIAS_PREFIX, MYIA_RAISE, ErrorCode

PASS_NAME = "convert-math-to-llvm"

INTRINSICS: dict[type[Operation], str] = {
    math.SinOp: "llvm.sin",
    math.CosOp: "llvm.cos",
    math.ExpOp: "llvm.exp",
    math.Exp2Op: "llvm.exp2",
    math.LogOp: "llvm.log",
    math.Log2Op: "llvm.log2",
    math.Log10Op: "llvm.log10",
    math.SqrtOp: "llvm.sqrt",
    math.FloorOp: "llvm.floor",
    math.CeilOp: "llvm.ceil",
    math.TruncOp: "llvm.trunc",
    math.RoundOp: "llvm.round",
    math.RoundEvenOp: "llvm.roundeven",
    math.AbsFOp: "llvm.fabs",
    math.PowFOp: "llvm.pow",
    math.CopySignOp: "llvm.copysign",
    math.FmaOp: "llvm.fma",
    math.CtPopOp: "llvm.ctpop",
}
"""Operations that are one overloaded intrinsic on the same operands."""

ZERO_POISON_INTRINSICS: dict[type[Operation], str] = {
    math.AbsIOp: "llvm.abs",
    math.CountLeadingZerosOp: "llvm.ctlz",
    math.CountTrailingZerosOp: "llvm.cttz",
}
"""Integer intrinsics with an extra ``i1 false`` (no poison on INT_MIN / zero)."""

LIBM: dict[type[Operation], str] = {
    math.TanOp: "tan",
    math.TanhOp: "tanh",
    math.SinhOp: "sinh",
    math.CoshOp: "cosh",
    math.AsinOp: "asin",
    math.AcosOp: "acos",
    math.AtanOp: "atan",
    math.Atan2Op: "atan2",
    math.AsinhOp: "asinh",
    math.AcoshOp: "acosh",
    math.AtanhOp: "atanh",
    math.ErfOp: "erf",
    extra_ops.ErfcOp: "erfc",
    math.ExpM1Op: "expm1",
    math.Log1pOp: "log1p",
    math.CbrtOp: "cbrt",
}
"""Operations that are a call to the libm function of this name (f64)."""


class MathToLLVM:
    def __init__(self, check_ipowi: bool = False):
        self.check_ipowi = check_ipowi

    def run(self, module: ModuleOp) -> None:
        for op in list(module.walk()):
            if op.dialect_name() != "math":
                continue
            reject_index(op, PASS_NAME)
            kind = type(op)
            type_ = op.results[0].type
            if kind in INTRINSICS:
                name = f"{INTRINSICS[kind]}.{intrinsic_suffix(type_)}"
                Rewriter.replace_op(op, llvm.CallIntrinsicOp(name, list(op.operands), [type_]))
            elif kind in ZERO_POISON_INTRINSICS:
                false = llvm.ConstantOp(IntegerAttr(0, i1), i1)
                name = f"{ZERO_POISON_INTRINSICS[kind]}.{intrinsic_suffix(type_)}"
                call = llvm.CallIntrinsicOp(name, [op.operands[0], false.result], [type_])
                Rewriter.replace_op(op, [false, call])
            elif kind in LIBM:
                self._libm(op, LIBM[kind])
            elif kind is math.RsqrtOp:
                sqrt = llvm.CallIntrinsicOp(
                    f"llvm.sqrt.{intrinsic_suffix(type_)}", [op.operands[0]], [type_]
                )
                one = constant(1.0, type_)
                div = llvm.FDivOp(one.result, sqrt.results[0], fastmath(op))
                Rewriter.replace_op(op, [sqrt, one, div])
            elif kind is math.FPowIOp:
                base, exponent = op.operands
                name = f"llvm.powi.{intrinsic_suffix(type_)}.{intrinsic_suffix(exponent.type)}"
                Rewriter.replace_op(op, llvm.CallIntrinsicOp(name, [base, exponent], [type_]))
            elif kind is math.IPowIOp:
                if not isinstance(type_, IntegerType):
                    raise LoweringError(f"{PASS_NAME}: math.ipowi on {type_} is not supported")
                helper = ipowi_helper(module_of(op), type_, self.check_ipowi)
                Rewriter.replace_op(op, llvm.CallOp(helper, *op.operands, return_type=type_))
            else:
                raise LoweringError(f"{PASS_NAME}: cannot convert '{op.name}'")

    def _libm(self, op: Operation, name: str) -> None:
        type_ = op.results[0].type
        module = module_of(op)
        args: list[SSAValue] = list(op.operands)
        ops: list[Operation] = []
        if isinstance(type_, Float64Type):
            call_type: Attribute = type_
        elif isinstance(type_, Float32Type):
            call_type, name = type_, name + "f"
        elif isinstance(type_, Float16Type):
            call_type, name = f32, name + "f"
            exts = [llvm.FPExtOp(a, f32) for a in args]
            ops.extend(exts)
            args = [e.results[0] for e in exts]
        else:
            raise LoweringError(f"{PASS_NAME}: '{op.name}' on {type_} is not supported")
        arg_types = [call_type] * len(args)
        name = libm_symbol(module, name, arg_types, call_type)
        declare_function(module, name, arg_types, call_type)
        call = llvm.CallOp(name, *args, return_type=call_type, fastmath=fastmath(op))
        ops.append(call)
        if call_type is not type_:
            ops.append(llvm.FPTruncOp(call.returned, type_))  # type: ignore[arg-type]
        Rewriter.replace_op(op, ops)


def libm_symbol(module: ModuleOp, name: str, inputs: list[Attribute], output: Attribute) -> str:
    """``name``, or its alias ``__myia_libm_<name>`` if the module already has a
    different symbol called ``name`` (a function of its own named ``tan``...)."""
    wanted = llvm.LLVMFunctionType(inputs, output)
    for op in module.ops:
        sym = op.properties.get("sym_name")
        if sym is None or sym.data != name:  # type: ignore[attr-defined]
            continue
        if isinstance(op, llvm.FuncOp) and not op.body.blocks and op.function_type == wanted:
            return name
        return LIBM_ALIAS_PREFIX + name
    return name


def ipowi_helper(module: ModuleOp, type_: IntegerType, checked: bool) -> str:
    """The name of ``__myia_ipowi[_checked]_iN(base, exp)``, added if missing."""
    name = f"__myia_ipowi{'_checked' if checked else ''}_{intrinsic_suffix(type_)}"
    for op in module.ops:
        sym = op.properties.get("sym_name")
        if sym is not None and sym.data == name:  # type: ignore[attr-defined]
            return name
    entry = Block(arg_types=[type_, type_])
    loop = Block(arg_types=[type_, type_, type_])
    body = Block()
    exit_ = Block(arg_types=[type_])
    negative = Block()
    base, exp = entry.args
    zero = constant(0, type_)
    one = constant(1, type_)
    is_negative = icmp("slt", exp, zero.result)
    entry.add_ops(
        [
            zero,
            one,
            is_negative,
            llvm.CondBrOp(is_negative.res, negative, (), loop, (one.result, base, exp)),
        ]
    )
    acc, b, e = loop.args
    zero_l = constant(0, type_)
    done = icmp("eq", e, zero_l.result)
    loop.add_ops([zero_l, done, llvm.CondBrOp(done.res, exit_, (acc,), body, ())])
    one_b = constant(1, type_)
    bit = llvm.AndOp(e, one_b.result)
    zero_b = constant(0, type_)
    odd = icmp("ne", bit.res, zero_b.result)
    product = llvm.MulOp(acc, b)
    acc2 = llvm.SelectOp(odd.res, product.res, acc)
    b2 = llvm.MulOp(b, b)
    e2 = llvm.LShrOp(e, one_b.result)
    body.add_ops(
        [one_b, bit, zero_b, odd, product, acc2, b2, e2, llvm.BrOp(loop, acc2.res, b2.res, e2.res)]
    )
    exit_.add_op(llvm.ReturnOp(exit_.args[0]))
    if checked:
        declare_runtime_function(module, MYIA_RAISE)
        code = llvm.ConstantOp(IntegerAttr(int(ErrorCode.NEGATIVE_POWER), i32), i32)
        negative.add_ops([code, llvm.CallOp(MYIA_RAISE, code.result), llvm.UnreachableOp()])
    else:
        # MLIR's semantics: 1 for base 1, -1 or 1 for base -1, 0 otherwise.
        c1 = constant(1, type_)
        cm1 = constant(-1, type_)
        c0 = constant(0, type_)
        is_one = icmp("eq", base, c1.result)
        is_minus_one = icmp("eq", base, cm1.result)
        low = llvm.AndOp(exp, c1.result)
        odd_e = icmp("ne", low.res, c0.result)
        sign = llvm.SelectOp(odd_e.res, cm1.result, c1.result)
        inner = llvm.SelectOp(is_minus_one.res, sign.res, c0.result)
        result = llvm.SelectOp(is_one.res, c1.result, inner.res)
        negative.add_ops(
            [
                c1,
                cm1,
                c0,
                is_one,
                is_minus_one,
                low,
                odd_e,
                sign,
                inner,
                result,
                llvm.ReturnOp(result.res),
            ]
        )
    func = llvm.FuncOp(
        name,
        llvm.LLVMFunctionType([type_, type_], type_),
        linkage=llvm.LinkageAttr("internal"),
        body=Region([entry, loop, body, exit_, negative]),
    )
    module.body.block.add_op(func)
    return name


@dataclass(frozen=True)
class ConvertMathToLLVM(ModulePass):
    """Convert math operations to LLVM intrinsics and libm calls."""

    name = "convert-math-to-llvm"

    check_ipowi: bool = False
    """A negative exponent in math.ipowi raises ValueError (myia_raise 3)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        MathToLLVM(self.check_ipowi).run(op)
