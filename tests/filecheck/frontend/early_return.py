# RUN: myia-opt %s --entry f | filecheck %s
# A return inside a branch or a loop: the code after it becomes a continuation.


def f(t, v):
    if v < 0:
        return -1
    for i in range(len(t)):
        if t[i] == v:
            return i
    return len(t)

# CHECK-LABEL: myia.func @f(%t, %v) {
# CHECK:         [[C:%.+]] = myia.lt %v, %{{.+}}
# CHECK-NEXT:    [[R:%.+]] = myia.if [[C]], @f.then_L6(), @f.after_L8(%t, %v)
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.then_L6() owner @f {
# CHECK-NEXT:    [[M1:%.+]] = myia.const -1
# CHECK-NEXT:    myia.return [[M1]]
# CHECK-LABEL: myia.func private @f.after_L8[%t, %v]() owner @f {
# CHECK:         [[L:%.+]] = myia.call @f.for_L8(%t, %v, %{{.+}})
# CHECK-NEXT:    myia.return [[L]]
# A loop that returns: its exit is the code after it, and the return leaves the loop.
# CHECK-LABEL: myia.func private @f.for_L8[%t, %v](%it) owner @f {
# CHECK-NEXT:    [[HAS:%.+]] = myia.hasnext %it
# CHECK-NEXT:    {{%.+}} = myia.if [[HAS]], @f.for_L8.body(%it, %t, %v), @f.after_L11(%t)
# CHECK-LABEL: myia.func private @f.for_L8.body[%it, %t, %v]() owner @f {
# CHECK:         [[X:%.+]] = myia.getitem %t, [[I:%.+]]
# CHECK-NEXT:    [[EQ:%.+]] = myia.eq [[X]], %v
# CHECK-NEXT:    {{%.+}} = myia.if [[EQ]], @f.then_L9([[I]]), @f.for_L8(%t, %v, %{{.+}})
# CHECK-LABEL: myia.func private @f.then_L9[%i]() owner @f {
# CHECK-NEXT:    myia.return %i
# CHECK-LABEL: myia.func private @f.after_L11[%t]() owner @f {
# CHECK-NEXT:    [[N:%.+]] = myia.len %t
# CHECK-NEXT:    myia.return [[N]]
