# RUN: myia-opt %s --entry f | filecheck %s
# and/or: a select when the right operand is simple, a lazy myia.if otherwise; not.


def f(a, b):
    s = a and b
    t = b != 0 and a // b > 1
    return s, t, a or b, not a

# `a and b`: b when a is truthy, else a.
# CHECK-LABEL: myia.func @f(%a, %b) {
# CHECK-NEXT:    [[TA:%.+]] = myia.truth %a
# CHECK-NEXT:    [[S:%.+]] = myia.select [[TA]], %b, %a
# The right operand of the second `and` may divide by zero: it is evaluated lazily,
# and the comparison's bool is kept when it is false.
# CHECK:         [[NZ:%.+]] = myia.ne %b, %{{.+}}
# CHECK-NEXT:    [[T:%.+]] = myia.if [[NZ]], @f.and_L7(%a, %b), @f.and_L7.short([[NZ]])
# `a or b`: a when a is truthy, else b.
# CHECK-NEXT:    [[TA2:%.+]] = myia.truth %a
# CHECK-NEXT:    [[O:%.+]] = myia.select [[TA2]], %a, %b
# CHECK-NEXT:    [[TA3:%.+]] = myia.truth %a
# CHECK-NEXT:    [[N:%.+]] = myia.not [[TA3]]
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[S]], [[T]], [[O]], [[N]])
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.and_L7[%a, %b]() owner @f {
# CHECK-NEXT:    [[D:%.+]] = myia.floordiv %a, %b
# CHECK:         [[G:%.+]] = myia.gt [[D]], %{{.+}}
# CHECK-NEXT:    myia.return [[G]]
# CHECK-LABEL: myia.func private @f.and_L7.short[%value]() owner @f {
# CHECK-NEXT:    myia.return %value
