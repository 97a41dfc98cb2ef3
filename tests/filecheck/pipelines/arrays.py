# RUN: myia-opt %s --entry f -p 'myia-infer{entry=f args="tensor<512x64xf64>","tensor<64x1024xf64>","tensor<1024xf64>"},myia-grad,myia-mark-contiguous{entry=f layout=true,true,true},myia-cpu{entry=f}' > %t.opt
# RUN: %python %S/Inputs/jit_lowered.py %s f '(np.ones((512, 64)), np.ones((64, 1024)), np.ones(1024))' | myia-opt > %t.jit
# RUN: diff %t.opt %t.jit
# RUN: filecheck %s < %t.opt
# Arrays through the cpu pipeline as jit compiles them (C-contiguous
# arguments: myia-mark-contiguous, as jit does for them): the product calls
# BLAS, the bias and tanh are one fused kernel whose loop runs on the
# runtime's threads (2^19 elements), the sum of squares is a second kernel
# fused into its reduction, and the array returned is result slot 0.
import numpy as np


def f(a, b, c):
    h = np.tanh(a @ b + c)
    return h, np.sum(h * h)

# CHECK:       builtin.module attributes {myia.exports = {f = (tensor<512x64xf64>, tensor<64x1024xf64>, tensor<1024xf64>) -> tuple<tensor<512x1024xf64>, f64>},
# CHECK-SAME:    myia.result_slots = {f = [tensor<512x1024xf64>]}
# CHECK-LABEL: llvm.func @f(
# CHECK:         llvm.call @myia_cblas_dgemm(
# CHECK:         llvm.call @myia_alloc_result_slot(
# CHECK:         llvm.call @myia_parallel_for(
# CHECK:         llvm.call @myia_parallel_for(
# CHECK-LABEL: llvm.func internal @f.parallel_0(
# CHECK-LABEL: llvm.func internal @f.parallel_1(
# CHECK-LABEL: llvm.func @f__capi(
