// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// matmul of floats calls BLAS (myia_cblas_dgemm: the runtime binds numpy's
// OpenBLAS), reading transposed views in place (CblasTrans) and copying other
// strided views (the runtime's myia_pack_d); integers use a loop nest (i, k, j);
// products with a short contraction (K <= 16) are loops of fused multiply-adds.

myia.func @mm(%a : tensor<3x20xf64>, %b : tensor<20x5xf64>) -> tensor<3x5xf64> {
  %r = myia.matmul %a, %b : tensor<3x5xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @mm(
// CHECK:         %[[OUT:.*]] = func.call @myia_alloc
// CHECK:         %[[TA:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : i32
// CHECK:         scf.if %{{.*}} -> (!llvm.ptr, i32, i64)
// CHECK:           scf.yield %{{.*}}, %[[TA]], %{{.*}}
// CHECK:         } else {
// CHECK-NEXT:      %[[COPY:.*]] = func.call @myia_alloc
// CHECK:           func.call @myia_pack_d(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[COPY]])
// CHECK-NEXT:      scf.yield %[[COPY]]
// CHECK:         func.call @myia_cblas_dgemm(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]], %{{.*}})
// CHECK:         func.return %[[OUT]]

// A batch of products with a broadcast batch axis: a loop around gemm.
myia.func @batched(%a : tensor<2x3x40xf32>, %b : tensor<40x5xf32>) -> tensor<2x3x5xf32> {
  %r = myia.matmul %a, %b : tensor<2x3x5xf32>
  myia.return %r
}

// CHECK-LABEL: func.func @batched(
// CHECK:         scf.for
// CHECK:           func.call @myia_cblas_sgemm

// Integers: loops.
myia.func @ints(%a : tensor<2x3xi64>, %b : tensor<3x2xi64>) -> tensor<2x2xi64> {
  %r = myia.matmul %a, %b : tensor<2x2xi64>
  myia.return %r
}

// CHECK-LABEL: func.func @ints(
// CHECK-NOT:     cblas
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK:               arith.muli
// CHECK:               arith.addi

// A short contraction (K = 3, a 256x3 @ 3x256 product): no BLAS (its threads
// would cost more than the work), each output is 3 fused multiply-adds along a
// row of the right operand. Its rows are not contiguous here (a transposed
// view): it is copied first.
myia.func @short(%a : tensor<256x3xf32>, %w : tensor<256x3xf32>) -> tensor<256x256xf32> {
  %one = myia.const 1 : i64
  %zero = myia.const 0 : i64
  %axes = myia.tuple(%one, %zero) : tuple<i64, i64>
  %t = myia.transpose %w, %axes : tensor<3x256xf32>
  %r = myia.matmul %a, %t : tensor<256x256xf32>
  myia.return %r
}

// CHECK-LABEL: func.func @short(
// CHECK-NOT:     cblas
// CHECK:         func.call @myia_pack_s
// CHECK:         scf.for
// CHECK-COUNT-3:   llvm.load
// CHECK:           scf.for
// CHECK:             arith.mulf
// CHECK:             math.fma
// CHECK:             math.fma
// CHECK-NOT:         math.fma
// CHECK:             llvm.store
// CHECK-NOT:     cblas
// CHECK:         func.return
