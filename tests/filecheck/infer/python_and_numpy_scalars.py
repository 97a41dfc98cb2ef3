# RUN: myia-opt %s --entry f | filecheck %s --check-prefix=PARSE
# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=float,float,int}' | filecheck %s
# Python's scalars compute as CPython does (`checked`: / raises for a zero
# divisor, ** CPython's errors, Python ints exact), numpy's as numpy does (no
# `checked`). numpy's functions (ops marked `numpy` by the frontend) give numpy
# scalars, of Python floats too: np.sin(x) / y is numpy's division (inf for a
# zero y); np.add of Python ints is numpy's int64 (it wraps); np.maximum keeps
# numpy's NaN from either operand. math.fabs is Python's.

import math

import numpy as np


def f(x, y, n):
    s = np.sin(x)
    return x / y, s / y, x**y, np.maximum(x, y), n % 3, n % n, np.add(n, n), math.fabs(x)


# PARSE-LABEL: myia.func @f(%x, %y, %n) {
# PARSE-NEXT:    %s = myia.sin %x numpy
# PARSE-NEXT:    %0 = myia.truediv %x, %y
# PARSE-NEXT:    %1 = myia.truediv %s, %y
# PARSE-NEXT:    %2 = myia.pow %x, %y
# PARSE-NEXT:    %3 = myia.max %x, %y numpy
# PARSE:         %7 = myia.add %n, %n numpy
# PARSE-NEXT:    %8 = myia.float %x
# PARSE-NEXT:    %9 = myia.fabs %8
# PARSE-NEXT:    %10 = myia.tuple

# CHECK-LABEL: myia.func @f(%x : f64, %y : f64, %n : i64) -> tuple<f64, f64, f64, f64, i64, i64, i64, f64> attributes {myia.numpy_scalars = ["1", "3", "6"]} {
# CHECK-NEXT:    %s = myia.sin %x : f64
# CHECK-NEXT:    %0 = myia.truediv %x, %y checked : f64
# CHECK-NEXT:    %1 = myia.truediv %s, %y : f64
# CHECK-NEXT:    %2 = myia.pow %x, %y checked : f64
# CHECK-NEXT:    %3 = myia.ge %x, %y : i1
# CHECK-NEXT:    %4 = myia.ne %x, %x : i1
# CHECK-NEXT:    %5 = myia.bitor %3, %4 : i1
# CHECK-NEXT:    %6 = myia.select %5, %x, %y : f64
# CHECK-NEXT:    %7 = myia.const 3 : i64
# CHECK-NEXT:    %8 = myia.mod %n, %7 checked : i64
# CHECK-NEXT:    %9 = myia.mod %n, %n checked : i64
# CHECK-NEXT:    %10 = myia.add %n, %n : i64
# CHECK-NEXT:    %11 = myia.fabs %x : f64
