// An error of a pass on textual IR points at the line of the op in this file
// (ops written without loc(...) get their place in the input, as in mlir-opt).
// RUN: not myia-opt %s -p myia-infer 2>&1 | filecheck %s

myia.func @f(%x : f64) {
  %0 = myia.const "a"
  %1 = myia.add %x, %0
  myia.return %1
}

// A type error is a compile-time traceback, after the mlir-opt style line.
// CHECK:      {{.*}}pass-error-location.mlir:7:3: error: unsupported operand types for +: 'f64' and 'str'
// CHECK-NEXT: {{.*}}pass-error-location.mlir:7
// CHECK-NEXT: in f(
// CHECK-NEXT:   x :: f64
// CHECK-NEXT: )
// CHECK-NEXT: 7: %1 = myia.add %x, %0
// CHECK:      in add(f64, str)
// CHECK:      MyiaTypeError: unsupported operand types for +: 'f64' and 'str'
// CHECK-NOT:  Traceback
