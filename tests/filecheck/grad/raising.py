# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float,int},myia-grad' | filecheck %s --check-prefix=FWD
# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float,int},myia-grad{forward=never}' | filecheck %s --check-prefix=REV
# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float,int},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s
# RUN: myia-opt %s --entry dfdx -p 'myia-infer{entry=dfdx args=float,int},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s
# The gradient needs neither the value of f nor q, but `10 // k` raises for
# k = 0 in Python: the forward pass keeps it (in the jvp or the J transform)
# when the gradient's pruning of dead results drops the rest, and so does
# simplification.

import myia


def f(x, k):
    q = 10 // k
    return x * x


def dfdx(x, k):
    return myia.grad(f)(x, k)

# FWD-LABEL: myia.func private @f.jvp(%x : f64, %k : i64, %d_x : f64) -> tuple<!myia.none, f64> {
# FWD-NEXT:    %0 = myia.const 10 : i64
# FWD-NEXT:    %q = myia.floordiv %0, %k checked : i64

# REV-LABEL: myia.func private @f.J(%x : f64, %k : i64) -> tuple<!myia.none, !myia.fn<@f.bprop>> {
# REV-NEXT:    %0 = myia.const 10 : i64
# REV-NEXT:    %q = myia.floordiv %0, %k checked : i64

# CHECK-LABEL: myia.func @dfdx(%x : f64, %k : i64) -> f64 {
# CHECK-NEXT:    %0 = myia.const 10 : i64
# CHECK-NEXT:    %q = myia.floordiv %0, %k checked : i64
# CHECK-NEXT:    %1 = myia.add %x, %x : f64
# CHECK-NEXT:    myia.return %1
