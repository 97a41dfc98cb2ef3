// --print-ir-after=PASS (repeatable, or a comma list) prints the module after
// each run of those passes on stderr; a named pipeline's name prints it after
// the pipeline's last pass. --print-ir-after-change prints only when the pass
// changed the IR: alone after every pass, with --print-ir-after after those.
// RUN: myia-opt %s -p canonicalize,cse,dce,cse --print-ir-after=cse -o %t 2>&1 | filecheck %s
// RUN: myia-opt %s -p canonicalize,cse,dce --print-ir-after=dce,canonicalize -o %t 2>&1 | filecheck %s --check-prefix=LIST
// RUN: myia-opt %s -p canonicalize,cse,dce --print-ir-after=dce --print-ir-after=canonicalize -o %t 2>&1 | filecheck %s --check-prefix=LIST
// RUN: myia-opt %s -p canonicalize,cse,dce,cse --print-ir-after-change -o %t 2>&1 | filecheck %s --check-prefix=CHANGE
// RUN: myia-opt %s -p canonicalize,cse,dce --print-ir-after=cse,dce --print-ir-after-change -o %t 2>&1 | filecheck %s --check-prefix=CHANGED-DCE
// RUN: myia-opt %S/Inputs/annotated.py --entry f -p 'myia-jit{entry=f}' --print-ir-after=myia-jit,myia-infer -o %t 2>&1 | filecheck %s --check-prefix=PIPELINE
// RUN: not myia-opt %s -p cse --print-ir-after=no-such-pass 2>&1 | filecheck %s --check-prefix=UNKNOWN

// CHECK:      // -----// IR Dump After cse //----- //
// CHECK-NEXT: builtin.module {
// CHECK:      // -----// IR Dump After cse //----- //
// CHECK-NOT:  IR Dump

// LIST:       // -----// IR Dump After canonicalize //----- //
// LIST-NOT:   IR Dump After cse
// LIST:       // -----// IR Dump After dce //----- //
// LIST-NEXT:  builtin.module {
// LIST-NEXT:    myia.func @f() {
// LIST-NOT:     @h

// canonicalize folds the branch, cse finds nothing to merge, dce removes @h,
// the second cse finds nothing either.
// CHANGE:      // -----// IR Dump After canonicalize //----- //
// CHANGE-NEXT: builtin.module {
// CHANGE-NOT:  IR Dump After cse
// CHANGE:      // -----// IR Dump After dce //----- //
// CHANGE-NOT:  IR Dump

// CHANGED-DCE-NOT: IR Dump After c
// CHANGED-DCE:     // -----// IR Dump After dce //----- //
// CHANGED-DCE-NOT: IR Dump

// PIPELINE:      // -----// IR Dump After myia-infer //----- //
// PIPELINE-NEXT: builtin.module {
// PIPELINE-NEXT:   myia.func @f(%x : f64, %y : f64) -> f64 {
// PIPELINE-NOT:  IR Dump After myia-grad
// PIPELINE:      // -----// IR Dump After myia-jit //----- //
// PIPELINE-NEXT: builtin.module attributes {myia.exports = {f = (f64, f64) -> f64}} {
// PIPELINE-NEXT:   llvm.func @f(

// UNKNOWN:    myia-opt: error: --print-ir-after: unknown pass 'no-such-pass' (see --list-passes)

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
