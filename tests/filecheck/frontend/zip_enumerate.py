# RUN: myia-opt %s --entry f | filecheck %s
# zip and enumerate (with a start) are primitives producing iterables.


def f(xs, ys):
    s = 0
    for x, y in zip(xs, ys):
        s += x * y
    for i, x in enumerate(xs, start=1):
        s += i
    return s

# CHECK-LABEL: myia.func @f(%xs, %ys) {
# CHECK:         [[Z:%.+]] = myia.zip %xs, %ys
# CHECK-NEXT:    [[IT:%.+]] = myia.iter [[Z]]
# CHECK-NEXT:    [[S1:%.+]] = myia.call @f.for_L7([[IT]], %{{.+}})
# CHECK-NEXT:    [[START:%.+]] = myia.const 1
# CHECK-NEXT:    [[E:%.+]] = myia.enumerate %xs, [[START]]
# CHECK-NEXT:    [[IT2:%.+]] = myia.iter [[E]]
# CHECK-NEXT:    [[S2:%.+]] = myia.call @f.for_L9([[IT2]], [[S1]])
# CHECK-NEXT:    myia.return [[S2]]
# CHECK-LABEL: myia.func private @f.for_L7.body[%it, %s]() owner @f {
# CHECK-NEXT:    [[NEXT:%.+]] = myia.next %it
# CHECK-NEXT:    [[PAIR:%.+]] = myia.tuple_get [[NEXT]][0]
# CHECK-NEXT:    {{%.+}} = myia.tuple_get [[NEXT]][1]
# CHECK-NEXT:    [[X:%.+]] = myia.tuple_get [[PAIR]][0]
# CHECK-NEXT:    [[Y:%.+]] = myia.tuple_get [[PAIR]][1]
# CHECK-NEXT:    {{%.+}} = myia.mul [[X]], [[Y]]
# CHECK-LABEL: myia.func private @f.for_L9.body[%it, %s]() owner @f {
# CHECK-NEXT:    [[NEXT2:%.+]] = myia.next %it
# CHECK-NEXT:    [[PAIR2:%.+]] = myia.tuple_get [[NEXT2]][0]
# CHECK-NEXT:    {{%.+}} = myia.tuple_get [[NEXT2]][1]
# CHECK-NEXT:    [[I:%.+]] = myia.tuple_get [[PAIR2]][0]
# CHECK-NEXT:    {{%.+}} = myia.tuple_get [[PAIR2]][1]
# CHECK-NEXT:    {{%.+}} = myia.add %s, [[I]]
