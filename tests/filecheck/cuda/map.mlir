// RUN: myia-opt %s --split-input-file -p convert-myia-to-gpu | filecheck %s
// A fused elementwise chain is one kernel, launched once: a grid-stride loop over
// the result's elements, with a flat loop (contiguous arrays: offset + i * stride)
// and a strided one (the index split into one per axis, a broadcast input read with
// stride 0). The launch says its configuration: up to 256 threads per block, sized
// for about 4 elements per thread.

myia.func @chain(%x : tensor<4x5xf64>, %b : tensor<5xf64>, %s : f64) -> tensor<4x5xf64> {
  %k = myia.closure @chain.kernel : !myia.fn<@chain.kernel>
  %r = myia.array_map %k, %x, %b, %s : tensor<4x5xf64>
  myia.return %r
}
myia.func private @chain.kernel(%x0 : f64, %x1 : f64, %x2 : f64) -> f64 attributes {myia.kernel} {
  %0 = myia.mul %x0, %x2 : f64
  %1 = myia.add %0, %x1 : f64
  %2 = myia.tanh %1 : f64
  myia.return %2
}

// CHECK:       builtin.module attributes {gpu.container_module} {
// CHECK-LABEL:   myia.func @chain(
// CHECK-NEXT:      %r = myia_gpu.launch "map" [@kernels::@chain.map](%x, %b, %s) config {block = 256 : i64, items = 4 : i64, shaped = false} : (tensor<4x5xf64>, tensor<5xf64>, f64) -> tensor<4x5xf64>
// CHECK-NEXT:      myia.return %r
// CHECK:         "gpu.module"() <{sym_name = "kernels"}> ({
// CHECK-NEXT:      "gpu.func"() <{function_type = (memref<?xf64>, index, index, index, memref<?xf64>, index, index, index, f64, memref<?xf64>, index, index, index, index, index, index) -> (), kernel}> ({
// CHECK-NEXT:      ^{{.*}}(%x0: memref<?xf64>, %x0_off: index, %x0_s0: index, %x0_s1: index, %x1: memref<?xf64>, %x1_off: index, %x1_s0: index, %x1_s1: index, %x2: f64, %out: memref<?xf64>, %out_off: index, %out_s0: index, %out_s1: index, %n: index, %d1: index, %flat: index):
// CHECK:             %[[FLAT:.*]] = arith.cmpi ne, %flat, %{{.*}} : index
// CHECK-NEXT:        scf.if %[[FLAT]] {
// CHECK:               %global_id = arith.addi
// CHECK:               %grid_size = arith.muli %bdim_x, %gdim_x : index
// CHECK-NEXT:          scf.for %i = %global_id to %n step %grid_size {
// CHECK-NEXT:            %[[A:.*]] = arith.muli %i, %x0_s1 : index
// CHECK-NEXT:            %[[B:.*]] = arith.addi %x0_off, %[[A]] : index
// CHECK-NEXT:            %[[X0:.*]] = memref.load %x0[%[[B]]] : memref<?xf64>
// CHECK:                 %[[M:.*]] = myia.mul %[[X0]], %x2 : f64
// CHECK-NEXT:            %[[AD:.*]] = myia.add %[[M]], %{{.*}} : f64
// CHECK-NEXT:            %[[T:.*]] = myia.tanh %[[AD]] : f64
// CHECK:                 memref.store %[[T]], %out[%{{.*}}] : memref<?xf64>
// CHECK:             } else {
// CHECK:               scf.for %i_1 = %global_id_1 to %n step %grid_size_1 {
// CHECK-NEXT:            %[[J:.*]] = arith.remui %i_1, %d1 : index
// CHECK-NEXT:            %[[I:.*]] = arith.divui %i_1, %d1 : index
// CHECK:                 myia.tanh
// CHECK:           }) {sym_name = "chain.map"} : () -> ()
// CHECK-NOT:     "gpu.func"

// -----

// A single elementwise primitive is a kernel too; its constant operands are in it.
myia.func @scale(%x : tensor<8xf32>) -> tensor<8xf32> {
  %two = myia.const 2.0 : f32
  %r = myia.mul %x, %two : tensor<8xf32>
  myia.return %r
}

// CHECK-LABEL:   myia.func @scale(
// CHECK-NEXT:      %r = myia_gpu.launch "map" [@kernels::@scale.map](%x) config {block = 256 : i64, items = 4 : i64, shaped = false}
// CHECK:           ^{{.*}}(%x0: memref<?xf32>, %x0_off: index, %x0_s0: index, %out: memref<?xf32>, %out_off: index, %out_s0: index, %n: index):
// CHECK:             %[[TWO:.*]] = myia.const 2.0 : f32
// CHECK-NEXT:        %{{.*}} = myia.mul %{{.*}}, %[[TWO]] : f32
