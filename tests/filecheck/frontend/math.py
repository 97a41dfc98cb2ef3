# RUN: myia-opt %s --entry f | filecheck %s
# RUN: myia-opt %s --entry g | filecheck %s --check-prefix=NP
# math functions are primitives; constants are folded; log with a base divides.
import math

import numpy as np


def f(x):
    return math.sin(x) * math.pi, math.floor(x), math.log(x, 2), abs(x), max(x, 1, 2)

# math's functions are primitives on float(x): math_sin, Python's math.sin (its
# value and its errors), or the primitive shared with numpy where the two agree
# (math.floor is then an int).
# CHECK-LABEL: myia.func @f(%x) {
# CHECK-NEXT:    [[FX:%.+]] = myia.float %x
# CHECK-NEXT:    [[SIN:%.+]] = myia.math_sin [[FX]]
# CHECK-NEXT:    [[PI:%.+]] = myia.const 3.141592653589793
# CHECK-NEXT:    [[A:%.+]] = myia.mul [[SIN]], [[PI]]
# CHECK-NEXT:    [[FX2:%.+]] = myia.float %x
# CHECK-NEXT:    [[FL:%.+]] = myia.floor [[FX2]]
# CHECK-NEXT:    [[FLOOR:%.+]] = myia.int [[FL]]
# CHECK-NEXT:    [[TWO:%.+]] = myia.const 2
# CHECK-NEXT:    [[FX3:%.+]] = myia.float %x
# CHECK-NEXT:    [[F2:%.+]] = myia.float [[TWO]]
# CHECK-NEXT:    [[LX:%.+]] = myia.math_log [[FX3]]
# CHECK-NEXT:    [[LB:%.+]] = myia.math_log [[F2]]
# CHECK-NEXT:    [[LOG:%.+]] = myia.truediv [[LX]], [[LB]]
# CHECK-NEXT:    [[ABS:%.+]] = myia.abs %x
# max of several values is a chain of binary max.
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[TWO2:%.+]] = myia.const 2
# CHECK-NEXT:    [[M1:%.+]] = myia.max %x, [[ONE]]
# CHECK-NEXT:    [[M2:%.+]] = myia.max [[M1]], [[TWO2]]
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[A]], [[FLOOR]], [[LOG]], [[ABS]], [[M2]])
# CHECK-NEXT:    myia.return [[R]]


def g(x, y):
    return np.sqrt(x), math.sqrt(x), np.fabs(x), math.fabs(x), math.pow(x, y), x**y

# numpy's functions are the shared primitives (numpy's NaN outside the domain),
# on x itself; math.pow is Python's math.pow, not the ** operator.
# NP-LABEL: myia.func @g(%x, %y) {
# NP-NEXT:    [[A:%.+]] = myia.sqrt %x
# NP-NEXT:    [[FX:%.+]] = myia.float %x
# NP-NEXT:    [[B:%.+]] = myia.math_sqrt [[FX]]
# NP-NEXT:    [[C:%.+]] = myia.fabs %x
# NP-NEXT:    [[FX2:%.+]] = myia.float %x
# NP-NEXT:    [[D:%.+]] = myia.fabs [[FX2]]
# NP-NEXT:    [[FX3:%.+]] = myia.float %x
# NP-NEXT:    [[FY:%.+]] = myia.float %y
# NP-NEXT:    [[E:%.+]] = myia.math_pow [[FX3]], [[FY]]
# NP-NEXT:    [[F:%.+]] = myia.pow %x, %y
# NP-NEXT:    myia.tuple([[A]], [[B]], [[C]], [[D]], [[E]], [[F]])
