# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args="tensor<3x4xf64>","tensor<4xf64>"},myia-grad' | filecheck %s
# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args="tensor<3x4xf64>","tensor<4xf64>"},myia-grad,myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=SIMPLE
# The gradient of a broadcasting add: the sensitivity of the bias (broadcast
# along axis 0) is summed over that axis (sum_to_shape, expanded to one sum
# without keepdims); the sensitivity of the sum is broadcast back (a view).
import numpy as np

import myia


def loss(x, b):
    return np.sum((x + b) * 2.0)


def g(x, b):
    return myia.grad(loss, argnums=(0, 1))(x, b)

# CHECK-LABEL: myia.func private @loss.bprop(%dout : f64) -> tuple<tuple<tuple<>>, tensor<3x4xf64>, tensor<4xf64>>
# CHECK:         %[[D0:.*]] = myia.full %{{.*}}, %dout, %{{.*}} : tensor<f64>
# CHECK:         %[[DS:.*]] = myia.broadcast_to %[[D0]], %{{.*}} : tensor<3x4xf64>
# CHECK:         %[[DADD:.*]] = myia.mul %[[DS]], %{{.*}} : tensor<3x4xf64>
# CHECK:         %[[AXES:.*]] = myia.tuple(%{{.*}}) : tuple<i64>
# CHECK:         %[[KEEP:.*]] = myia.const false : i1
# CHECK:         %[[DB:.*]] = myia.sum %[[DADD]], %[[AXES]], %[[KEEP]] : tensor<4xf64>
# CHECK:         myia.tuple(%{{.*}}, %[[DADD]], %[[DB]]) : tuple<tuple<tuple<>>, tensor<3x4xf64>, tensor<4xf64>>

# After simplification, no closure and no forward computation remain:
# SIMPLE-LABEL: myia.func @g(%x : tensor<3x4xf64>, %b : tensor<4xf64>)
# SIMPLE-NOT:     myia.closure
# SIMPLE-NOT:     myia.add
# SIMPLE:         %[[DX:.*]] = myia.mul %{{.*}}, %{{.*}} : tensor<3x4xf64>
# SIMPLE:         %[[DB:.*]] = myia.sum %[[DX]], %{{.*}}, %{{.*}} : tensor<4xf64>
# SIMPLE:         %[[R:.*]] = myia.tuple(%[[DX]], %[[DB]])
# SIMPLE-NEXT:    myia.return %[[R]]
# SIMPLE-NOT:   myia.func
