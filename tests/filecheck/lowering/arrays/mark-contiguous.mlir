// RUN: myia-opt %s -p 'myia-mark-contiguous{entry=f layout=true,false}' | filecheck %s
// RUN: myia-opt %s -p 'myia-mark-contiguous{entry=f layout=false,false}' | filecheck %s --check-prefix=NONE
// RUN: myia-opt %s -p 'myia-mark-contiguous{entry=f layout=true,false},convert-myia-to-cf' | filecheck %s --check-prefix=CF
// RUN: not myia-opt %s -p 'myia-mark-contiguous{entry=nope layout=true}' 2>&1 | filecheck %s --check-prefix=ERR
// myia.jit compiles a specialization per layout of the array arguments; the
// pass writes one signature's layout on the entry (one bool per array its
// arguments hold), and convert-myia-to-cf computes the strides of the
// C-contiguous ones from their sizes. No contiguous array: no attribute.

myia.func @f(%x : tensor<3x4xf64>, %p : tuple<f64, tensor<4xf64>>) -> tensor<3x4xf64> {
  myia.return %x
}

// CHECK: myia.func @f(%x : tensor<3x4xf64>, %p : tuple<f64, tensor<4xf64>>) -> tensor<3x4xf64> attributes {myia.contiguous = [true, false]} {
// NONE:  myia.func @f(%x : tensor<3x4xf64>, %p : tuple<f64, tensor<4xf64>>) -> tensor<3x4xf64> {
// CF:    func.func @f({{.*}} attributes {myia.read_only_args = [0 : i64, 6 : i64]}
// CF-DAG: %[[FOUR:.*]] = arith.constant 4 : i64
// CF-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CF:    func.return %0, %1, %2, %[[FOUR]], %[[ONE]]
// ERR:   error: pass 'myia-mark-contiguous' failed: the module has no myia.func @nope
