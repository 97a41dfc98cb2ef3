# RUN: myia-opt %s --entry energy -p 'myia-infer{entry=energy args="tensor<?xf32>"},myia-inline{simplify=true},cse,dce,myia-fuse-arrays,dce,convert-myia-to-cf,myia-parallel-loops,myia-to-llvm' -t 'llvm{opt=3}' | filecheck %s
# The whole pipeline on the elementwise benchmark: one fused loop, outlined for
# threads, vectorized by LLVM (8 float32 lanes with AVX2: a 128-bit target has
# 4) with no call of libm's sinf or expf, the sum reassociated into vector
# partial sums.
import numpy as np


def energy(x):
    return np.sum(np.exp(np.sin(x)) * x)

# CHECK-LABEL: define {{.*}} @energy(
# CHECK:         call void @myia_parallel_for(ptr nonnull @energy.parallel_0
# CHECK-LABEL: define {{.*}} @energy.parallel_0(
# CHECK-NOT:     call {{.*}} @sinf
# CHECK-NOT:     call {{.*}} @expf
# CHECK:         fptrunc <{{[48]}} x double> %{{.*}} to <{{[48]}} x float>
# CHECK:         fadd reassoc <{{[48]}} x double>
# CHECK-NOT:   define
