// RUN: myia-opt %s --split-input-file -p convert-myia-to-gpu | filecheck %s
// Reductions. Many elements per output: a block per output (grid-stride over the
// outputs), its threads striding over the output's elements with a register each,
// then a tree in shared memory (halving the active threads, a barrier per step),
// thread 0 writing the block's part (o * parts + part: a big reduction into few
// outputs is split into parts, reduced again by the second kernel).

myia.func @rows(%x : tensor<4x100xf64>) -> tensor<4xf64> {
  %0 = myia.const 1 : i64
  %axes = myia.tuple(%0) : tuple<i64>
  %keep = myia.const false : i1
  %r = myia.sum %x, %axes, %keep : tensor<4xf64>
  myia.return %r
}

// CHECK-LABEL: myia.func @rows(
// CHECK:         %r = myia_gpu.launch "reduce" [@kernels::@rows.sum, @kernels::@sum_partials_f64](%x) config {per_output = "block", block = 128 : i64, axes = [1 : i64], keepdims = false, reduce = "sum"} : (tensor<4x100xf64>) -> tensor<4xf64>
// CHECK:       "gpu.func"()
// CHECK-NEXT:  ^{{.*}}(%x0: memref<?xf64>, %x0_off: index, %x0_s0: index, %x0_s1: index, %out: memref<?xf64>, %m: index, %k: index):
// CHECK:         %shared = memref.alloca() : memref<128xf64, 3 : i64>
// CHECK:         scf.for %o = %bid_x to %m step %gdim_x {
// CHECK:           %[[ACC:.*]] = scf.for %j = %{{.*}} to %k step %{{.*}} iter_args(%[[A:.*]] = %{{.*}}) -> (f64) {
// CHECK:             %[[V:.*]] = memref.load %x0[%{{.*}}] : memref<?xf64>
// CHECK-NEXT:        %[[S:.*]] = myia.add %[[A]], %[[V]] : f64
// CHECK-NEXT:        scf.yield %[[S]] : f64
// CHECK:           memref.store %[[ACC]], %shared[%tid_x] : memref<128xf64, 3 : i64>
// CHECK-NEXT:      "gpu.barrier"() : () -> ()
// CHECK-COUNT-7:   "gpu.barrier"() : () -> ()
// CHECK:           scf.if
// CHECK:             %[[R:.*]] = memref.load %shared[%{{.*}}] : memref<128xf64, 3 : i64>
// CHECK:             memref.store %[[R]], %out[%{{.*}}] : memref<?xf64>
// CHECK:       }) {sym_name = "rows.sum"} : () -> ()
// CHECK:       }) {sym_name = "sum_partials_f64"} : () -> ()

// -----

// Few elements per output (here 4): a thread per output, no shared memory. A
// reduction to a scalar makes a 0-d array; the host reads it (myia_gpu.to_host)
// only because host code uses it, here as the result.

myia.func @columns(%x : tensor<4x100xf32>) -> tensor<100xf32> {
  %0 = myia.const 0 : i64
  %axes = myia.tuple(%0) : tuple<i64>
  %keep = myia.const false : i1
  %r = myia.amax %x, %axes, %keep : tensor<100xf32>
  myia.return %r
}

// CHECK-LABEL: myia.func @columns(
// CHECK:         %r = myia_gpu.launch "reduce" [@kernels::@columns.amax, @kernels::@amax_partials_f32](%x) config {per_output = "thread", axes = [0 : i64], keepdims = false, reduce = "amax"}
// CHECK:       ^{{.*}}(%x0: memref<?xf32>, %x0_off: index, %x0_s0: index, %x0_s1: index, %out: memref<?xf32>, %m: index, %k: index):
// CHECK-NOT:     memref.alloca
// CHECK:         scf.for %o = %global_id to %m step %grid_size {
// CHECK:           scf.for %j = %{{.*}} to %k step %{{.*}} iter_args
// CHECK:             myia.max
// CHECK-NOT:     "gpu.barrier"
// CHECK:       }) {sym_name = "columns.amax"}

// -----

myia.func @total(%x : tensor<4x5xf64>) -> f64 {
  %0 = myia.const 0 : i64
  %1 = myia.const 1 : i64
  %axes = myia.tuple(%0, %1) : tuple<i64, i64>
  %keep = myia.const false : i1
  %r = myia.mean %x, %axes, %keep : f64
  myia.return %r
}

// CHECK-LABEL: myia.func @total(
// CHECK:         %[[D:.*]] = myia_gpu.launch "reduce" [@kernels::@total.mean, @kernels::@mean_partials_f64](%x) config {per_output = "thread", axes = [0 : i64, 1 : i64], keepdims = false, reduce = "mean"} : (tensor<4x5xf64>) -> tensor<f64>
// CHECK-NEXT:    %[[S:.*]] = myia_gpu.to_host %[[D]] : tensor<f64> -> f64
// CHECK-NEXT:    myia.return %[[S]]
// CHECK:       ^{{.*}}(%x0: memref<?xf64>, %x0_off: index, %x0_s0: index, %x0_s1: index, %out: memref<?xf64>, %m: index, %k: index, %dr1: index, %divisor: f64):
// CHECK:         myia.truediv %{{.*}}, %divisor : f64
