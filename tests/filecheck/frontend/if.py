# RUN: myia-opt %s --entry f | filecheck %s
# An if whose branches assign variables returns them; an elif is a nested if.


def f(x):
    if x > 0:
        y = x
        z = 1
    elif x == 0:
        y = 0
        z = 2
    else:
        y = -x
    return y + z

# z is unbound on the else path: the branch receives myia.undefined for it.
# CHECK-LABEL: myia.func @f(%x) {
# CHECK:         [[C:%.+]] = myia.gt %x, %{{.+}}
# CHECK-NEXT:    [[Z:%.+]] = myia.undefined "z"
# CHECK-NEXT:    [[R:%.+]] = myia.if [[C]], @f.then_L6(%x), @f.else_L6(%x, [[Z]])
# CHECK-NEXT:    [[Y:%.+]] = myia.tuple_get [[R]][0]
# CHECK-NEXT:    [[Z2:%.+]] = myia.tuple_get [[R]][1]
# CHECK-NEXT:    [[S:%.+]] = myia.add [[Y]], [[Z2]]
# CHECK-NEXT:    myia.return [[S]]
# CHECK-LABEL: myia.func private @f.then_L6[%x]() owner @f {
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[T:%.+]] = myia.tuple(%x, [[ONE]])
# CHECK-NEXT:    myia.return [[T]]
# The elif is an if nested in the else branch.
# CHECK-LABEL: myia.func private @f.else_L6[%x, %z]() owner @f {
# CHECK:         myia.if %{{.+}}, @f.then_L9(), @f.else_L9(%x, %z)
# CHECK-LABEL: myia.func private @f.then_L9() owner @f {
# CHECK-LABEL: myia.func private @f.else_L9[%x, %z]() owner @f {
# CHECK-NEXT:    [[NEG:%.+]] = myia.neg %x
# CHECK-NEXT:    [[T2:%.+]] = myia.tuple([[NEG]], %z)
# CHECK-NEXT:    myia.return [[T2]]
