// --print-ir-after-failure: when a pass fails, the IR it was given, on stderr
// (after the IR dumps of the passes before it, and before the error).
// RUN: not myia-opt %s -p canonicalize,myia-infer --print-ir-after-failure -o %t 2>&1 | filecheck %s
// RUN: myia-opt %s -p canonicalize --print-ir-after-failure -o %t 2>&1 | filecheck %s --allow-empty --check-prefix=SUCCESS

// CHECK:      // -----// IR Dump Before myia-infer (failed) //----- //
// CHECK-NEXT: builtin.module {
// CHECK-NEXT:   myia.func @f(%x : f64) {
// CHECK-NEXT:     %0 = myia.const "a"
// CHECK-NEXT:     %1 = myia.add %x, %0
// CHECK-NEXT:     myia.return %1
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK:      print-ir-after-failure.mlir:{{[0-9]+}}:3: error: unsupported operand types for +: 'f64' and 'str'

// SUCCESS-NOT: IR Dump

myia.func @f(%x : f64) {
  %0 = myia.const "a"
  %1 = myia.add %x, %0
  myia.return %1
}
