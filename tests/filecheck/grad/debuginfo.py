# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=tensor<2xf64>,tensor<2xf64>},myia-grad{forward=never names=true}' --print-debuginfo | filecheck %s
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args=tensor<2xf64>,tensor<2xf64>},myia-grad{forward=never names=true}' --print-debuginfo | grep -c 'loc(unknown)' | filecheck %s --check-prefix=UNKNOWN
# Every op myia-grad makes is located at the user's line it differentiates
# (what the debugger stops at in the reverse phase), and with names=true the
# sensitivity of each named value is grad_<name> (what it prints as grad(h)).

import numpy as np
import myia

def layer(x, w):
    h = np.tanh(x * w)
    y = h * h
    return np.sum(y)

def g(x, w):
    return myia.grad(layer, 1)(x, w)

# CHECK-LABEL: myia.func private @layer.J(
# CHECK-NEXT:    myia.mul %x, %w : tensor<2xf64> loc("{{.*}}debuginfo.py":11:17)
# CHECK-NEXT:    %h = myia.tanh %{{.*}} : tensor<2xf64> loc("{{.*}}debuginfo.py":11:9)
# CHECK-LABEL: myia.func private @layer.bprop[%h : tensor<2xf64>, %x : tensor<2xf64>, %w : tensor<2xf64>](%dout : f64)
# CHECK:         %grad_y = myia.broadcast_to {{.*}} loc("{{.*}}debuginfo.py":13:12)
# CHECK-NEXT:    myia.mul %grad_y, %h : tensor<2xf64> loc("{{.*}}debuginfo.py":12:9)
# CHECK-NEXT:    myia.mul %grad_y, %h : tensor<2xf64> loc("{{.*}}debuginfo.py":12:9)
# CHECK-NEXT:    %grad_h = myia.add {{.*}} loc("{{.*}}debuginfo.py":12:9)
# CHECK-NEXT:    myia.const 1.0 : f64 loc("{{.*}}debuginfo.py":11:9)
# CHECK-NEXT:    myia.mul %h, %h : tensor<2xf64> loc("{{.*}}debuginfo.py":11:9)
# CHECK-NEXT:    myia.sub {{.*}} loc("{{.*}}debuginfo.py":11:9)
# CHECK-NEXT:    myia.mul %grad_h, {{.*}} loc("{{.*}}debuginfo.py":11:9)
# CHECK-NEXT:    %grad_w = myia.mul {{.*}}, %x : tensor<2xf64> loc("{{.*}}debuginfo.py":11:17)
# No op of the module without a location:
# CHECK-NOT:     loc(unknown)
# CHECK:       } loc("{{.*}}debuginfo.py":10:1)
# CHECK-NEXT:  } loc(unknown)
# Only the module itself has no location:
# UNKNOWN: {{^1$}}
