// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// Reductions: over every element, a loop carrying the partial result (float32
// sums accumulate in float64; the additions may be reassociated, so that LLVM
// vectorizes them); big ones run in chunks, one partial result each, marked
// parallel, then combined. Over some axes, into a new array.

myia.func @total(%x : tensor<?xf32>) -> f32 {
  %axes = myia.const 0 : i64
  %a = myia.tuple(%axes) : tuple<i64>
  %k = myia.const false : i1
  %r = myia.sum %x, %a, %k : f32
  myia.return %r
}

// CHECK-LABEL: func.func @total(
// CHECK:         scf.if %{{.*}} -> (f64) {
// CHECK:           %[[PARTS:.*]] = func.call @myia_alloc
// CHECK:           scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step %{{.*}} : i64 {
// CHECK:             %[[ACC:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[A:.*]] = %{{.*}}) -> (f64) : i64 {
// CHECK:               arith.extf %{{.*}} : f32 to f64
// CHECK:               %[[S:.*]] = arith.addf %[[A]], %{{.*}} fastmath<reassoc> : f64
// CHECK:               scf.yield %[[S]] : f64
// CHECK:             llvm.store %[[ACC]]
// CHECK:           } {myia.parallel = 2 : i64}
// CHECK:           scf.for {{.*}} iter_args
// CHECK:         arith.truncf %{{.*}} : f64 to f32

// The last axis reduced: one accumulator per row, stored once.
myia.func @rows(%x : tensor<3x4xf64>) -> tensor<3x1xf64> {
  %one = myia.const 1 : i64
  %a = myia.tuple(%one) : tuple<i64>
  %k = myia.const true : i1
  %r = myia.amax %x, %a, %k : tensor<3x1xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @rows(
// CHECK:         %[[OUT:.*]] = func.call @myia_alloc
// CHECK:         scf.for
// CHECK:           %[[M:.*]] = scf.for {{.*}} iter_args(%[[A:.*]] = %{{.*}}) -> (f64)
// CHECK:             arith.maximumf %[[A]]
// CHECK:           llvm.store %[[M]]

// A leading axis reduced: the output row is updated in the inner loop
// (unit stride along the kept axis).
myia.func @columns(%x : tensor<3x4xi64>) -> tensor<4xi64> {
  %zero = myia.const 0 : i64
  %a = myia.tuple(%zero) : tuple<i64>
  %k = myia.const false : i1
  %r = myia.sum %x, %a, %k : tensor<4xi64>
  myia.return %r
}

// CHECK-LABEL: func.func @columns(
// CHECK:         func.call @myia_alloc
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             llvm.load
// CHECK:             arith.addi
// CHECK:             llvm.store
