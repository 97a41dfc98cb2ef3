// Errors: file:line:col: error: message on stderr, exit status 1.

// RUN: not myia-run %s --entry f --args '1.0' 2>&1 | filecheck %s
// RUN: not myia-run %s --entry nothere 2>&1 | filecheck %s --check-prefix=ENTRY
// RUN: not myia-run %s --entry g --args '1.0, 0.0' 2>&1 | filecheck %s --check-prefix=ZERO

// CHECK: errors.mlir:[[# @LINE + 9]]:5: error: unsupported operand types for *: '(f64, f64)' and 'f64'
// ENTRY: error: the module has no function @nothere (its functions: @f, @g)
// ZERO: errors.mlir:[[# @LINE + 11]]:5: error: float division by zero

// (type errors of inference are located at the op; so are run-time errors)

builtin.module {
  myia.func @f(%x) {
    %t = myia.tuple(%x, %x)
    %0 = myia.mul %t, %x
    myia.return %0
  }
  myia.func @g(%x, %y) {
    %0 = myia.truediv %x, %y
    myia.return %0
  }
}
