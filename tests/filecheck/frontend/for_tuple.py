# RUN: myia-opt %s --entry f | filecheck %s
# for over a tuple, with a tuple target.


def f(t):
    s = 0
    for a, b in t:
        s = s + a * b
    return s

# CHECK-LABEL: myia.func @f(%t) {
# CHECK-NEXT:    [[S:%.+]] = myia.const 0
# CHECK-NEXT:    [[IT:%.+]] = myia.iter %t
# CHECK-NEXT:    [[R:%.+]] = myia.call @f.for_L7([[IT]], [[S]])
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.for_L7.body[%it, %s]() owner @f {
# CHECK-NEXT:    [[NEXT:%.+]] = myia.next %it
# CHECK-NEXT:    [[ELT:%.+]] = myia.tuple_get [[NEXT]][0]
# CHECK-NEXT:    [[REST:%.+]] = myia.tuple_get [[NEXT]][1]
# CHECK-NEXT:    [[A:%.+]] = myia.tuple_get [[ELT]][0]
# CHECK-NEXT:    [[B:%.+]] = myia.tuple_get [[ELT]][1]
# CHECK-NEXT:    [[M:%.+]] = myia.mul [[A]], [[B]]
# CHECK-NEXT:    [[S1:%.+]] = myia.add %s, [[M]]
# CHECK-NEXT:    [[L:%.+]] = myia.call @f.for_L7([[REST]], [[S1]])
# CHECK-NEXT:    myia.return [[L]]
