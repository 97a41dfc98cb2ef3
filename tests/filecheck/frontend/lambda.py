# RUN: myia-opt %s --entry f | filecheck %s
# A lambda becomes a function named after its line, built with myia.closure and
# called with myia.apply; a lambda bound once to a name is named after it and
# called directly, like a nested def.


def f(x, y):
    scale = lambda v: v * y
    return scale(x) + (lambda: x)()

# CHECK-LABEL: myia.func @f(%x, %y) {
# CHECK-NEXT:    [[A:%.+]] = myia.call @f.scale(%y, %x)
# CHECK-NEXT:    [[L:%.+]] = myia.closure @f.lambda_L9(%x)
# CHECK-NEXT:    [[B:%.+]] = myia.apply [[L]]()
# CHECK-NEXT:    [[R:%.+]] = myia.add [[A]], [[B]]
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.scale[%y](%v) {
# CHECK-NEXT:    [[M:%.+]] = myia.mul %v, %y
# CHECK-NEXT:    myia.return [[M]]
# CHECK-LABEL: myia.func private @f.lambda_L9[%x]() {
# CHECK-NEXT:    myia.return %x
