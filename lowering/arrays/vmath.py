"""Vectorizable ``exp``, ``log``, ``sin``, ``cos`` and ``tanh`` for array kernels.

libm's functions are calls LLVM cannot vectorize; numpy uses SIMD versions of
them. These are branch-free: range reduction with integer bit manipulation,
polynomials, and ``select`` for the special cases, so that a loop of them
vectorizes like any arithmetic. Accuracy (measured against numpy on wide
ranges, see ``tests/test_arrays_native.py``): within 1 ulp for float32 (of
the correctly rounded result), within 2 ulp for float64. ``sin``/``cos`` reduce
their argument with a three-part pi/2 and fused multiply-adds (Cody-Waite),
float32 arguments in float64: exact for float32 up to 1e15, within 2 ulp for
float64 up to 1e12 (86 ulp at 1e15). Beyond 2**50 (1.1e15) they give nan rather
than a wrong number: libm's Payne-Hanek reduction does not vectorize, and the
sine of such a number depends on digits its last bit no longer holds.

Polynomials: Cephes (exp, log, tanh float32 below 0.625), fdlibm (sin/cos
kernels), Taylor series where their error is below double rounding, and a
minimax fit of our own for float32 tanh's exp (``TANH32_EXP``).
"""

from __future__ import annotations

import math
from typing import Any

from xdsl.dialects import arith
from xdsl.dialects import math as xmath
from xdsl.dialects.builtin import (
    Float32Type,
    Float64Type,
    IntegerType,
    f32,
    f64,
    i32,
    i64,
)
from xdsl.ir import Attribute, SSAValue

Builder = Any

VECTORIZED = ("exp", "log", "sin", "cos", "tanh")

SIN_LIMIT = 2.0**50
"""sin and cos of arguments this large or larger are nan (see the module doc)."""


class _E:
    """Small emitting helpers on one float type."""

    def __init__(self, b: Builder, t: Attribute):
        self.b = b
        self.t = t
        self.bits = 32 if isinstance(t, Float32Type) else 64
        self.it = i32 if self.bits == 32 else i64

    def c(self, v: float) -> SSAValue:
        return self.b.constant(float(v), self.t)

    def ci(self, v: int) -> SSAValue:
        return self.b.constant(int(v), self.it)

    def add(self, x: SSAValue, y: SSAValue) -> SSAValue:
        return self.b.emit(arith.AddfOp(x, y))

    def sub(self, x: SSAValue, y: SSAValue) -> SSAValue:
        return self.b.emit(arith.SubfOp(x, y))

    def mul(self, x: SSAValue, y: SSAValue) -> SSAValue:
        return self.b.emit(arith.MulfOp(x, y))

    def div(self, x: SSAValue, y: SSAValue) -> SSAValue:
        return self.b.emit(arith.DivfOp(x, y))

    def fma(self, x: SSAValue, y: SSAValue, z: SSAValue) -> SSAValue:
        return self.b.emit(xmath.FmaOp(x, y, z))

    def cmp(self, pred: str, x: SSAValue, y: SSAValue) -> SSAValue:
        return self.b.emit(arith.CmpfOp(x, y, pred))

    def sel(self, c: SSAValue, x: SSAValue, y: SSAValue) -> SSAValue:
        return self.b.emit(arith.SelectOp(c, x, y))

    def horner(self, x: SSAValue, coeffs: list[float]) -> SSAValue:
        """coeffs[0] * x**n + ... + coeffs[n] (highest degree first)."""
        acc = self.c(coeffs[0])
        for k in coeffs[1:]:
            acc = self.fma(acc, x, self.c(k))
        return acc

    def bitcast_to_int(self, x: SSAValue) -> SSAValue:
        return self.b.emit(arith.BitcastOp(x, self.it))

    def bitcast_to_float(self, x: SSAValue) -> SSAValue:
        return self.b.emit(arith.BitcastOp(x, self.t))

    def pow2(self, n: SSAValue) -> SSAValue:
        """2**n for an integer n in the normal exponent range (as float)."""
        shift = 23 if self.bits == 32 else 52
        bias = 127 if self.bits == 32 else 1023
        e = self.b.emit(arith.AddiOp(n, self.ci(bias)))
        return self.bitcast_to_float(self.b.emit(arith.ShLIOp(e, self.ci(shift))))

    def to_int(self, x: SSAValue) -> SSAValue:
        return self.b.emit(arith.FPToSIOp(x, self.it))

    def isnan(self, x: SSAValue) -> SSAValue:
        return self.cmp("uno", x, x)


