# RUN: myia-opt %s --entry step -p 'myia-infer{entry=step args=tensor<6x4xf64>,tensor<4x3xf64>,tensor<6x3xf64>},myia-grad,myia-mark-contiguous{entry=step layout=true,true,true},myia-cuda{entry=step}' > %t.opt
# RUN: env NUMBA_ENABLE_CUDASIM=1 %python %S/../pipelines/Inputs/jit_lowered.py %s step '(np.ones((6, 4)), np.ones((4, 3)), np.ones((6, 3)))' cuda | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# myia-opt's myia-cuda{entry=f} (after myia-mark-contiguous, as jit does for
# C-contiguous arrays) prints exactly the module that
# myia.jit(f, backend="cuda") runs for the same signature (host functions and
# kernels with their numba source), gradients included.
import numpy as np

import myia


def loss(w, x, y):
    d = np.tanh(x @ w) - y
    return np.sum(d * d)


def step(x, w, y):
    return w - 0.1 * myia.grad(loss)(w, x, y)

# CHECK-LABEL: myia.func @step(
# CHECK:         myia_gpu.launch "matmul"
# CHECK:         myia.return
# CHECK:         "gpu.module"() <{sym_name = "kernels"}>
