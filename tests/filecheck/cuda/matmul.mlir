// RUN: myia-opt %s --split-input-file -p convert-myia-to-gpu | filecheck %s
// matmul: a block of tile x tile threads per tile of the result (16x16; 8x8 for a
// result narrower than 16), looping over the shared axis a tile at a time: each
// thread loads one element of A's tile and one of B's into shared memory, a
// barrier, the tile's dot products from shared memory, a barrier. Operands are
// read through their strides: the transposed view costs no copy.

myia.func @dense(%x : tensor<32x20xf32>, %w : tensor<24x20xf32>) -> tensor<32x24xf32> {
  %0 = myia.const 1 : i64
  %1 = myia.const 0 : i64
  %axes = myia.tuple(%0, %1) : tuple<i64, i64>
  %wt = myia.transpose %w, %axes : tensor<20x24xf32>
  %r = myia.matmul %x, %wt : tensor<32x24xf32>
  myia.return %r
}

// CHECK-LABEL: myia.func @dense(
// CHECK:         %wt = myia_gpu.host "transpose"(%w, %axes) : (tensor<24x20xf32>, tuple<i64, i64>) -> tensor<20x24xf32>
// CHECK-NEXT:    %r = myia_gpu.launch "matmul" [@kernels::@dense.matmul](%x, %wt) config {tile = 16 : i64} : (tensor<32x20xf32>, tensor<20x24xf32>) -> tensor<32x24xf32>
// CHECK:       ^{{.*}}(%a: memref<?xf32>, %a_off: index, %a_sr: index, %a_sc: index, %b: memref<?xf32>, %b_off: index, %b_sr: index, %b_sc: index, %out: memref<?xf32>, %n: index, %kk: index, %m: index, %nbatch: index):
// CHECK:         %a_tile = memref.alloca() : memref<256xf32, 3 : i64>
// CHECK-NEXT:    %b_tile = memref.alloca() : memref<256xf32, 3 : i64>
// CHECK:         scf.for %z = %bid_z to %nbatch step %gdim_z {
// CHECK:           %{{.*}} = scf.for %e0 = %{{.*}} to %kk step %{{.*}} iter_args
// CHECK:             memref.store %{{.*}}, %a_tile[%{{.*}}] : memref<256xf32, 3 : i64>
// CHECK:             memref.store %{{.*}}, %b_tile[%{{.*}}] : memref<256xf32, 3 : i64>
// CHECK-NEXT:        "gpu.barrier"() : () -> ()
// CHECK-NEXT:        %{{.*}} = scf.for %e = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:               memref.load %a_tile
// CHECK:               memref.load %b_tile
// CHECK:               myia.mul
// CHECK-NEXT:          myia.add
// CHECK:             "gpu.barrier"() : () -> ()

// -----

// A batched matmul broadcasting its batch axes, and a narrow result (8x8 tiles).
myia.func @batched(%a : tensor<2x3x4xf64>, %b : tensor<4x5xf64>) -> tensor<2x3x5xf64> {
  %r = myia.matmul %a, %b : tensor<2x3x5xf64>
  myia.return %r
}

// CHECK-LABEL: myia.func @batched(
// CHECK:         %r = myia_gpu.launch "matmul" [@kernels::@batched.matmul](%a, %b) config {tile = 8 : i64}
// CHECK:       ^{{.*}}(%a: memref<?xf64>, %a_off: index, %a_sb0: index, %a_sr: index, %a_sc: index, %b: memref<?xf64>, %b_off: index, %b_sb0: index, %b_sr: index, %b_sc: index, %out: memref<?xf64>, %n: index, %kk: index, %m: index, %nbatch: index):
// CHECK:         %a_tile = memref.alloca() : memref<64xf64, 3 : i64>
