// --print-ir-after-all prints the module after each pass on stderr, as mlir-opt
// does; stdout keeps only the final output.
// RUN: myia-opt %s -p canonicalize,dce --print-ir-after-all -o %t 2>&1 | filecheck %s
// RUN: myia-opt %s -p canonicalize --print-ir-before-all -o %t 2>&1 | filecheck %s --check-prefix=BEFORE
// RUN: myia-opt %s -p canonicalize,dce --print-ir-after-all 2>/dev/null | filecheck %s --check-prefix=STDOUT

// CHECK:      // -----// IR Dump After canonicalize //----- //
// CHECK-NEXT: builtin.module {
// CHECK-NEXT:   myia.func @f() {
// CHECK-NEXT:     %0 = myia.call @g()
// CHECK-NEXT:     myia.return %0
// CHECK-NEXT:   }
// CHECK-NEXT:   myia.func private @g() {
// CHECK:        myia.func private @h() {
// CHECK:      // -----// IR Dump After dce //----- //
// CHECK-NEXT: builtin.module {
// CHECK-NEXT:   myia.func @f() {
// CHECK:        myia.func private @g() {
// CHECK-NOT:    @h

// BEFORE:      // -----// IR Dump Before canonicalize //----- //
// BEFORE-NEXT: builtin.module {
// BEFORE-NEXT:   myia.func @f() {
// BEFORE-NEXT:     %0 = myia.const true
// BEFORE-NOT:  IR Dump After

// STDOUT-NOT:  IR Dump
// STDOUT:      builtin.module {

myia.func @f() {
  %0 = myia.const true
  %1 = myia.if %0, @g(), @h()
  myia.return %1
}
myia.func private @g() {
  %0 = myia.const 1
  myia.return %0
}
myia.func private @h() {
  %0 = myia.const 2
  myia.return %0
}