# ---------------------------------------------------------------------------
# exp


def exp(b: Builder, x: SSAValue) -> SSAValue:
    e = _E(b, x.type)
    if e.bits == 32:
        hi, lo = 89.0, -104.0  # past them, the scaling gives inf and 0
        ln2_hi, ln2_lo = 0.693359375, -2.12194440e-4
        coeffs = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2,
                  1.6666665459e-1, 5.0000001201e-1]  # fmt: skip
    else:
        hi, lo = 710.0, -746.0
        ln2_hi, ln2_lo = 6.93145751953125e-1, 1.42860682030941723212e-6
        coeffs = [1.0 / math.factorial(k) for k in range(13, 1, -1)]
    clamped = b.emit(arith.MinimumfOp(b.emit(arith.MaximumfOp(x, e.c(lo))), e.c(hi)))
    n = b.emit(xmath.RoundEvenOp(e.mul(clamped, e.c(1 / math.log(2)))))
    r = e.fma(n, e.c(-ln2_hi), clamped)
    r = e.fma(n, e.c(-ln2_lo), r)
    r2 = e.mul(r, r)
    p = e.horner(r, coeffs)  # e**r = 1 + r + r**2 * p(r)
    p = e.add(e.fma(p, r2, r), e.c(1.0))
    k = e.to_int(n)
    k1 = b.emit(arith.ShRSIOp(k, e.ci(1)))
    k2 = b.emit(arith.SubiOp(k, k1))
    result = e.mul(e.mul(p, e.pow2(k1)), e.pow2(k2))
    return e.sel(e.isnan(x), x, result)


# ---------------------------------------------------------------------------
# log


def log(b: Builder, x: SSAValue) -> SSAValue:
    e = _E(b, x.type)
    mant_bits, bias = (23, 127) if e.bits == 32 else (52, 1023)
    tiny = 1.1754943508222875e-38 if e.bits == 32 else 2.2250738585072014e-308
    # subnormals: scale into the normal range first
    small = e.cmp("olt", x, e.c(tiny))
    scale = 2.0**mant_bits
    xs = e.sel(small, e.mul(x, e.c(scale)), x)
    xb = e.bitcast_to_int(xs)
    exponent = b.emit(arith.SubiOp(b.emit(arith.ShRUIOp(xb, e.ci(mant_bits))), e.ci(bias)))
    mant_mask = (1 << mant_bits) - 1
    one_bits = bias << mant_bits
    m = e.bitcast_to_float(
        b.emit(arith.OrIOp(b.emit(arith.AndIOp(xb, e.ci(mant_mask))), e.ci(one_bits)))
    )
    # m in [1, 2): bring it to [sqrt(1/2), sqrt(2))
    big = e.cmp("ogt", m, e.c(math.sqrt(2.0)))
    m = e.sel(big, e.mul(m, e.c(0.5)), m)
    exponent = b.emit(arith.AddiOp(exponent, b.emit(arith.ExtUIOp(big, e.it))))
    exponent = b.emit(
        arith.SubiOp(exponent, b.emit(arith.SelectOp(small, e.ci(mant_bits), e.ci(0))))
    )
    ef = b.emit(arith.SIToFPOp(exponent, e.t))
    if e.bits == 32:
        f = e.sub(m, e.c(1.0))
        z = e.mul(f, f)
        p = e.horner(f, [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
                         1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
                         3.3333331174e-1])  # fmt: skip
        y = e.mul(e.mul(f, z), p)
        y = e.fma(z, e.c(-0.5), y)
        result = e.add(e.add(f, y), e.mul(ef, e.c(math.log(2.0))))
    else:
        # log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716
        s = e.div(e.sub(m, e.c(1.0)), e.add(m, e.c(1.0)))
        s2 = e.mul(s, s)
        coeffs = [2.0 / k for k in range(23, 2, -2)]  # s**2 terms of 2 atanh(s)/s - 2
        p = e.mul(e.horner(s2, coeffs), s2)
        log_m = e.fma(s, p, e.add(s, s))
        ln2_hi, ln2_lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10
        result = e.add(e.fma(ef, e.c(ln2_hi), log_m), e.mul(ef, e.c(ln2_lo)))
    inf = e.c(math.inf)
    result = e.sel(e.cmp("oeq", x, inf), inf, result)
    result = e.sel(e.cmp("oeq", x, e.c(0.0)), e.c(-math.inf), result)
    return e.sel(e.cmp("ult", x, e.c(0.0)), e.c(math.nan), result)  # negative or nan


