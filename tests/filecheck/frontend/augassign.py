# RUN: myia-opt %s --entry f | filecheck %s
# Augmented assignment rebinds the variable to the result of the binary primitive.


def f(a, b):
    a += b
    a -= 1
    a *= b
    a /= 2
    a //= b
    a %= 7
    a **= 2
    return a

# CHECK-LABEL: myia.func @f(%a, %b) {
# CHECK-NEXT:    [[A1:%.+]] = myia.add %a, %b
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[A2:%.+]] = myia.sub [[A1]], [[ONE]]
# CHECK-NEXT:    [[A3:%.+]] = myia.mul [[A2]], %b
# CHECK-NEXT:    [[TWO:%.+]] = myia.const 2
# CHECK-NEXT:    [[A4:%.+]] = myia.truediv [[A3]], [[TWO]]
# CHECK-NEXT:    [[A5:%.+]] = myia.floordiv [[A4]], %b
# CHECK-NEXT:    [[SEVEN:%.+]] = myia.const 7
# CHECK-NEXT:    [[A6:%.+]] = myia.mod [[A5]], [[SEVEN]]
# CHECK-NEXT:    [[TWO2:%.+]] = myia.const 2
# CHECK-NEXT:    [[A7:%.+]] = myia.pow [[A6]], [[TWO2]]
# CHECK-NEXT:    myia.return [[A7]]
