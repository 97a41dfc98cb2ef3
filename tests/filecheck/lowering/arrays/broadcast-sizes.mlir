// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// The size of a broadcast along an axis the type does not know is the operands'
// size that is not 1: 0 broadcast with 1 is 0, as in numpy (it was the largest
// size, 1, which then failed the run-time broadcast check).

// A size 1 never changes the broadcast: the result has %x's size.
myia.func @with_one(%x : tensor<?xf64>, %y : tensor<1xf64>) -> tensor<?xf64> {
  %r = myia.mul %x, %y : tensor<?xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @with_one(
// CHECK-SAME:    %{{[0-9]+}}: !llvm.ptr, %[[N:[0-9]+]]: i64, %{{[0-9]+}}: i64, %{{[0-9]+}}: !llvm.ptr,
// CHECK-NOT:     arith.maxsi
// CHECK:         func.return %{{.*}}, %[[N]], %{{.*}} : !llvm.ptr, i64, i64

// Two sizes known at run time: the second where the first is 1.
myia.func @dynamic(%x : tensor<?xf64>, %y : tensor<?xf64>) -> tensor<?xf64> {
  %r = myia.mul %x, %y : tensor<?xf64>
  myia.return %r
}

// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:    %{{[0-9]+}}: !llvm.ptr, %[[N:[0-9]+]]: i64, %{{[0-9]+}}: i64, %{{[0-9]+}}: !llvm.ptr, %[[M:[0-9]+]]: i64,
// CHECK:         %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:         %[[IS1:.*]] = arith.cmpi eq, %[[N]], %[[ONE]] : i64
// CHECK-NEXT:    %[[SIZE:.*]] = arith.select %[[IS1]], %[[M]], %[[N]] : i64
// CHECK-NOT:     arith.maxsi
// CHECK:         func.return %{{.*}}, %[[SIZE]], %{{.*}} : !llvm.ptr, i64, i64
