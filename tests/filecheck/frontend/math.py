# RUN: myia-opt %s --entry f | filecheck %s
# math functions are primitives; constants are folded; log with a base divides.
import math


def f(x):
    return math.sin(x) * math.pi, math.floor(x), math.log(x, 2), abs(x), max(x, 1, 2)

# CHECK-LABEL: myia.func @f(%x) {
# CHECK-NEXT:    [[SIN:%.+]] = myia.sin %x
# CHECK-NEXT:    [[PI:%.+]] = myia.const 3.141592653589793
# CHECK-NEXT:    [[A:%.+]] = myia.mul [[SIN]], [[PI]]
# CHECK-NEXT:    [[FLOOR:%.+]] = myia.floor %x
# CHECK-NEXT:    [[TWO:%.+]] = myia.const 2
# CHECK-NEXT:    [[LX:%.+]] = myia.log %x
# CHECK-NEXT:    [[LB:%.+]] = myia.log [[TWO]]
# CHECK-NEXT:    [[LOG:%.+]] = myia.truediv [[LX]], [[LB]]
# CHECK-NEXT:    [[ABS:%.+]] = myia.abs %x
# max of several values is a chain of binary max.
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[TWO2:%.+]] = myia.const 2
# CHECK-NEXT:    [[M1:%.+]] = myia.max %x, [[ONE]]
# CHECK-NEXT:    [[M2:%.+]] = myia.max [[M1]], [[TWO2]]
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[A]], [[FLOOR]], [[LOG]], [[ABS]], [[M2]])
# CHECK-NEXT:    myia.return [[R]]
