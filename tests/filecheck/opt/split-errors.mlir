// A failing chunk reports its error at the right line of the whole file and
// the others still print.
// RUN: not myia-opt %s --split-input-file 2>%t.err | filecheck %s
// RUN: filecheck %s --check-prefix=ERR < %t.err

// CHECK:      myia.func @ok() {
// CHECK:      // -----
// CHECK-NEXT: // -----
// CHECK-NEXT: builtin.module {
// CHECK-NEXT:   myia.func @ok_too() {

myia.func @ok() {
  %0 = myia.const 1
  myia.return %0
}

// -----

myia.func @bad(%x) {
  // ERR: split-errors.mlir:21:3: error: myia.neg takes 1 operand, got 2
  %0 = myia.neg %x, %x
  myia.return %0
}

// -----

myia.func @ok_too() {
  %0 = myia.const 1
  myia.return %0
}
