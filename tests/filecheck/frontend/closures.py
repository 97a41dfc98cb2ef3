# RUN: myia-opt %s --entry f | filecheck %s
# Closures capture the enclosing variables they read; returned closures, closures
# passed as arguments and closures capturing closures.


def make_adder(k):
    def add(x):
        return x + k
    return add


def twice(g, x):
    return g(g(x))


def f(x, k):
    add = make_adder(k)
    h = lambda v: add(v) * x
    return twice(h, x)

# The lambda captures x and the closure `add` (a closure capturing a closure).
# Bound once to `h`, it is named after it, and built where `h` is used as a value.
# CHECK-LABEL: myia.func @f(%x, %k) {
# CHECK-NEXT:    [[ADD:%.+]] = myia.call @make_adder(%k)
# CHECK-NEXT:    [[H:%.+]] = myia.closure @f.h(%x, [[ADD]])
# CHECK-NEXT:    [[R:%.+]] = myia.call @twice([[H]], %x)
# CHECK-NEXT:    myia.return [[R]]
# CHECK-LABEL: myia.func private @f.h[%x, %add](%v) {
# CHECK-NEXT:    [[A:%.+]] = myia.apply %add(%v)
# CHECK-NEXT:    [[M:%.+]] = myia.mul [[A]], %x
# CHECK-NEXT:    myia.return [[M]]
# A returned closure.
# CHECK-LABEL: myia.func private @make_adder(%k) {
# CHECK-NEXT:    [[C:%.+]] = myia.closure @make_adder.add(%k)
# CHECK-NEXT:    myia.return [[C]]
# CHECK-LABEL: myia.func private @make_adder.add[%k](%x) {
# CHECK-NEXT:    [[S:%.+]] = myia.add %x, %k
# CHECK-NEXT:    myia.return [[S]]
# A function received as an argument is applied.
# CHECK-LABEL: myia.func private @twice(%g, %x) {
# CHECK-NEXT:    [[G1:%.+]] = myia.apply %g(%x)
# CHECK-NEXT:    [[G2:%.+]] = myia.apply %g([[G1]])
# CHECK-NEXT:    myia.return [[G2]]
