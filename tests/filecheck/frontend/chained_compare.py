# RUN: myia-opt %s --entry f | filecheck %s
# Chained comparisons evaluate each operand once; later links only if the first holds.


def g(v):
    return v * 2


def f(x, lo, hi):
    return lo < x <= hi, 0 < g(x) < 10 < hi, lo < x < g(hi)


# Simple operands: the links are all computed and combined with select.
# CHECK-LABEL: myia.func @f(%x, %lo, %hi) {
# CHECK-NEXT:    [[A:%.+]] = myia.lt %lo, %x
# CHECK-NEXT:    [[B:%.+]] = myia.le %x, %hi
# CHECK-NEXT:    [[AB:%.+]] = myia.select [[A]], [[B]], [[A]]
# A call in the middle is evaluated once, and used by both of its links.
# CHECK-NEXT:    [[ZERO:%.+]] = myia.const 0
# CHECK-NEXT:    [[G:%.+]] = myia.call @g(%x)
# CHECK-NEXT:    [[C:%.+]] = myia.lt [[ZERO]], [[G]]
# CHECK-NEXT:    [[TEN:%.+]] = myia.const 10
# CHECK-NEXT:    [[D:%.+]] = myia.lt [[G]], [[TEN]]
# CHECK-NEXT:    [[E:%.+]] = myia.lt [[TEN]], %hi
# CHECK-NEXT:    [[DE:%.+]] = myia.select [[D]], [[E]], [[D]]
# CHECK-NEXT:    [[CDE:%.+]] = myia.select [[C]], [[DE]], [[C]]
# A call in a later link runs only when the earlier links hold.
# CHECK-NEXT:    [[F:%.+]] = myia.lt %lo, %x
# CHECK-NEXT:    [[L:%.+]] = myia.if [[F]], @f.compare_L10(%hi, %x), @f.compare_L10.false()
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[AB]], [[CDE]], [[L]])
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.compare_L10[%hi, %left]() owner @f {
# CHECK-NEXT:    [[GH:%.+]] = myia.call @g(%hi)
# CHECK-NEXT:    [[LT:%.+]] = myia.lt %left, [[GH]]
# CHECK-NEXT:    myia.return [[LT]]
# CHECK-LABEL: myia.func private @f.compare_L10.false() owner @f {
# CHECK-NEXT:    [[FALSE:%.+]] = myia.const false
# CHECK-NEXT:    myia.return [[FALSE]]
# CHECK-LABEL: myia.func private @g(%v) {
