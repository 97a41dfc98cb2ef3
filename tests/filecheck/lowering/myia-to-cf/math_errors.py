# RUN: myia-opt %s --entry sqrt -p 'myia-infer{entry=sqrt args=f64},convert-myia-to-cf' | filecheck %s --check-prefix=SQRT
# RUN: myia-opt %s --entry exp -p 'myia-infer{entry=exp args=f64},convert-myia-to-cf' | filecheck %s --check-prefix=EXP
# RUN: myia-opt %s --entry gamma -p 'myia-infer{entry=gamma args=f64},convert-myia-to-cf' | filecheck %s --check-prefix=GAMMA
# RUN: myia-opt %s --entry numpy_sqrt -p 'myia-infer{entry=numpy_sqrt args=f64},convert-myia-to-cf' | filecheck %s --check-prefix=NUMPY
# Python's math functions raise CPython's errors: the C library's result is
# checked as CPython checks it. A finite result costs one comparison and a
# branch; the cold block tells a domain error (NaN from operands that are not
# NaN: ValueError) from a pole (ValueError) or a range error (OverflowError),
# both an infinity from finite operands.
import math

import numpy as np


def sqrt(x):
    return math.sqrt(x)

# SQRT:      func.func @sqrt(%[[X:.*]]: f64) -> f64 {
# SQRT-NEXT:   %[[R:.*]] = math.sqrt %[[X]] : f64
# SQRT-NEXT:   %[[INF:.*]] = arith.constant 0x7ff0000000000000 : f64
# SQRT-NEXT:   %[[ABS:.*]] = math.absf %[[R]] : f64
# SQRT-NEXT:   %[[FINITE:.*]] = arith.cmpf olt, %[[ABS]], %[[INF]] : f64
# SQRT-NEXT:   cf.cond_br %[[FINITE]], ^[[DONE:bb[0-9]+]], ^[[CHECK:bb[0-9]+]]
# SQRT-NEXT: ^[[CHECK]]:
# SQRT-NEXT:   %[[NUMBER:.*]] = arith.cmpf ord, %[[X]], %[[X]] : f64
# SQRT-NEXT:   %[[NAN:.*]] = arith.cmpf uno, %[[R]], %[[R]] : f64
# SQRT-NEXT:   %[[DOMAIN:.*]] = arith.andi %[[NAN]], %[[NUMBER]] : i1
# SQRT-NEXT:   cf.cond_br %[[DOMAIN]], ^[[RAISE:bb[0-9]+]], ^[[POLE:bb[0-9]+]]
# SQRT-NEXT: ^[[DONE]]:
# SQRT-NEXT:   func.return %[[R]] : f64
# SQRT-NEXT: ^[[RAISE]]:
# SQRT-NEXT:   %[[CODE:.*]] = arith.constant 7 : i32
# SQRT-NEXT:   func.call @myia_raise(%[[CODE]]) {myia.error_message = "math domain error"}
# SQRT-NEXT:   llvm.unreachable
# SQRT-NEXT: ^[[POLE]]:
# SQRT-NEXT:   %[[AX:.*]] = math.absf %[[X]] : f64
# SQRT-NEXT:   %[[XFINITE:.*]] = arith.cmpf olt, %[[AX]], %[[INF]] : f64
# SQRT-NEXT:   cf.cond_br %[[XFINITE]], ^[[RAISE2:bb[0-9]+]], ^[[OK:bb[0-9]+]]
# SQRT-NEXT: ^[[RAISE2]]:
# SQRT-NEXT:   %[[CODE2:.*]] = arith.constant 7 : i32
# SQRT-NEXT:   func.call @myia_raise(%[[CODE2]]) {myia.error_message = "math domain error"}
# SQRT-NEXT:   llvm.unreachable
# SQRT-NEXT: ^[[OK]]:
# SQRT-NEXT:   cf.br ^[[DONE]]


def exp(x):
    return math.exp(x)

# An infinity from a finite operand is a range error: OverflowError (code 6).
# EXP:      func.func @exp(
# EXP:        math.exp
# EXP:        func.call @myia_raise(%{{.*}}) {myia.error_message = "math domain error"}
# EXP:        %[[CODE:.*]] = arith.constant 6 : i32
# EXP-NEXT:   func.call @myia_raise(%[[CODE]]) {myia.error_message = "math range error"}


def gamma(x):
    return math.gamma(x)

# gamma's pole is at 0 (ValueError); elsewhere an infinity is an overflow.
# GAMMA:      func.func @gamma(%[[X:.*]]: f64) -> f64 {
# GAMMA:        func.call @tgamma(%[[X]])
# GAMMA:        {myia.error_message = "math domain error"}
# GAMMA:        %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
# GAMMA-NEXT:   %[[IS_ZERO:.*]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : f64
# GAMMA-NEXT:   %[[POLE:.*]] = arith.andi %{{.*}}, %[[IS_ZERO]] : i1
# GAMMA-NEXT:   cf.cond_br %[[POLE]]
# GAMMA:        {myia.error_message = "math domain error"}
# GAMMA:        {myia.error_message = "math range error"}


def numpy_sqrt(x):
    return np.sqrt(x)

# numpy's functions give NaN outside their domain: nothing is checked.
# NUMPY:      func.func @numpy_sqrt(%[[X:.*]]: f64) -> f64 {
# NUMPY-NEXT:   %[[R:.*]] = math.sqrt %[[X]] : f64
# NUMPY-NEXT:   func.return %[[R]] : f64
