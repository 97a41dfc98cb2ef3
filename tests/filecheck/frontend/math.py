# RUN: myia-opt %s --entry f | filecheck %s
# math functions are primitives; constants are folded; log with a base divides.
import math


def f(x):
    return math.sin(x) * math.pi, math.floor(x), math.log(x, 2), abs(x), max(x, 1, 2)

# math's functions are the elementwise primitives on float(x); math.floor is
# then an int.
# CHECK-LABEL: myia.func @f(%x) {
# CHECK-NEXT:    [[FX:%.+]] = myia.float %x
# CHECK-NEXT:    [[SIN:%.+]] = myia.sin [[FX]]
# CHECK-NEXT:    [[PI:%.+]] = myia.const 3.141592653589793
# CHECK-NEXT:    [[A:%.+]] = myia.mul [[SIN]], [[PI]]
# CHECK-NEXT:    [[FX2:%.+]] = myia.float %x
# CHECK-NEXT:    [[FL:%.+]] = myia.floor [[FX2]]
# CHECK-NEXT:    [[FLOOR:%.+]] = myia.int [[FL]]
# CHECK-NEXT:    [[TWO:%.+]] = myia.const 2
# CHECK-NEXT:    [[FX3:%.+]] = myia.float %x
# CHECK-NEXT:    [[F2:%.+]] = myia.float [[TWO]]
# CHECK-NEXT:    [[LX:%.+]] = myia.log [[FX3]]
# CHECK-NEXT:    [[LB:%.+]] = myia.log [[F2]]
# CHECK-NEXT:    [[LOG:%.+]] = myia.truediv [[LX]], [[LB]]
# CHECK-NEXT:    [[ABS:%.+]] = myia.abs %x
# max of several values is a chain of binary max.
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[TWO2:%.+]] = myia.const 2
# CHECK-NEXT:    [[M1:%.+]] = myia.max %x, [[ONE]]
# CHECK-NEXT:    [[M2:%.+]] = myia.max [[M1]], [[TWO2]]
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[A]], [[FLOOR]], [[LOG]], [[ABS]], [[M2]])
# CHECK-NEXT:    myia.return [[R]]
