// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// Transposes, slices, indices and broadcasts are views: new sizes and strides
// for the same memory, no loop and no allocation.

myia.func @transpose(%x : tensor<2x3xf64>) -> tensor<3x2xf64> {
  %axes = myia.const 1 : i64
  %zero = myia.const 0 : i64
  %t = myia.tuple(%axes, %zero) : tuple<i64, i64>
  %r = myia.transpose %x, %t : tensor<3x2xf64>
  myia.return %r
}

// The strides swap: (s0, s1) -> (s1, s0); the sizes are constants.
// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:    %[[P:.*]]: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %[[S0:.*]]: i64, %[[S1:.*]]: i64)
// CHECK-NOT:     scf.for
// CHECK-NOT:     myia_alloc
// CHECK:         func.return %[[P]], %{{.*}}, %{{.*}}, %[[S1]], %[[S0]]

// x[1:, ::-1] with a dynamic start: Python's slice.indices, computed with selects.
myia.func @slice(%x : tensor<4x5xf32>, %i : i64) -> tensor<?x5xf32> {
  %none = myia.const none : !myia.none
  %m1 = myia.const -1 : i64
  %s0 = myia.tuple(%i, %none, %none) : tuple<i64, !myia.none, !myia.none>
  %s1 = myia.tuple(%none, %none, %m1) : tuple<!myia.none, !myia.none, i64>
  %items = myia.tuple(%s0, %s1) : tuple<tuple<i64, !myia.none, !myia.none>, tuple<!myia.none, !myia.none, i64>>
  %r = myia.array_getitem %x, %items : tensor<?x5xf32>
  myia.return %r
}

// CHECK-LABEL: func.func @slice(
// CHECK-NOT:     scf.for
// CHECK-NOT:     myia_alloc
// CHECK:         arith.select
// CHECK:         %[[PTR:.*]] = llvm.getelementptr
// CHECK:         func.return %[[PTR]]

// An integer index is bounds-checked (IndexError, code 8) when it is dynamic.
myia.func @index(%x : tensor<4x5xf32>, %i : i64) -> f32 {
  %j = myia.const 2 : i64
  %items = myia.tuple(%i, %j) : tuple<i64, i64>
  %r = myia.array_getitem %x, %items : f32
  myia.return %r
}

// CHECK-LABEL: func.func @index(
// CHECK:         cf.cond_br
// CHECK:         %[[CODE:.*]] = arith.constant 8 : i32
// CHECK-NEXT:    func.call @myia_raise(%[[CODE]])
// CHECK:         llvm.load

// broadcast_to: stride 0 along the new and the broadcast axes.
myia.func @broadcast(%x : tensor<1x3xf64>) -> tensor<4x2x3xf64> {
  %a = myia.const 4 : i64
  %b = myia.const 2 : i64
  %c = myia.const 3 : i64
  %shape = myia.tuple(%a, %b, %c) : tuple<i64, i64, i64>
  %r = myia.broadcast_to %x, %shape : tensor<4x2x3xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @broadcast(
// CHECK-SAME:    %[[P:.*]]: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %[[S1:.*]]: i64)
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NOT:     scf.for
// CHECK:         func.return %[[P]], %{{.*}}, %{{.*}}, %{{.*}}, %[[ZERO]], %[[ZERO]], %[[S1]]

// reshape is a view of a contiguous array, a copy of any other.
myia.func @reshape(%x : tensor<2x3xf64>) -> tensor<6xf64> {
  %m1 = myia.const -1 : i64
  %shape = myia.tuple(%m1) : tuple<i64>
  %r = myia.reshape %x, %shape : tensor<6xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @reshape(
// CHECK:         %[[PTR:.*]] = scf.if %{{.*}} -> (!llvm.ptr) {
// CHECK-NEXT:      scf.yield %{{.*}} : !llvm.ptr
// CHECK-NEXT:    } else {
// CHECK:           func.call @myia_alloc
// CHECK:           scf.for
// CHECK:         func.return %[[PTR]]
