// RUN: myia-opt %s -p convert-myia-to-gpu,myia-gpu-to-numba -t numba-cuda | filecheck %s
// RUN: myia-opt %s -p convert-myia-to-gpu,myia-gpu-to-numba | filecheck %s --check-prefix=ATTR
// The numba.cuda source of each kernel (myia-gpu-to-numba writes it on the kernel;
// -t numba-cuda prints it): one line per op, the scalar code in the kernel's types
// (float64(...)), math functions through helpers that give IEEE's inf and nan where
// Python's math raises (the simulator runs this code as Python).

myia.func @f(%x : tensor<4x100xf64>) -> tensor<4xf64> {
  %k = myia.closure @f.kernel : !myia.fn<@f.kernel>
  %kind = myia.const "sum" : !myia.str
  %0 = myia.const 1 : i64
  %axes = myia.tuple(%0) : tuple<i64>
  %keep = myia.const false : i1
  %r = myia.array_reduce %k, %kind, %axes, %keep, %x : tensor<4xf64>
  myia.return %r
}
myia.func private @f.kernel(%x0 : f64) -> f64 attributes {myia.kernel} {
  %0 = myia.log %x0 : f64
  %1 = myia.mul %0, %x0 : f64
  myia.return %1
}

// CHECK:      # kernel @f.sum: void(float64[::1], int64, int64, int64, float64[::1], int64, int64)
// CHECK:      @cuda.jit(device=True)
// CHECK-NEXT: def _log(x):
// CHECK-NEXT:     if x <= 0.0:
// CHECK-NEXT:         return -math.inf if x == 0.0 else math.nan
// CHECK-NEXT:     return math.log(x)
// CHECK:      def kernel(x0, x0_off, x0_s0, x0_s1, out, m, k):
// CHECK-NEXT:     tid_x = cuda.threadIdx.x
// CHECK-NEXT:     shared = cuda.shared.array(128, float64)
// CHECK:          for o in range(bid_x, m, gdim_x):
// CHECK:              for j in range({{.*}}, k, {{.*}}):
// CHECK:                  [[V:v[0-9]+]] = x0[{{.*}}]
// CHECK-NEXT:             [[L:v[0-9]+]] = float64(_log([[V]]))
// CHECK-NEXT:             [[P:v[0-9]+]] = float64([[L]] * [[V]])
// CHECK:              shared[tid_x] = {{.*}}
// CHECK-NEXT:         cuda.syncthreads()
// CHECK-NEXT:         [[C:v[0-9]+]] = tid_x < 64
// CHECK-NEXT:         if [[C]]:
// CHECK:              [[Z:v[0-9]+]] = tid_x == 0
// CHECK-NEXT:         if [[Z]]:
// CHECK-NEXT:             [[R:v[0-9]+]] = shared[0]
// CHECK:                  out[{{.*}}] = [[R]]
// CHECK:      # kernel @sum_partials_f64:

// ATTR: "gpu.func"() <{
// ATTR: }) {sym_name = "f.sum", myia_gpu.source = "import math{{.*}}def kernel(x0, x0_off, x0_s0, x0_s1, out, m, k):{{.*}}", myia_gpu.signature = "void(float64[::1], int64, int64, int64, float64[::1], int64, int64)"} : () -> ()
