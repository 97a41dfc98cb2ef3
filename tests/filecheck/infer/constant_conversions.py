# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=f64}' | filecheck %s
# A float constant converted to an int is folded only when it converts: NaN,
# infinities and values beyond 64 bits stay run-time casts, which raise as
# Python does (ValueError, OverflowError) where the code runs.
import math


def f(x):
    return int(math.nan), int(9.5e18), int(2.5), math.floor(-math.inf)

# CHECK-LABEL: myia.func @f(%x : f64) -> tuple<i64, i64, i64, i64> {
# CHECK:         %[[NAN:.*]] = myia.const nan : f64
# CHECK-NEXT:    %[[A:.*]] = myia.cast %[[NAN]] : i64
# CHECK-NEXT:    %[[BIG:.*]] = myia.const 9.5e+18 : f64
# CHECK-NEXT:    %[[B:.*]] = myia.cast %[[BIG]] : i64
# CHECK:         %[[C:.*]] = myia.const 2 : i64
# CHECK:         myia.const -inf : f64
# CHECK:         %[[D:.*]] = myia.cast %{{.*}} : i64
# CHECK-NEXT:    %{{.*}} = myia.tuple(%[[A]], %[[B]], %[[C]], %[[D]]) : tuple<i64, i64, i64, i64>
