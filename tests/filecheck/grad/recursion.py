# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=float},myia-grad{forward=never}' | filecheck %s
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=float},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=SIMPLE
# Recursion: the J transform of fact calls itself, and the backpropagator
# of each level calls the one of the level below (a closure it captured).

import myia


def fact(x):
    if x <= 1:
        return 1.0
    return x * fact(x - 1)


def g(x):
    return myia.grad(fact)(x)

# CHECK-LABEL: myia.func private @fact.J(%x : f64)
# CHECK:         myia.if %{{.*}}, @fact.then_L10.J.at(), @fact.after_L12.J.at(%x)
# CHECK-LABEL: myia.func private @fact.bprop[
# CHECK-SAME:    %[[BP:[0-9]+]] : !myia.fn<@fact.then_L10.bprop.at, @fact.after_L12.bprop.at>](%dout : f64)
# CHECK-NEXT:    myia.apply %[[BP]](%dout) callees [@fact.then_L10.bprop.at, @fact.after_L12.bprop.at]
# Each branch of the if has a variant (.J.at): their backpropagators share
# one layout, so that either is called through their union.
# CHECK-LABEL: myia.func private @fact.after_L12.J.at[%x : f64]()
# CHECK:         %[[CALL:.*]] = myia.call @fact.J(%{{.*}}) : tuple<f64, !myia.fn<@fact.bprop>>
# CHECK:         %[[INNER:.*]] = myia.tuple_get %[[CALL]][1] : !myia.fn<@fact.bprop>
# CHECK:         %[[BP:.*]] = myia.closure @fact.after_L12.bprop.at(%x, %{{.*}}, %[[INNER]])
# CHECK:         myia.cast %[[BP]] : !myia.fn<@fact.then_L10.bprop.at, @fact.after_L12.bprop.at>
# CHECK-LABEL: myia.func private @fact.after_L12.bprop.at[
# CHECK-SAME:    %x : f64, %{{[0-9]+}} : f64, %[[INNERBP:[0-9]+]] : !myia.fn<@fact.bprop>](%dout : f64)
# CHECK:         myia.apply %[[INNERBP]](%{{.*}}) callees [@fact.bprop]

# The simplified gradient keeps the recursion (it cannot be inlined away) but
# the entry calls it directly.
# SIMPLE-LABEL: myia.func @g(%x : f64) -> f64 {
# SIMPLE:         myia.call @fact.J(%x)
# SIMPLE-NOT:     myia.j
