# RUN: myia-opt %s --entry layer -p 'myia-infer{entry=layer args=tensor<8x4xf64>,tensor<4x3xf64>,tensor<3xf64>},myia-cuda{entry=layer}' | filecheck %s
# RUN: myia-opt %s --entry layer -p 'myia-infer{entry=layer args=tensor<8x4xf64>,tensor<4x3xf64>,tensor<3xf64>},myia-inline{simplify=true},cse,dce,myia-fuse-arrays,convert-myia-to-gpu' | myia-opt | filecheck %s --check-prefix=ROUNDTRIP
# From Python: the cuda pipeline (myia-cuda, what myia.jit(f, backend="cuda") runs
# after inference: simplification, myia-fuse-arrays as for cpu, convert-myia-to-gpu,
# myia-gpu-to-numba) makes one kernel per fused chain (the bias and tanh;
# the square and its sum: a reduction of a map, the squares never stored), the
# matmul's; the mean's division runs on the host, on the scalar read back.
import numpy as np


def layer(x, w, b):
    h = np.tanh(x @ w + b)
    return h, np.sum(h * h) / h.shape[0]

# CHECK-LABEL: myia.func @layer(
# CHECK:         %[[M:.*]] = myia_gpu.launch "matmul" [@kernels::@layer.matmul](%x, %w)
# CHECK-NEXT:    %[[H:.*]] = myia_gpu.launch "map" [@kernels::@layer.map](%[[M]], %b)
# CHECK:         %[[S:.*]] = myia_gpu.launch "reduce" [@kernels::@layer.sum, @kernels::@sum_partials_f64](%[[H]])
# CHECK-NEXT:    %[[V:.*]] = myia_gpu.to_host %[[S]] : tensor<f64> -> f64
# CHECK:         myia.truediv %[[V]], %{{.*}} : f64
# CHECK-NOT:     myia_gpu.launch
# CHECK:         myia.return
# CHECK-COUNT-4: "gpu.func"()
# CHECK-NOT:     "gpu.func"()

# ROUNDTRIP: myia_gpu.launch "matmul" [@kernels::@layer.matmul]
# ROUNDTRIP: "gpu.module"() <{sym_name = "kernels"}> ({
