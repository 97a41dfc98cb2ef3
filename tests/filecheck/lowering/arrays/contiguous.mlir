// RUN: myia-opt %s -p myia-fuse-arrays,convert-myia-to-cf | filecheck %s
// `myia.contiguous` on an entry (what myia.jit sets for the arrays the call
// passes C-contiguous, in leaf order) replaces their stride arguments by the
// strides of their shape. With both operands contiguous, the fused kernel is
// one flat loop: no run-time test, no strided loop nest.

myia.func @both(%x : tensor<4x8xf64>, %p : tuple<f64, tensor<4x8xf64>>) -> tensor<4x8xf64> attributes {myia.contiguous = [true, true]} {
  %y = myia.tuple_get %p[1] : tensor<4x8xf64>
  %r = myia.mul %x, %x : tensor<4x8xf64>
  %s = myia.add %r, %y : tensor<4x8xf64>
  myia.return %s
}

// CHECK-LABEL: func.func @both(
// CHECK:         func.call @myia_alloc
// CHECK:         func.call @myia_raise({{.*}}) {myia.error_message = "out of memory: unable to allocate this array"}
// CHECK-NOT:     scf.if
// CHECK:         scf.for %{{.*}} = %{{.*}} to %[[N:.*]] step
// CHECK-NOT:     scf.for
// CHECK:         func.return

// One of the two is not contiguous: its strides are tested at run time, and
// the strided nest reads the other with constant strides.
myia.func @one(%x : tensor<4x8xf64>, %y : tensor<4x8xf64>) -> tensor<4x8xf64> attributes {myia.contiguous = [true, false]} {
  %r = myia.mul %x, %x : tensor<4x8xf64>
  %s = myia.add %r, %y : tensor<4x8xf64>
  myia.return %s
}

// CHECK-LABEL: func.func @one(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %[[Y:[0-9]+]]: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %[[YS0:[0-9]+]]: i64, %[[YS1:[0-9]+]]: i64)
// CHECK:         arith.cmpi eq, %[[YS1]]
// CHECK:         arith.cmpi eq, %[[YS0]]
// CHECK:         scf.if
// CHECK:         } else {
// CHECK:           arith.muli %{{.*}}, %[[YS0]]
// CHECK:           arith.muli %{{.*}}, %[[YS1]]
