// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// The axes of a reduction as numpy takes them: a negative one counts from the
// end, an int is one axis, None is every axis (the lowering took them as
// non-negative tuples only: an internal error, or a result of the wrong type).

myia.func @last(%x : tensor<3x4xf64>) -> tensor<3xf64> {
  %m = myia.const -1 : i64
  %a = myia.tuple(%m) : tuple<i64>
  %k = myia.const false : i1
  %r = myia.sum %x, %a, %k : tensor<3xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @last(%{{.*}}) -> (!llvm.ptr, i64, i64) {
// CHECK:         %[[BYTES:.*]] = arith.constant 24 : i64
// CHECK:         func.call @myia_alloc_array(%[[BYTES]])

myia.func @first(%x : tensor<3x4xf64>) -> tensor<4xf64> {
  %z = myia.const 0 : i64
  %k = myia.const false : i1
  %r = myia.sum %x, %z, %k : tensor<4xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @first(%{{.*}}) -> (!llvm.ptr, i64, i64) {
// CHECK:         %[[BYTES:.*]] = arith.constant 32 : i64
// CHECK:         func.call @myia_alloc_array(%[[BYTES]])

myia.func @all(%x : tensor<3x4xf64>) -> f64 {
  %n = myia.const none : !myia.none
  %k = myia.const false : i1
  %r = myia.sum %x, %n, %k : f64
  myia.return %r
}

// CHECK-LABEL: func.func @all(%{{.*}}) -> f64 {
// CHECK-NOT:     myia_alloc_array
// CHECK:         func.return %{{.*}} : f64
