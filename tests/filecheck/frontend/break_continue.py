# RUN: myia-opt %s --entry f | filecheck %s
# break tail-calls the loop's exit, continue the header; the rest of the body
# becomes a continuation function.


def f(n):
    s = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        if s > 20:
            break
        s += i
    return s

# CHECK-LABEL: myia.func @f(%n) {
# CHECK:         [[R:%.+]] = myia.call @f.for_L8(%{{.+}}, %{{.+}})
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.for_L8(%it, %s) owner @f {
# CHECK-NEXT:    [[HAS:%.+]] = myia.hasnext %it
# CHECK-NEXT:    {{%.+}} = myia.if [[HAS]], @f.for_L8.body(%it, %s), @f.for_L8.exit(%s)
# continue: branch straight back to the header; otherwise go on with the rest.
# CHECK-LABEL: myia.func private @f.for_L8.body[%it, %s]() owner @f {
# CHECK:         [[I:%.+]] = myia.tuple_get [[NEXT:%.+]][0]
# CHECK-NEXT:    [[REST:%.+]] = myia.tuple_get [[NEXT]][1]
# CHECK:         [[C:%.+]] = myia.eq
# CHECK-NEXT:    [[B:%.+]] = myia.if [[C]], @f.for_L8([[REST]], %s), @f.after_L11([[REST]], %s, [[I]])
# CHECK-NEXT:    myia.return [[B]]
# CHECK-LABEL: myia.func private @f.for_L8.exit[%s]() owner @f {
# CHECK-NEXT:    myia.return %s
# break: return what the loop's exit returns.
# CHECK-LABEL: myia.func private @f.after_L11[%it, %s, %i]() owner @f {
# CHECK:         [[G:%.+]] = myia.gt %s, %{{.+}}
# CHECK-NEXT:    {{%.+}} = myia.if [[G]], @f.then_L11(%s), @f.after_L13(%it, %s, %i)
# CHECK-LABEL: myia.func private @f.then_L11[%s]() owner @f {
# CHECK-NEXT:    myia.return %s
# CHECK-LABEL: myia.func private @f.after_L13[%it, %s, %i]() owner @f {
# CHECK-NEXT:    [[S1:%.+]] = myia.add %s, %i
# CHECK-NEXT:    [[L:%.+]] = myia.call @f.for_L8(%it, [[S1]])
# CHECK-NEXT:    myia.return [[L]]
