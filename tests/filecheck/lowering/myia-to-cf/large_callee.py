# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args=f64},convert-myia-to-cf' | filecheck %s
# Contifying a function called once at a call site is inlining it: a function
# larger than the inliner's limit (64 ops) stays a function unless it is part
# of a loop, so that no host grows without bound; a small one becomes blocks.


def big(x):
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    x = x * 1.5 + 0.25
    return x


def small(x):
    return x * 2.0


def f(x):
    return big(x) + small(x)

# CHECK-LABEL: func.func @f(
# CHECK:         func.call @big(
# CHECK-NOT:     func.call @small
# CHECK:         func.return
# CHECK-LABEL: func.func private @big(
# CHECK-NOT:   func.func private @small(
