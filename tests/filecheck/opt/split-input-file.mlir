// Chunks separated by `// -----` are processed one by one; the output keeps the
// separators, and a chunk's error does not stop the others (but the exit status
// says something failed).
// RUN: myia-opt %s --split-input-file -p canonicalize | filecheck %s
// RUN: not myia-opt %S/Inputs/invalid.mlir %s --split-input-file 2>&1 | filecheck %s --check-prefix=USAGE

// CHECK:      myia.func @first() {
// CHECK-NEXT:   %0 = myia.const 3
// CHECK-NEXT:   myia.return %0
// CHECK:      // -----
// CHECK:      myia.func @second(%x) {
// CHECK-NEXT:   myia.return %x
// USAGE: unrecognized arguments

myia.func @first() {
  %0 = myia.const 1
  %1 = myia.const 2
  %2 = myia.add %0, %1
  myia.return %2
}

// -----

// The same symbol in another chunk is fine: chunks are separate modules.
myia.func @second(%x) {
  myia.return %x
}
