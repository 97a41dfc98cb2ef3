# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float,f64},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s
# RUN: myia-opt %s --entry dfdy -p 'myia-infer{entry=dfdy args=float,f64},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=DY
# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float,f64},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s
# RUN: myia-opt %s --entry dfdy -p 'myia-infer{entry=dfdy args=float,f64},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=DY
# In both modes (forward mode, the default for one float scalar, and reverse):
# the talk's bprop_pow: d/dx of x ** y needs no log; the gradient nobody asked
# for (d/dy) is never computed. Asking for d/dy brings the log in. Derivatives
# compute under IEEE 754 (myia.power: 0 ** -0.5 is inf, not an error) and, as
# JAX, take the log of 1 for a zero base (nan for a negative one, without
# calling log outside its domain).

import myia


def f(x, y):
    return x**y


def dfdx(x, y):
    return myia.grad(f, 0)(x, y)


def dfdy(x, y):
    return myia.grad(f, 1)(x, y)

# CHECK-LABEL: myia.func @dfdx(%x : f64, %y : f64) -> f64 {
# CHECK-NOT:     myia.log
# CHECK:         %[[YM1:.*]] = myia.sub %y, %[[ONE:.*]] : f64
# The exponent is 1 where y is 0 (0 * x ** 1, not 0 * inf, at x = 0):
# CHECK:         %[[Y0:.*]] = myia.eq %y, %{{.*}} : i1
# CHECK-NEXT:    %[[E:.*]] = myia.select %[[Y0]], %[[ONE]], %[[YM1]] : f64
# CHECK-NEXT:    %[[P:.*]] = myia.power %x, %[[E]] : f64
# CHECK-NEXT:    %[[R:.*]] = myia.mul %y, %[[P]] : f64
# CHECK-NEXT:    myia.return %[[R]]

# DY-LABEL: myia.func @dfdy(%x : f64, %y : f64) -> f64 attributes {myia.numpy_scalars = [""]} {
# DY:         %[[OUT:.*]] = myia.pow %x, %y : f64
# DY:         %[[POSITIVE:.*]] = myia.gt %x, %{{.*}} : i1
# DY:         %[[NAN:.*]] = myia.const nan : f64
# DY:         %[[ZERO:.*]] = myia.eq %x, %{{.*}} : i1
# DY:         %[[OTHER:.*]] = myia.select %[[ZERO]], %{{.*}}, %[[NAN]] : f64
# DY:         %[[SAFE:.*]] = myia.select %[[POSITIVE]], %x, %[[OTHER]] : f64
# DY:         %[[LOG:.*]] = myia.log %[[SAFE]] : f64
# DY:         myia.mul %[[OUT]], %[[LOG]] : f64
# DY-NOT:     myia.sub
