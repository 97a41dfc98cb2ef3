# RUN: myia-opt %s --entry f | filecheck %s
# Recursion: a function calls its own symbol.


def f(n):
    if n <= 1:
        return 1
    return n * f(n - 1)

# CHECK-LABEL: myia.func @f(%n) {
# CHECK:         [[C:%.+]] = myia.le %n, %{{.+}}
# CHECK-NEXT:    [[R:%.+]] = myia.if [[C]], @f.then_L6(), @f.after_L8(%n)
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.then_L6() owner @f {
# CHECK-LABEL: myia.func private @f.after_L8[%n]() owner @f {
# CHECK-NEXT:    [[ONE:%.+]] = myia.const 1
# CHECK-NEXT:    [[N1:%.+]] = myia.sub %n, [[ONE]]
# CHECK-NEXT:    [[REC:%.+]] = myia.call @f([[N1]])
# CHECK-NEXT:    [[M:%.+]] = myia.mul %n, [[REC]]
# CHECK-NEXT:    myia.return [[M]]
