# RUN: myia-opt %s --entry g -p 'myia-infer{entry=g args="tensor<4x3xf64>","tensor<5x2x4xf64>","tensor<2x3xf64>"},myia-grad' | filecheck %s
# Gradients nobody asked for are not computed through a loop either: only the
# weights are differentiated, so the backpropagator of an iteration neither
# scatters the sensitivity of xs[t] into a zero array nor multiplies by wx^T to
# make it; the loop's backpropagators return none there (and say so in their
# result type, so that no struct of unused arrays crosses calls natively).
import numpy as np

import myia


def loss(wx, xs, h):
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ wx + h)
    return np.sum(h)


def g(wx, xs, h0):
    return myia.grad(loss)(wx, xs, h0)

# CHECK-LABEL: myia.func private @loss.for_{{.*}}.body.bprop.at[{{.*}} -> tuple<tuple<tuple<tuple<!myia.none, !myia.none, !myia.none>
# CHECK-NOT:     myia.array_setitem
# CHECK-NOT:     myia.full {{.*}} : tensor<5x2x4xf64>
# CHECK:         myia.matmul {{.*}} : tensor<4x3xf64>
# CHECK-NOT:     myia.matmul
# CHECK-NOT:     myia.array_setitem
# CHECK:         myia.const none : !myia.none
# CHECK:         myia.return
