# RUN: myia-opt %s --entry f | filecheck %s
# A swap builds no tuple; unpacking a value uses tuple_get, nested.


def f(a, b, t):
    a, b = b, a
    (c, (d, e)) = t
    return a - b, c + d * e

# After the swap, `a - b` is the old b minus the old a.
# CHECK-LABEL: myia.func @f(%a, %b, %t) {
# CHECK-NEXT:    [[C:%.+]] = myia.tuple_get %t[0]
# CHECK-NEXT:    [[DE:%.+]] = myia.tuple_get %t[1]
# CHECK-NEXT:    [[D:%.+]] = myia.tuple_get [[DE]][0]
# CHECK-NEXT:    [[E:%.+]] = myia.tuple_get [[DE]][1]
# CHECK-NEXT:    [[SUB:%.+]] = myia.sub %b, %a
# CHECK-NEXT:    [[M:%.+]] = myia.mul [[D]], [[E]]
# CHECK-NEXT:    [[ADD:%.+]] = myia.add [[C]], [[M]]
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[SUB]], [[ADD]])
# CHECK-NEXT:    myia.return [[R]]
