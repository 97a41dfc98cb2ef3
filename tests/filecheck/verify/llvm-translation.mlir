// `myia-opt -t llvm` checks what the translation to LLVM IR needs and xDSL
// 0.74's verifier does not: each direct llvm.call matches its callee's
// signature (as MLIR's verifier checks), and the types are LLVM's. These were
// internal errors (llvmlite's IndexError, xDSL's LLVMTranslationException).
// Found by tests/mutate_ir.py.
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

// CHECK: llvm-translation.mlir:15:3: error: @pinned is !llvm.func<i64 (i64)>, but llvm.call passes () and expects !llvm.void

// -----

llvm.func @half(%a : f64) -> f64 {
  llvm.return %a : f64
}
llvm.func @main(%n : i64) -> i64 {
  %r = llvm.call @half(%n) : (i64) -> i64
  llvm.return %r : i64
}

// CHECK: llvm-translation.mlir:27:3: error: @half is !llvm.func<f64 (f64)>, but llvm.call passes (i64) and expects i64

// -----

// A variadic callee takes more arguments than its fixed ones.
llvm.func @printf(!llvm.ptr, ...) -> i32
llvm.func @main(%p : !llvm.ptr, %x : f64) -> i32 {
  %r = llvm.call @printf(%p, %x) vararg(!llvm.func<i32 (ptr, ...)>) : (!llvm.ptr, f64) -> i32
  llvm.return %r : i32
}

// VARARG: define i32 @"main"(ptr %".1", double %".2")
// VARARG: call {{.*}}i32 (ptr, ...) @"printf"(ptr %".1", double %".2")

// -----

llvm.func @f(%p : !llvm.ptr, %i : i64) -> !llvm.ptr {
  %q = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, tensor<3xf64>
  llvm.return %q : !llvm.ptr
}

// CHECK: llvm-translation.mlir:48:3: error: llvm.getelementptr cannot be translated to LLVM IR: Type not supported: tensor<3xf64>

// -----

llvm.mlir.global internal @g() : tensor<3xf64>

// CHECK: llvm-translation.mlir:56:1: error: llvm.mlir.global cannot be translated to LLVM IR: Type not supported: tensor<3xf64>

// -----

// A global belongs to the module, not to a function.
llvm.func @f() {
  llvm.mlir.global external @limit() {addr_space = 0 : i32} : i64
  llvm.return
}

// CHECK: llvm-translation.mlir:64:3: error: llvm.mlir.global cannot be translated to LLVM IR: Conversion not implemented for op: llvm.mlir.global
