// `myia-opt -t llvm` checks each direct llvm.call against its callee's
// signature, as MLIR's verifier does and xDSL 0.74's does not: the translation
// to LLVM IR failed on these with an internal error (llvmlite's IndexError or
// a wrong call). Found by tests/mutate_ir.py.
// RUN: not myia-opt %s --split-input-file -t llvm 2>&1 >/dev/null | filecheck %s
// RUN: not myia-opt %s --split-input-file -t llvm 2>/dev/null | filecheck %s --check-prefix=VARARG
// CHECK-NOT: internal error
// CHECK-NOT: Traceback

llvm.func @pinned(%a : i64) -> i64 {
  llvm.return %a : i64
}
llvm.func @main() {
  llvm.call @pinned() : () -> ()
  llvm.return
}

// CHECK: llvm-call.mlir:14:3: error: @pinned is !llvm.func<i64 (i64)>, but llvm.call passes () and expects !llvm.void

// -----

llvm.func @half(%a : f64) -> f64 {
  llvm.return %a : f64
}
llvm.func @main(%n : i64) -> i64 {
  %r = llvm.call @half(%n) : (i64) -> i64
  llvm.return %r : i64
}

// CHECK: llvm-call.mlir:26:3: error: @half is !llvm.func<f64 (f64)>, but llvm.call passes (i64) and expects i64

// -----

// A variadic callee takes more arguments than its fixed ones.
llvm.func @printf(!llvm.ptr, ...) -> i32
llvm.func @main(%p : !llvm.ptr, %x : f64) -> i32 {
  %r = llvm.call @printf(%p, %x) vararg(!llvm.func<i32 (ptr, ...)>) : (!llvm.ptr, f64) -> i32
  llvm.return %r : i32
}

// VARARG: define i32 @"main"(ptr %".1", double %".2")
// VARARG: call {{.*}}i32 (ptr, ...) @"printf"(ptr %".1", double %".2")
