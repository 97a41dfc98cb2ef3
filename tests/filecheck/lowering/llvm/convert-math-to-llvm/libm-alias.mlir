// A module with its own @tanh calls libm's through an alias the JIT binds.
// RUN: myia-opt %s -p convert-math-to-llvm | filecheck %s

// CHECK-LABEL: func.func @tanh(%x: f64) -> f64 {
// CHECK-NEXT:    %0 = llvm.call @__myia_libm_tanh(%x) : (f64) -> f64
// CHECK:       llvm.func @__myia_libm_tanh(f64) -> f64
func.func @tanh(%x: f64) -> f64 {
  %0 = math.tanh %x : f64
  func.return %0 : f64
}
