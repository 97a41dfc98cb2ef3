# RUN: myia-opt %s --entry f | filecheck %s
# A nested def is called directly (myia.call) with its captures first; used as a
# value it becomes a closure.


def apply(g, v):
    return g(v)


def f(x, y):
    def inner(v):
        return v * y + x
    return inner(1) + apply(inner, 2)

# CHECK-LABEL: myia.func @f(%x, %y) {
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[A:%.+]] = myia.call @f.inner(%x, %y, [[ONE]])
# CHECK-NEXT:    [[C:%.+]] = myia.closure @f.inner(%x, %y)
# CHECK-NEXT:    [[TWO:%.+]] = myia.const 2
# CHECK-NEXT:    [[B:%.+]] = myia.call @apply([[C]], [[TWO]])
# CHECK-NEXT:    [[R:%.+]] = myia.add [[A]], [[B]]
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.inner[%x, %y](%v) {
# CHECK-NEXT:    [[M:%.+]] = myia.mul %v, %y
# CHECK-NEXT:    [[S:%.+]] = myia.add [[M]], %x
# CHECK-NEXT:    myia.return [[S]]
# CHECK-LABEL: myia.func private @apply(%g, %v) {
# CHECK-NEXT:    [[G:%.+]] = myia.apply %g(%v)
# CHECK-NEXT:    myia.return [[G]]
