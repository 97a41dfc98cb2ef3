# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=float},myia-grad{forward=never}' | filecheck %s
# The shape of the transform (before any simplification): value_and_grad is a
# function that applies the J transform of the closure, seeds its
# backpropagator with 1.0 and picks the value and the argument's sensitivity. @f.J
# returns the forward value with the backpropagator, a closure over what the
# backward pass needs; @f.bprop returns the sensitivities of the closure's
# environment and of each argument.

import math

import myia


def f(x):
    return math.sin(x) * x


def g(x):
    return myia.value_and_grad(f)(x)

# CHECK-LABEL: myia.func @g(%x : f64) -> tuple<f64, f64> {
# CHECK:         %[[G:.*]] = myia.closure @f.grad(%{{.*}}) : !myia.fn<@f.grad>
# CHECK:         myia.apply %[[G]](%x) callees [@f.grad] : tuple<f64, f64>

# CHECK-LABEL: myia.func private @f.grad[%f : !myia.fn<@f>](%x : f64) -> tuple<f64, f64> {
# CHECK-NEXT:    %[[J:.*]] = myia.j %f : !myia.fn<@f.J>
# CHECK-NEXT:    %[[FWD:.*]] = myia.apply %[[J]](%x) callees [@f.J] : tuple<f64, !myia.fn<@f.bprop>>
# CHECK-NEXT:    %[[Y:.*]] = myia.tuple_get %[[FWD]][0] : f64
# CHECK-NEXT:    %[[BP:.*]] = myia.tuple_get %[[FWD]][1] : !myia.fn<@f.bprop>
# CHECK-NEXT:    %[[ONE:.*]] = myia.const 1.0 : f64
# CHECK-NEXT:    %[[SENS:.*]] = myia.apply %[[BP]](%[[ONE]]) callees [@f.bprop] : tuple<tuple<tuple<>>, f64>
# CHECK-NEXT:    %[[DX:.*]] = myia.tuple_get %[[SENS]][1] : f64
# CHECK-NEXT:    %[[R:.*]] = myia.tuple(%[[Y]], %[[DX]]) : tuple<f64, f64>
# CHECK-NEXT:    myia.return %[[R]]

# CHECK-LABEL: myia.func private @f.J(%x : f64) -> tuple<f64, !myia.fn<@f.bprop>> {
# CHECK-NEXT:    %[[S:.*]] = myia.math_sin %x : f64
# CHECK-NEXT:    %[[OUT:.*]] = myia.mul %[[S]], %x : f64
# CHECK-NEXT:    %[[B:.*]] = myia.closure @f.bprop(%[[S]], %x) : !myia.fn<@f.bprop>
# CHECK-NEXT:    %[[T:.*]] = myia.tuple(%[[OUT]], %[[B]]) : tuple<f64, !myia.fn<@f.bprop>>
# CHECK-NEXT:    myia.return %[[T]]

# CHECK-LABEL: myia.func private @f.bprop[
# CHECK-SAME:    %[[SIN:[0-9]+]] : f64, %x : f64](%dout : f64) -> tuple<tuple<tuple<>>, f64> {
# CHECK-DAG:     %[[A:.*]] = myia.mul %dout, %x : f64
# CHECK-DAG:     %[[B:.*]] = myia.mul %dout, %[[SIN]] : f64
# CHECK-DAG:     %[[COS:.*]] = myia.cos %x : f64
# CHECK:         %[[C:.*]] = myia.mul %[[A]], %[[COS]] : f64
# CHECK-NEXT:    %[[DX:.*]] = myia.add %[[B]], %[[C]] : f64
# CHECK:         %[[R:.*]] = myia.tuple(%{{.*}}, %[[DX]]) : tuple<tuple<tuple<>>, f64>
# CHECK-NEXT:    myia.return %[[R]]