# ---------------------------------------------------------------------------
# sin and cos

S = [1.58969099521155010221e-10, -2.50507602534068634195e-08, 2.75573137070700676789e-06,
     -1.98412698298579493134e-04, 8.33333333332248946124e-03, -1.66666666666666324348e-01]  # fmt: skip
C = [-1.13596475577881948265e-11, 2.08757232129817482790e-09, -2.75573143513906633035e-07,
     2.48015872894767294178e-05, -1.38888888888741095749e-03, 4.16666666666666019037e-02]  # fmt: skip
PIO2 = (1.57079632673412561417e00, 6.07710050630396597660e-11, 2.02226624879595063154e-21)


def _sincos_f64(b: Builder, x: SSAValue, cosine: bool) -> SSAValue:
    e = _E(b, f64)
    n = b.emit(xmath.RoundEvenOp(e.mul(x, e.c(2.0 / math.pi))))
    r = e.fma(n, e.c(-PIO2[0]), x)
    r = e.fma(n, e.c(-PIO2[1]), r)
    r = e.fma(n, e.c(-PIO2[2]), r)
    z = e.mul(r, r)
    sin_r = e.fma(e.mul(z, r), e.horner(z, S), r)
    cos_r = e.fma(e.mul(z, z), e.horner(z, C), e.fma(z, e.c(-0.5), e.c(1.0)))
    q = b.emit(arith.FPToSIOp(n, i64))
    if cosine:
        q = b.emit(arith.AddiOp(q, b.constant(1, i64)))
    odd = b.emit(
        arith.CmpiOp(b.emit(arith.AndIOp(q, b.constant(1, i64))), b.constant(0, i64), "ne")
    )
    negative = b.emit(
        arith.CmpiOp(b.emit(arith.AndIOp(q, b.constant(2, i64))), b.constant(0, i64), "ne")
    )
    value = e.sel(odd, cos_r, sin_r)
    value = e.sel(negative, b.emit(arith.NegfOp(value)), value)
    in_range = e.cmp("olt", b.emit(xmath.AbsFOp(x)), e.c(SIN_LIMIT))
    return e.sel(in_range, value, e.c(math.nan))


def sincos(b: Builder, x: SSAValue, cosine: bool) -> SSAValue:
    if isinstance(x.type, Float32Type):
        wide = b.emit(arith.ExtFOp(x, f64))
        return b.emit(arith.TruncFOp(_sincos_f64(b, wide, cosine), f32))
    return _sincos_f64(b, x, cosine)


# ---------------------------------------------------------------------------
# tanh


TANH32_CLAMP = 9.5
"""float32 tanh works on min(|x|, this): 1 - 2/(e**19 + 1) rounds to 1.0, as
tanh does from 9.01 on."""

TANH32_EXP = [2.0, 1.999999761581421, 1.3333216905593872, 0.6666926145553589, 0.26779842376708984,
              0.08844107389450073]  # fmt: skip
"""e**(2h) ~ 1 + h * P(h) for |h| <= ln2/4: P's coefficients, lowest first. A
minimax fit of the relative error (2**-28.2, float32 rounds at 2**-24), made
for this module: coefficients rounded to float32 one at a time from the lowest,
the higher ones fitted again after each."""


