# RUN: myia-opt %s --entry f | filecheck %s
# for over range: range(n) gets a start of 0 and a step of 1; iter/hasnext/next.


def f(n):
    s = 0
    for i in range(n):
        s += i
    for j in range(n, 0, -2):
        s -= j
    return s

# CHECK-LABEL: myia.func @f(%n) {
# CHECK-NEXT:    [[S:%.+]] = myia.const 0
# CHECK-NEXT:    [[START:%.+]] = myia.const 0
# CHECK-NEXT:    [[STEP:%.+]] = myia.const 1
# CHECK-NEXT:    [[RANGE:%.+]] = myia.range [[START]], %n, [[STEP]]
# CHECK-NEXT:    [[IT:%.+]] = myia.iter [[RANGE]]
# CHECK-NEXT:    [[S1:%.+]] = myia.call @f.for_L7([[IT]], [[S]])
# CHECK-NEXT:    [[STOP2:%.+]] = myia.const 0
# CHECK-NEXT:    [[STEP2:%.+]] = myia.const -2
# CHECK-NEXT:    [[RANGE2:%.+]] = myia.range %n, [[STOP2]], [[STEP2]]
# CHECK-NEXT:    [[IT2:%.+]] = myia.iter [[RANGE2]]
# CHECK-NEXT:    [[S2:%.+]] = myia.call @f.for_L9([[IT2]], [[S1]])
# CHECK-NEXT:    myia.return [[S2]]
# The header asks the iterator whether it has a next element.
# CHECK-LABEL: myia.func private @f.for_L7(%it, %s) owner @f {
# CHECK-NEXT:    [[HAS:%.+]] = myia.hasnext %it
# CHECK-NEXT:    [[H:%.+]] = myia.if [[HAS]], @f.for_L7.body(%it, %s), @f.for_L7.exit(%s)
# CHECK-NEXT:    myia.return [[H]]
# The body takes the element and the rest of the iterator.
# CHECK-LABEL: myia.func private @f.for_L7.body[%it, %s]() owner @f {
# CHECK-NEXT:    [[NEXT:%.+]] = myia.next %it
# CHECK-NEXT:    [[I:%.+]] = myia.tuple_get [[NEXT]][0]
# CHECK-NEXT:    [[REST:%.+]] = myia.tuple_get [[NEXT]][1]
# CHECK-NEXT:    [[S3:%.+]] = myia.add %s, [[I]]
# CHECK-NEXT:    [[B:%.+]] = myia.call @f.for_L7([[REST]], [[S3]])
# CHECK-NEXT:    myia.return [[B]]
# CHECK-LABEL: myia.func private @f.for_L7.exit[%s]() owner @f {
# CHECK-NEXT:    myia.return %s
# CHECK-LABEL: myia.func private @f.for_L9(%it, %s) owner @f {
# CHECK-LABEL: myia.func private @f.for_L9.body[%it, %s]() owner @f {
# CHECK:         myia.sub %s, %{{.+}}
