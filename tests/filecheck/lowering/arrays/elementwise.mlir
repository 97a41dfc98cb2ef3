// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// An elementwise operation is a loop writing a new array in the arena. When both
// operands are contiguous and of the result's shape (tested at run time here,
// the sizes are dynamic), one flat loop with unit strides; otherwise a nest over
// the dimensions reading broadcast axes with stride 0.

myia.func @f(%x : tensor<?xf64>, %y : tensor<?xf64>) -> tensor<?xf64> {
  %r = myia.add %x, %y : tensor<?xf64>
  myia.return %r
}

// An array is three leaves here: pointer, size, stride.
// CHECK-LABEL: func.func @f(%{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64) -> (!llvm.ptr, i64, i64)
// Sizes known at run time are checked first (numpy's ValueError for arrays of
// 2**63 bytes or more, computed in floating point, which does not wrap around),
// then the allocation (a MemoryError at the user's line when it fails).
// CHECK:         %[[BYTES:.*]] = arith.mulf
// CHECK:         %[[TOO_BIG:.*]] = arith.cmpf oge, %[[BYTES]]
// CHECK:         scf.if %[[TOO_BIG]] {
// CHECK-NEXT:      %[[VALUE:.*]] = arith.constant 7 : i32
// CHECK-NEXT:      func.call @myia_raise(%[[VALUE]]) {myia.error_message = "array is too big; {{.*}}"}
// CHECK:         %[[OUT:.*]] = func.call @myia_alloc_array(%{{.*}}) : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[ADDRESS:.*]] = llvm.ptrtoint %[[OUT]]
// CHECK-NEXT:    %[[NULL:.*]] = arith.cmpi eq, %[[ADDRESS]]
// CHECK-NEXT:    scf.if %[[NULL]] {
// CHECK-NEXT:      %[[MEMORY:.*]] = arith.constant 4 : i32
// CHECK-NEXT:      func.call @myia_raise(%[[MEMORY]]) {myia.error_message = "out of memory: unable to allocate this array"}
// CHECK:         scf.if %{{.*}} {
// CHECK-NEXT:      scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} : i64 {
// CHECK-NEXT:        llvm.getelementptr %{{.*}}[%[[I]]]
// CHECK-NEXT:        llvm.load
// CHECK-NEXT:        llvm.getelementptr %{{.*}}[%[[I]]]
// CHECK-NEXT:        llvm.load
// CHECK-NEXT:        arith.addf
// CHECK-NEXT:        %[[P:.*]] = llvm.getelementptr %[[OUT]][%[[I]]]
// CHECK-NEXT:        llvm.store %{{.*}}, %[[P]]
// CHECK-NEXT:      } {myia.parallel = 524288 : i64}
// CHECK-NEXT:    } else {
// CHECK:           arith.select
// CHECK:           scf.for
// CHECK:             arith.muli
// CHECK:           } {myia.parallel = 524288 : i64}
// CHECK:         func.return %[[OUT]], %{{.*}}, %{{.*}} : !llvm.ptr, i64, i64

// Static shapes of arrays made here: contiguity is known, one flat loop only.
// exp is a polynomial (it vectorizes), not a call of libm's expf.
myia.func @g(%x : tensor<2x3xf32>) -> tensor<2x3xf32> {
  %e = myia.exp %x : tensor<2x3xf32>
  %r = myia.mul %e, %e : tensor<2x3xf32>
  myia.return %r
}

// CHECK-LABEL: func.func @g(
// CHECK-NOT:     math.exp
// CHECK:         func.call @myia_alloc
// CHECK:         "out of memory: unable to allocate this array"
// CHECK:         scf.if
// CHECK:           math.fma
// CHECK:         func.call @myia_alloc
// CHECK:         "out of memory: unable to allocate this array"
// CHECK-NOT:     scf.if
// CHECK:         scf.for
// CHECK:           arith.mulf
// CHECK:         func.return

// numpy's semantics inside loops: integer division by zero gives 0 (no error
// branch), np.maximum propagates NaN.
myia.func @h(%x : tensor<4xi64>, %y : tensor<4xi64>, %a : tensor<4xf32>) -> tuple<tensor<4xi64>, tensor<4xf32>> {
  %q = myia.floordiv %x, %y : tensor<4xi64>
  %m = myia.max %a, %a : tensor<4xf32>
  %t = myia.tuple(%q, %m) : tuple<tensor<4xi64>, tensor<4xf32>>
  myia.return %t
}

// CHECK-LABEL: func.func @h(
// CHECK:         "out of memory: unable to allocate this array"
// CHECK-NOT:     myia_raise
// CHECK:         arith.floordivsi
// CHECK:         arith.maximumf
