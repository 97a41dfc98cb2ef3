// RUN: myia-opt %s -p 'myia-export{entries=f},myia-mark-results' --print-op-generic | filecheck %s
// The arrays an exported function makes and returns (directly, or in its
// tuple or record) are made for Python: myia.result = k gives a static,
// non-empty shape result slot k (numpy allocates it before the call); a shape
// known only at run time gets a unit myia.result (allocated outside the arena,
// then owned by numpy). An argument returned as it is, and the functions that
// are not exported, are left alone. The slots' types go on the module, for the
// runtime. (The generic format shows the attributes of primitive ops.)

myia.func @f(%x : tensor<3x4xf64>, %y : tensor<4x5xf64>, %v : tensor<?xf32>) -> tuple<tensor<3x5xf64>, tensor<3x4xf64>, tensor<?xf32>, tensor<3x4xf64>> {
  %p = myia.matmul %x, %y : tensor<3x5xf64>
  %e = myia.exp %x : tensor<3x4xf64>
  %w = myia.neg %v : tensor<?xf32>
  %r = myia.tuple(%p, %e, %w, %x) : tuple<tensor<3x5xf64>, tensor<3x4xf64>, tensor<?xf32>, tensor<3x4xf64>>
  myia.return %r
}

myia.func @g(%x : tensor<3x4xf64>) -> tensor<3x4xf64> {
  %e = myia.exp %x : tensor<3x4xf64>
  myia.return %e
}

// CHECK:       %p = "myia.matmul"(%x, %y) {myia.result = 1 : i64}
// CHECK-NEXT:  %e = "myia.exp"(%x) {myia.result = 0 : i64}
// CHECK-NEXT:  %w = "myia.neg"(%v) {myia.result}
// CHECK-NEXT:  %r = "myia.tuple"(%p, %e, %w, %x) :
// CHECK:       %e = "myia.exp"(%x) : (tensor<3x4xf64>) -> tensor<3x4xf64>
// CHECK:       myia.result_slots = {f = [tensor<3x4xf64>, tensor<3x5xf64>]}
