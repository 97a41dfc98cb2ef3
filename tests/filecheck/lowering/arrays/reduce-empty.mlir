// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// Reductions of no elements, as numpy: sum, prod and mean have their identity
// (0, 1, and 0 / 0 = nan), so a whole-array reduction of a size known only at run
// time still runs (in one chunk of nothing, no division by zero chunks);
// max, min, argmax and argmin raise numpy's ValueError (error code 7) when the
// count of elements reduced into each result is 0; no test when a size the type
// knows makes the count nonzero. The only error of a sum is the memory for its
// partial results running out (at most 256 of them: their size is not checked).

myia.func @total(%x : tensor<?xf64>) -> f64 {
  %axes = myia.const 0 : i64
  %a = myia.tuple(%axes) : tuple<i64>
  %k = myia.const false : i1
  %r = myia.sum %x, %a, %k : f64
  myia.return %r
}

// CHECK-LABEL: func.func @total(
// CHECK-NOT:     myia_raise
// CHECK:         %[[N:.*]] = arith.divsi
// CHECK:         %[[FEW:.*]] = arith.minsi %[[N]]
// CHECK:         %[[CHUNKS:.*]] = arith.maxsi %[[FEW]], %{{.*}} : i64
// CHECK:         arith.divsi %{{.*}}, %[[CHUNKS]] : i64
// CHECK-NOT:     myia_raise
// CHECK:         func.call @myia_alloc_array
// CHECK:         func.call @myia_raise(%{{.*}}) {myia.error_message = "out of memory: unable to allocate this array"}
// CHECK-NOT:     myia_raise
// CHECK:         func.return

myia.func @largest(%x : tensor<?x3xf64>) -> tensor<3xf64> {
  %zero = myia.const 0 : i64
  %a = myia.tuple(%zero) : tuple<i64>
  %k = myia.const false : i1
  %r = myia.amax %x, %a, %k : tensor<3xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @largest(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %[[D0:[^:]*]]: i64
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[EMPTY:.*]] = arith.cmpi eq, %[[D0]], %[[ZERO]] : i64
// CHECK-NEXT:    cf.cond_br %[[EMPTY]], ^[[FAIL:.*]], ^
// CHECK:       ^[[FAIL]]:
// CHECK:         func.call @myia_raise(%{{.*}}) {myia.error_message = "zero-size array to reduction operation maximum which has no identity"}

// Reducing the axis of size 3: never empty, no test.
myia.func @rows(%x : tensor<?x3xf64>) -> tensor<?xf64> {
  %one = myia.const 1 : i64
  %a = myia.tuple(%one) : tuple<i64>
  %k = myia.const false : i1
  %r = myia.amin %x, %a, %k : tensor<?xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @rows(
// CHECK-NOT:     zero-size array
// CHECK:         func.return

myia.func @first_best(%x : tensor<?xi64>) -> i64 {
  %none = myia.const none : !myia.none
  %k = myia.const false : i1
  %r = myia.argmin %x, %none, %k : i64
  myia.return %r
}

// CHECK-LABEL: func.func @first_best(
// CHECK:         func.call @myia_raise(%{{.*}}) {myia.error_message = "attempt to get argmin of an empty sequence"}
