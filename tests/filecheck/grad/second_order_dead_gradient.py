# RUN: myia-opt %s --entry d2fdx2 -p 'myia-infer{entry=d2fdx2 args=float,f64},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s
# RUN: myia-opt %s --entry d2fdx2 -p 'myia-infer{entry=d2fdx2 args=float,f64},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s
# Gradients are expanded one order at a time, and what an order computes that
# nobody reads (d/dy of x ** y; the value of a forward-mode derivative; the
# forward values only they needed) is dropped before the next order
# differentiates it. Else the next order would multiply the zero sensitivity of
# that unread result by its partial derivatives, and 0 * inf is nan: the second
# derivative of x ** 0.5 at 0 would be nan, not -inf. In both modes, the second
# derivative is y * (y - 1) * x ** (y - 2), and nothing else (each exponent is 1
# where the factor before it is 0: 0 * x ** 1, not 0 * inf, at x = 0).

import myia


def f(x, y):
    return x**y


def d2fdx2(x, y):
    return myia.grad(myia.grad(f, 0), 0)(x, y)

# CHECK-LABEL: myia.func @d2fdx2(%x : f64, %y : f64) -> f64 {
# CHECK-NOT:     myia.log
# CHECK-NOT:     myia.pow %x, %y
# CHECK:         %[[YM1:.*]] = myia.sub %y, %[[ONE:.*]] : f64
# CHECK:         %[[E1:.*]] = myia.select %{{.*}}, %[[ONE]], %[[YM1]] : f64
# CHECK:         %[[YM2:.*]] = myia.sub %[[E1]], %[[ONE]] : f64
# CHECK:         %[[E2:.*]] = myia.select %{{.*}}, %[[ONE]], %[[YM2]] : f64
# CHECK:         %[[P:.*]] = myia.power %x, %[[E2]] : f64
# CHECK:         %[[D:.*]] = myia.mul %[[E1]], %[[P]] : f64
# CHECK:         %[[R:.*]] = myia.mul %y, %[[D]] : f64
# CHECK-NEXT:    myia.return %[[R]]
