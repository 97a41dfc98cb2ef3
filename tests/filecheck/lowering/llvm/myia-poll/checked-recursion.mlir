// A recursive function with a stack check polls through it (no poll of its own).
// RUN: myia-opt %s -p myia-stack-check,myia-poll | filecheck %s

// CHECK-LABEL: llvm.func @rec(%n: i64) -> i64 {
// CHECK-NOT:     myia_poll
// CHECK:         llvm.call @myia_stack_exhausted() : () -> i1
// CHECK-NOT:     myia_poll
// CHECK:         llvm.return
llvm.func @rec(%n: i64) -> i64 {
  %r = llvm.call @rec(%n) : (i64) -> i64
  llvm.return %r : i64
}
