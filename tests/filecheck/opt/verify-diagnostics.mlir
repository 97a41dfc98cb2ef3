// --verify-diagnostics: with annotations, exit 0 only if exactly the expected
// errors occur (tests/filecheck/verify/ relies on it); a mismatch is reported
// clearly. Without annotations, print the error and exit 0, like xdsl-opt.
// RUN: not myia-opt %S/Inputs/wrong-expectations.mlir --verify-diagnostics 2>&1 | filecheck %s --check-prefix=WRONG
// RUN: myia-opt %S/Inputs/invalid.mlir --verify-diagnostics | filecheck %s --check-prefix=LENIENT
// RUN: myia-opt %s --verify-diagnostics --split-input-file | filecheck %s

// WRONG:      wrong-expectations.mlir:3:3: error: unexpected error: myia.call passes 1 value(s) to @g, which takes 2 (0 captured, 2 parameters)
// WRONG-NEXT: wrong-expectations.mlir:2: error: expected error at line 3 was not produced: "this is not the message"
// WRONG-NEXT: wrong-expectations.mlir:7: error: expected error at line 8 was not produced: "never happens"

// LENIENT:    invalid.mlir:2:3: error: myia.call passes 1 value(s) to @g, which takes 2

// Chunks without errors still print their output.
// CHECK:      myia.func @ok(%x) {
// CHECK:      // -----
// CHECK-NOT:  myia.func

myia.func @ok(%x) {
  myia.return %x
}

// -----

myia.func @f(%x) {
  // expected-error @below {{myia.neg takes 1 operand, got 0}}
  %0 = myia.neg
  myia.return %0
}
