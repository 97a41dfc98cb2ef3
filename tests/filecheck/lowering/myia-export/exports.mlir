// RUN: myia-opt %s -p 'myia-export{entries=f,g,h}' | filecheck %s
// RUN: not myia-opt %s -p 'myia-export{entries=nope}' 2>&1 | filecheck %s --check-prefix=ERR
// myia-export records on the module the signature Python calls each entry
// with: the myia types of a myia.func (tuples, records, arrays as they are),
// the function type of a func.func or llvm.func. Later passes read the names
// (result slots, C-ABI wrappers), the runtime the types, and which scalars
// of a result are numpy scalars (the entry's myia.numpy_scalars).

// CHECK:      builtin.module attributes {myia.exports = {
// CHECK-SAME:   f = (tensor<4xf64>, tuple<f64, i64>) -> tuple<f64, tensor<4xf64>>,
// CHECK-SAME:   g = (i64, f32) -> f32,
// CHECK-SAME:   h = (i64) -> ()},
// CHECK-SAME:   myia.numpy_scalars = {f = ["0"]}} {
// ERR: error: pass 'myia-export' failed: the module has no function @nope

myia.func @f(%x : tensor<4xf64>, %p : tuple<f64, i64>) -> tuple<f64, tensor<4xf64>> attributes {myia.numpy_scalars = ["0"]} {
  %0 = myia.tuple_get %p[0] : f64
  %1 = myia.tuple(%0, %x) : tuple<f64, tensor<4xf64>>
  myia.return %1
}

func.func @g(%n : i64, %x : f32) -> f32 {
  func.return %x : f32
}

llvm.func @h(%n : i64) {
  llvm.return
}
