# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s
# Twelve nested calls: the backward pass is a chain of twelve backpropagator
# closures, and inlining one reveals the next. The inliner follows the chain
# to its end in the caller, so the gradient is one function of plain
# arithmetic, with no closure, call or tuple left.

import math

import myia


def f12(x):
    return math.sin(x)


def f11(x):
    return f12(x) * 1.5


def f10(x):
    return f11(x) + x


def f9(x):
    return f10(x) * x


def f8(x):
    return f9(x) - 2.0


def f7(x):
    return f8(x) * 0.5


def f6(x):
    return f7(x) + x * x


def f5(x):
    return f6(x) * 3.0


def f4(x):
    return f5(x) - x


def f3(x):
    return f4(x) * f4(x)


def f2(x):
    return f3(x) + 1.0


def f1(x):
    return f2(x) * 2.0


def dfdx(x):
    return myia.grad(f1)(x)

# CHECK-LABEL: myia.func @dfdx(%x : f64) -> f64 {
# CHECK-NOT:     myia.closure
# CHECK-NOT:     myia.apply
# CHECK-NOT:     myia.call
# CHECK-NOT:     myia.tuple
# CHECK:         myia.cos %x : f64
# CHECK-NOT:     myia.call
# CHECK:         myia.return
# CHECK-NEXT:  }
# CHECK-NOT:   myia.func
