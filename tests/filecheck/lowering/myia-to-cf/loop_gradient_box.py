# RUN: myia-opt %s --entry df -p 'myia-infer{entry=df args=f64},myia-grad{forward=never},myia-inline{simplify=true},cse,dce,convert-myia-to-cf' | filecheck %s
# The backpropagator of a loop is a chain of closures: each iteration's
# captures the next one's and the iteration's values, which makes a cycle of
# closure classes that must be boxed. Boxing one class of the cycle is enough:
# the one that carries the data. The forward pass allocates one box an
# iteration (tag and pointer of the next backpropagator, and tanh's value), and
# none on the exit branch, which returns a null pointer.

import math

import myia


def f(x):
    for i in range(10):
        x = math.tanh(x) * 1.5
    return x


def df(x):
    return myia.grad(f)(x)

# CHECK-LABEL: func.func private @f.for_L{{[0-9]+}}_1.J(
# CHECK-SAME:      -> (i32, !llvm.ptr)
# CHECK:         %[[T:.*]] = math.tanh
# CHECK:         %[[TAG:.*]], %[[NEXT:.*]] = func.call @f.for_L{{[0-9]+}}_1.J(
# CHECK:         %[[BOX:.*]] = func.call @myia_alloc(
# CHECK-NOT:     func.call @myia_alloc
# CHECK:         llvm.getelementptr %[[BOX]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, !llvm.ptr, f64)>
# CHECK-NEXT:    llvm.store %[[TAG]]
# CHECK:         llvm.store %[[NEXT]]
# CHECK:         llvm.store %[[T]]
# CHECK-NOT:     func.call @myia_alloc
# CHECK:         %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
# CHECK-NOT:     func.call @myia_alloc
# CHECK:         func.return
