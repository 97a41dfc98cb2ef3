# RUN: myia-opt %s --entry f | filecheck %s
# Mutual recursion between module-level functions and between nested functions.


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def f(n, step):
    def down(k):
        return k if k <= 0 else up(k - step)

    def up(k):
        return down(k - step)

    return is_even(n), down(n)

# CHECK-LABEL: myia.func @f(%n, %step) {
# CHECK-NEXT:    [[E:%.+]] = myia.call @is_even(%n)
# CHECK-NEXT:    [[D:%.+]] = myia.call @f.down(%step, %n)
# CHECK-NEXT:    [[R:%.+]] = myia.tuple([[E]], [[D]])
# CHECK-NEXT:    myia.return [[R]]
# Nested functions calling each other pass on the captures they share.
# CHECK-LABEL: myia.func private @f.down[%step](%k) {
# CHECK:         myia.if %{{.+}}, @f.down.ifexp_L15.then(%k), @f.down.ifexp_L15.else(%step, %k)
# CHECK-LABEL: myia.func private @f.down.ifexp_L15.else[%step, %k]() owner @f.down {
# CHECK-NEXT:    [[K1:%.+]] = myia.sub %k, %step
# CHECK-NEXT:    [[U:%.+]] = myia.call @f.up(%step, [[K1]])
# CHECK-NEXT:    myia.return [[U]]
# CHECK-LABEL: myia.func private @f.up[%step](%k) {
# CHECK-NEXT:    [[K2:%.+]] = myia.sub %k, %step
# CHECK-NEXT:    [[DD:%.+]] = myia.call @f.down(%step, [[K2]])
# CHECK-NEXT:    myia.return [[DD]]
# CHECK-LABEL: myia.func private @is_even(%n) {
# CHECK-LABEL: myia.func private @is_even.ifexp_L6.else[%n]() owner @is_even {
# CHECK:         myia.call @is_odd(%{{.+}})
# CHECK-LABEL: myia.func private @is_odd(%n) {
# CHECK-LABEL: myia.func private @is_odd.ifexp_L10.else[%n]() owner @is_odd {
# CHECK:         myia.call @is_even(%{{.+}})
