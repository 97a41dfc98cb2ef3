# RUN: myia-opt %s --entry f | filecheck %s
# A conditional expression on simple operands is a select; on others, a myia.if.


def f(x, y):
    a = x if x > y else y
    return a + (x // y if y != 0 else 0)

# CHECK-LABEL: myia.func @f(%x, %y) {
# CHECK-NEXT:    [[C:%.+]] = myia.gt %x, %y
# CHECK-NEXT:    [[A:%.+]] = myia.select [[C]], %x, %y
# CHECK:         [[NZ:%.+]] = myia.ne %y, %{{.+}}
# CHECK-NEXT:    [[Q:%.+]] = myia.if [[NZ]], @f.ifexp_L7.then(%x, %y), @f.ifexp_L7.else()
# CHECK-NEXT:    [[R:%.+]] = myia.add [[A]], [[Q]]
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.ifexp_L7.then[%x, %y]() owner @f {
# CHECK-NEXT:    [[D:%.+]] = myia.floordiv %x, %y
# CHECK-NEXT:    myia.return [[D]]
# CHECK-LABEL: myia.func private @f.ifexp_L7.else() owner @f {
# CHECK-NEXT:    [[Z:%.+]] = myia.const 0
# CHECK-NEXT:    myia.return [[Z]]
