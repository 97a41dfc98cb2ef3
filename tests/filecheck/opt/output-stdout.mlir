// -o - is stdout, as for mlir-opt.
// RUN: myia-opt %s -o - | filecheck %s
// RUN: myia-opt %s -p canonicalize -o - --print-ir-after-all 2>/dev/null | filecheck %s --check-prefix=CANON

// CHECK:      myia.func @f(%x) {
// CHECK-NEXT:   %0 = myia.neg %x
// CANON:      myia.func @f(%x) {
// CANON-NOT:  IR Dump

myia.func @f(%x) {
  %0 = myia.neg %x
  myia.return %0
}