def _tanh_f32(b: Builder, x: SSAValue) -> SSAValue:
    """tanh(|x|): Cephes' odd polynomial below 0.625, 1 - 2/(e**(2|x|) + 1)
    above, then x's sign bit. The exp is only for this: its argument is in
    [0, 19] and its result only needs a relative error well below 2**-24 (the
    error reaching tanh is that times 2/(e**(2|x|) + 1) <= 0.45), so it drops
    ``exp``'s low clamp, nan select, second Cody-Waite step and split scaling."""
    e = _E(b, f32)
    ax = b.emit(xmath.AbsFOp(x))
    z = e.mul(ax, ax)
    p = e.horner(z, [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1,
                     -3.33332819422e-1])  # fmt: skip
    small = e.fma(e.mul(ax, z), p, ax)
    # min(|x|, clamp) that keeps nan (one vminps): nan then flows to the result
    clamp = e.c(TANH32_CLAMP)
    a = e.sel(e.cmp("olt", clamp, ax), clamp, ax)
    # n = round(2a / ln2) by adding 1.5 * 2**23 (+ 127: t's low bits are then
    # n's biased exponent, so 2**n is t's bits shifted)
    magic = e.c(1.5 * 2.0**23 + 127)
    t = e.fma(a, e.c(2 / math.log(2)), magic)
    n = e.sub(t, magic)
    h = e.fma(n, e.c(-math.log(2) / 2), a)  # 2a = n ln2 + 2h, |h| <= ln2/4
    c = TANH32_EXP
    h2 = e.mul(h, h)
    poly = e.fma(h2, e.fma(h2, e.fma(e.c(c[5]), h, e.c(c[4])), e.fma(e.c(c[3]), h, e.c(c[2]))),
                 e.fma(e.c(c[1]), h, e.c(c[0])))  # fmt: skip
    exp_2h = e.fma(h, poly, e.c(1.0))
    pow2 = e.bitcast_to_float(b.emit(arith.ShLIOp(e.bitcast_to_int(t), e.ci(23))))
    large = e.sub(e.c(1.0), e.div(e.c(2.0), e.fma(exp_2h, pow2, e.c(1.0))))
    result = e.sel(e.cmp("olt", ax, e.c(0.625)), small, large)  # both >= 0
    sign = b.emit(arith.XOrIOp(e.bitcast_to_int(x), e.bitcast_to_int(ax)))
    return e.bitcast_to_float(b.emit(arith.OrIOp(e.bitcast_to_int(result), sign)))


def tanh(b: Builder, x: SSAValue) -> SSAValue:
    if isinstance(x.type, Float32Type):
        return _tanh_f32(b, x)
    e = _E(b, x.type)
    ax = b.emit(xmath.AbsFOp(x))
    small_limit, big_limit = 0.625, 22.0
    z = e.mul(x, x)
    num = e.horner(
        z, [-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3]
    )
    den = e.horner(
        z, [1.0, 1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3]
    )
    small = e.fma(e.mul(x, z), e.div(num, den), x)
    s = exp(b, e.add(ax, ax))
    large = e.sub(e.c(1.0), e.div(e.c(2.0), e.add(s, e.c(1.0))))
    large = e.sel(e.cmp("ogt", ax, e.c(big_limit)), e.c(1.0), large)
    large = b.emit(xmath.CopySignOp(large, x))
    result = e.sel(e.cmp("olt", ax, e.c(small_limit)), small, large)
    return e.sel(e.isnan(x), x, result)


def emit(b: Builder, name: str, x: SSAValue) -> SSAValue | None:
    """The vectorizable version of ``name`` on ``x`` (None: use libm's)."""
    if not isinstance(x.type, Float32Type | Float64Type):
        return None
    if name == "exp":
        return exp(b, x)
    if name == "log":
        return log(b, x)
    if name in ("sin", "cos"):
        return sincos(b, x, name == "cos")
    if name == "tanh":
        return tanh(b, x)
    return None


__all__ = ["VECTORIZED", "IntegerType", "emit"]
