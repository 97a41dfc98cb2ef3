# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=float}' | filecheck %s --check-prefix=TYPED
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=float}' | myia-opt -p 'myia-grad' | filecheck %s
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=float},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=SIMPLE
# A custom_vjp function names its rules on its myia.func (they are inferred
# next to it, and survive the textual round trip); myia-grad builds its J
# transform from them instead of differentiating its body.

import myia


@myia.custom_vjp
def clip_gradient(x):
    return x


def clip_fwd(x):
    return x, None


def clip_bwd(residuals, dout):
    return (max(-1.0, min(1.0, dout)),)


clip_gradient.defvjp(clip_fwd, clip_bwd)


def g(x):
    return myia.grad(lambda t: clip_gradient(t) * 5.0)(x)

# TYPED-LABEL: myia.func private @clip_gradient(%x : f64) -> f64 attributes {myia.custom_vjp = [@clip_fwd, @clip_bwd]} {
# TYPED-LABEL: myia.func private @clip_fwd(%x : f64) -> tuple<f64, !myia.none> {
# TYPED-LABEL: myia.func private @clip_bwd(%residuals : !myia.none, %dout : f64) -> tuple<f64> {

# Nobody reads the primal value of clip_gradient (grad, not value_and_grad): none.
# CHECK-LABEL: myia.func private @clip_gradient.J(%x : f64) -> tuple<!myia.none, !myia.fn<@clip_gradient.bprop>> {
# CHECK-NEXT:    %[[FWD:.*]] = myia.call @clip_fwd(%x) : tuple<f64, !myia.none>
# CHECK-NEXT:    %[[RES:.*]] = myia.tuple_get %[[FWD]][1] : !myia.none
# CHECK-NEXT:    %[[BP:.*]] = myia.closure @clip_gradient.bprop(%[[RES]]) : !myia.fn<@clip_gradient.bprop>
# CHECK-LABEL: myia.func private @clip_gradient.bprop[%residuals : !myia.none](%dout : f64)
# CHECK-NEXT:    %[[G:.*]] = myia.call @clip_bwd(%residuals, %dout) : tuple<f64>
# CHECK-NEXT:    %[[DX:.*]] = myia.tuple_get %[[G]][0] : f64

# 5.0 is clipped to 1.0 at compile time.
# SIMPLE-LABEL: myia.func @g(%x : f64) -> f64 {
# SIMPLE-NEXT:    %[[ONE:.*]] = myia.const 1.0 : f64
# SIMPLE-NEXT:    myia.return %[[ONE]]
