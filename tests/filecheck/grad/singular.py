# RUN: myia-opt %s --entry dsqrt -p 'myia-infer{entry=dsqrt args=float},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=SQRT
# RUN: myia-opt %s --entry dhypot -p 'myia-infer{entry=dhypot args=float,f64},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=HYPOT
# RUN: myia-opt %s --entry dhypot -p 'myia-infer{entry=dhypot args=float,f64},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=HYPOT
# Derivatives compute with IEEE arithmetic: myia.divide (inf or nan for a zero
# divisor, never ZeroDivisionError), not the user's myia.truediv. The
# derivative of sqrt at 0 is inf; that of hypot at the origin is JAX's 0.5, with
# the division done on a safe operand there (so that its own derivative, at the
# next order, stays finite).
import math

import myia


def dsqrt(x):
    return myia.grad(math.sqrt)(x)


def hyp(x, y):
    return math.hypot(x, y)


def dhypot(x, y):
    return myia.grad(hyp)(x, y)

# SQRT-LABEL: myia.func @dsqrt(%x : f64) -> f64 {
# SQRT-NOT:     myia.truediv
# SQRT:         %[[OUT:.*]] = myia.math_sqrt %x : f64
# SQRT:         myia.divide %{{.*}}, %[[OUT]] : f64

# HYPOT-LABEL: myia.func @dhypot(%x : f64, %y : f64) -> f64 {
# HYPOT-NOT:     myia.truediv
# HYPOT:         %[[OUT:.*]] = myia.math_hypot %x, %y : f64
# HYPOT:         %[[AT0:.*]] = myia.eq %[[OUT]], %{{.*}} : i1
# HYPOT:         %[[SAFE:.*]] = myia.select %[[AT0]], %{{.*}}, %[[OUT]] : f64
# HYPOT:         %[[RATIO:.*]] = myia.divide %x, %[[SAFE]] : f64
# HYPOT:         %[[HALF:.*]] = myia.const 0.5 : f64
# HYPOT:         myia.select %[[AT0]], %[[HALF]], %[[RATIO]] : f64
