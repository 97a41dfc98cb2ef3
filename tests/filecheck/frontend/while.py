# RUN: myia-opt %s --entry f | filecheck %s
# A while loop is a header function (carried variables as parameters, invariants as
# captures) and a body that tail-calls the header; the else branch runs on exit.


def f(n, k):
    i = 0
    s = 0
    while i < n:
        s = s + i * k
        i += 1
    else:
        s = s + 100
    return s

# CHECK-LABEL: myia.func @f(%n, %k) {
# CHECK-NEXT:    [[I:%.+]] = myia.const 0
# CHECK-NEXT:    [[S:%.+]] = myia.const 0
# CHECK-NEXT:    [[R:%.+]] = myia.call @f.while_L9(%n, %k, [[I]], [[S]])
# CHECK-NEXT:    myia.return [[R]]
# The header captures the invariants n and k and carries i and s.
# CHECK-LABEL: myia.func private @f.while_L9[%n, %k](%i, %s) owner @f {
# CHECK-NEXT:    [[C:%.+]] = myia.lt %i, %n
# CHECK-NEXT:    [[H:%.+]] = myia.if [[C]], @f.while_L9.body(%n, %k, %i, %s), @f.while_L9.exit(%s)
# CHECK-NEXT:    myia.return [[H]]
# CHECK-LABEL: myia.func private @f.while_L9.body[%n, %k, %i, %s]() owner @f {
# CHECK-NEXT:    [[M:%.+]] = myia.mul %i, %k
# CHECK-NEXT:    [[S1:%.+]] = myia.add %s, [[M]]
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[I1:%.+]] = myia.add %i, [[ONE]]
# CHECK-NEXT:    [[B:%.+]] = myia.call @f.while_L9(%n, %k, [[I1]], [[S1]])
# CHECK-NEXT:    myia.return [[B]]
# The else clause is the loop's exit.
# CHECK-LABEL: myia.func private @f.while_L9.exit[%s]() owner @f {
# CHECK-NEXT:    [[HUNDRED:%.+]] = myia.const 100
# CHECK-NEXT:    [[E:%.+]] = myia.add %s, [[HUNDRED]]
# CHECK-NEXT:    myia.return [[E]]
