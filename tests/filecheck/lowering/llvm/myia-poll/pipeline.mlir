// Through myia-to-llvm: the scf.for (an array kernel's kind of loop) keeps no
// poll, the cf loop (a Python while loop's kind) gets one.
// RUN: myia-opt %s -p myia-to-llvm | filecheck %s

// CHECK-LABEL: llvm.func @kernel(
// CHECK-NOT:     myia_poll
// CHECK:         llvm.return
func.func @kernel(%n: i64, %x: f64) -> f64 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (f64) : i64 {
    %d = arith.mulf %acc, %x : f64
    scf.yield %d : f64
  }
  func.return %r : f64
}

// CHECK-LABEL: llvm.func @while_loop(
// CHECK:         llvm.load %{{.*}} atomic monotonic
// CHECK:         llvm.call @myia_poll()
// CHECK-NOT:     myia_poll
// CHECK:         llvm.return
func.func @while_loop(%x: f64) -> f64 {
  cf.br ^loop(%x : f64)
^loop(%y: f64):
  %two = arith.constant 2.0 : f64
  %z = arith.mulf %y, %two : f64
  %c = arith.cmpf olt, %z, %x : f64
  cf.cond_br %c, ^loop(%z : f64), ^exit
^exit:
  func.return %z : f64
}
