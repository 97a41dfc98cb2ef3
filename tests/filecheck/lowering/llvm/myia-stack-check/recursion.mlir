// Functions that may recurse compare their stack pointer with
// @myia_stack_limit on entry; below it, they ask the runtime whether the stack
// is exhausted (the watchdog also lowers the limit to ask for a signal poll)
// and raise code 2 (RecursionError) if it is.
// RUN: myia-opt %s -p myia-stack-check | filecheck %s
// RUN: myia-opt %s -p 'myia-stack-check{all=true}' | filecheck %s --check-prefix=ALL

// CHECK-LABEL: llvm.func @rec(%n: i64) -> i64 {
// CHECK-NEXT:    %0 = llvm.call_intrinsic "llvm.addressofreturnaddress.p0"() : () -> !llvm.ptr
// CHECK-NEXT:    %1 = llvm.ptrtoint %0 : !llvm.ptr to i64
// CHECK-NEXT:    %2 = llvm.mlir.addressof @myia_stack_limit : !llvm.ptr
// CHECK-NEXT:    %3 = llvm.load %2 : !llvm.ptr -> i64
// CHECK-NEXT:    %4 = llvm.icmp "ult" %1, %3 : i64
// CHECK-NEXT:    llvm.cond_br %4, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %5 = llvm.call @myia_stack_exhausted() : () -> i1
// CHECK-NEXT:    llvm.cond_br %5, ^bb3, ^bb2
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %r = llvm.call @rec(%n) : (i64) -> i64
// CHECK-NEXT:    llvm.return %r : i64
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    %6 = llvm.mlir.constant(2 : i32) : i32
// CHECK-NEXT:    llvm.call @myia_raise(%6) : (i32) -> ()
// CHECK-NEXT:    llvm.unreachable
llvm.func @rec(%n: i64) -> i64 {
  %r = llvm.call @rec(%n) : (i64) -> i64
  llvm.return %r : i64
}

// Mutual recursion: both functions are checked.
// CHECK-LABEL: llvm.func @ping(
// CHECK-NEXT:    llvm.call_intrinsic "llvm.addressofreturnaddress.p0"
// CHECK-LABEL: llvm.func @pong(
// CHECK-NEXT:    llvm.call_intrinsic "llvm.addressofreturnaddress.p0"
llvm.func @ping(%n: i64) -> i64 {
  %r = llvm.call @pong(%n) : (i64) -> i64
  llvm.return %r : i64
}
llvm.func @pong(%n: i64) -> i64 {
  %r = llvm.call @ping(%n) : (i64) -> i64
  llvm.return %r : i64
}

// A function that calls a recursive one without being in its cycle is not.
// CHECK-LABEL: llvm.func @leaf(%n_3: i64) -> i64 {
// CHECK-NEXT:    %r_3 = llvm.call @rec(%n_3) : (i64) -> i64
// ALL-LABEL:   llvm.func @leaf(
// ALL-NEXT:      llvm.call_intrinsic "llvm.addressofreturnaddress.p0"
llvm.func @leaf(%n: i64) -> i64 {
  %r = llvm.call @rec(%n) : (i64) -> i64
  llvm.return %r : i64
}

// CHECK: llvm.mlir.global external @myia_stack_limit() {addr_space = 0 : i32} : i64
// CHECK: llvm.func @myia_stack_exhausted() -> i1 attributes {passthrough = ["cold"]}
// CHECK: llvm.func @myia_raise(i32) attributes {passthrough = ["noreturn", "cold"]}
