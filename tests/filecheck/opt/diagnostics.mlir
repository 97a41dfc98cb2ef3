// A pass's MyiaWarning is a located "warning:" on stderr (the output is
// unchanged, the exit status 0); --verify-diagnostics checks expected-warning
// annotations, and fails on an unexpected warning.
// RUN: myia-opt %s --load-pass-plugin %S/Inputs/diagnostics_plugin.py -p test-warn-neg 2>&1 >/dev/null | filecheck %s
// RUN: myia-opt %s --load-pass-plugin %S/Inputs/diagnostics_plugin.py -p test-warn-neg --verify-diagnostics --split-input-file
// RUN: not myia-opt %S/Inputs/unexpected-warning.mlir --load-pass-plugin %S/Inputs/diagnostics_plugin.py -p test-warn-neg --verify-diagnostics 2>&1 | filecheck %s --check-prefix=UNEXPECTED
// RUN: not myia-opt %s --load-pass-plugin %S/Inputs/diagnostics_plugin.py -p test-drop-returns --print-ir-after-failure -o %t 2>&1 | filecheck %s --check-prefix=INVALID

// CHECK:      diagnostics.mlir:[[# @LINE + 6]]:3: warning: a negation
// CHECK-NEXT:     %0 = myia.neg %x
// CHECK-NEXT:     ^

myia.func @f(%x) {
  // expected-warning @below {{a negation}}
  %0 = myia.neg %x
  myia.return %0
}

// UNEXPECTED:      unexpected-warning.mlir:2:3: error: unexpected warning: a negation
// UNEXPECTED-NEXT: unexpected-warning.mlir:4:3: error: unexpected warning: a negation
// UNEXPECTED-NEXT: unexpected-warning.mlir:3: error: expected warning at line 4 was not produced: "another negation"

// INVALID:      // -----// IR Dump After test-drop-returns (invalid) //----- //
// INVALID-NEXT: builtin.module {
// INVALID-NEXT:   myia.func @f(%x) {
// INVALID-NEXT:     %0 = myia.neg %x
// INVALID-NEXT:   }
// INVALID:      diagnostics.mlir:{{[0-9]+}}:1: error: {{.*}}(after pass 'test-drop-returns')
