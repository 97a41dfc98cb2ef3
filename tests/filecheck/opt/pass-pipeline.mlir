// --pass-pipeline takes MLIR's syntax, anchored on builtin.module, beside -p.
// Nested anchors (func.func(...)) are refused: myia-opt's passes run on the
// module and walk every function.
// RUN: myia-opt %s --pass-pipeline='builtin.module(canonicalize,myia-inline{max-size=8 remove-dead=true},dce)' | filecheck %s
// RUN: myia-opt %s -p 'canonicalize,myia-inline{max-size=8 remove-dead=true},dce' | filecheck %s
// RUN: myia-opt %s --pass-pipeline='builtin.module()' | filecheck %s --check-prefix=EMPTY
// RUN: not myia-opt %s --pass-pipeline='builtin.module(func.func(cse),dce)' 2>&1 | filecheck %s --check-prefix=NESTED
// RUN: not myia-opt %s --pass-pipeline='cse,dce' 2>&1 | filecheck %s --check-prefix=BARE
// RUN: not myia-opt %s --pass-pipeline='func.func(cse)' 2>&1 | filecheck %s --check-prefix=ANCHOR
// RUN: not myia-opt %s --pass-pipeline='builtin.module(cse)' -p dce 2>&1 | filecheck %s --check-prefix=BOTH
// RUN: not myia-opt %s --pass-pipeline='builtin.module(no-such-pass)' 2>&1 | filecheck %s --check-prefix=UNKNOWN

// CHECK:      myia.func @f(%x) {
// CHECK-NEXT:   %0 = myia.const 3
// CHECK-NEXT:   %1 = myia.add %x, %0
// CHECK-NEXT:   myia.return %1
// CHECK-NEXT: }
// CHECK-NOT:  @g

// EMPTY:      myia.func @f(%x) {
// EMPTY-NEXT:   %0 = myia.const 1

// NESTED:     myia-opt: error: --pass-pipeline: nested pipelines such as 'func.func(...)' are not supported: myia-opt runs passes on the module, and each pass walks every function; list the passes directly in builtin.module(...)
// BARE:       myia-opt: error: --pass-pipeline takes 'builtin.module(pass1,pass2{opt=1})', not 'cse,dce' (for a bare list of passes, use -p)
// ANCHOR:     myia-opt: error: --pass-pipeline takes 'builtin.module(pass1,pass2{opt=1})', not 'func.func(...)' (for a bare list of passes, use -p)
// BOTH:       myia-opt: error: give the pass pipeline with -p or with --pass-pipeline, not both
// UNKNOWN:    myia-opt: error: unknown pass 'no-such-pass' (see --list-passes)

myia.func @f(%x) {
  %0 = myia.const 1
  %1 = myia.const 2
  %2 = myia.add %0, %1
  %3 = myia.call @g(%x, %2)
  myia.return %3
}
myia.func private @g(%a, %b) {
  %0 = myia.add %a, %b
  myia.return %0
}
