// func.func/call/return become llvm ones; several results travel in a struct.
// RUN: myia-opt %s -p convert-func-to-llvm | filecheck %s

// A private definition is internal; its results are packed with insertvalue.
// CHECK-LABEL: llvm.func internal @helper(%a: i64, %b: f64) -> !llvm.struct<(i64, f64)> {
// CHECK-NEXT:    %0 = llvm.mlir.undef : !llvm.struct<(i64, f64)>
// CHECK-NEXT:    %1 = llvm.insertvalue %a, %0[0] : !llvm.struct<(i64, f64)>
// CHECK-NEXT:    %2 = llvm.insertvalue %b, %1[1] : !llvm.struct<(i64, f64)>
// CHECK-NEXT:    llvm.return %2 : !llvm.struct<(i64, f64)>
func.func private @helper(%a: i64, %b: f64) -> (i64, f64) {
  func.return %a, %b : i64, f64
}

// A public definition is external; calls unpack with extractvalue.
// CHECK-LABEL: llvm.func @main(%a_1: i64) -> f64 {
// CHECK-NEXT:    %b_1 = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %helper_results = llvm.call @helper(%a_1, %b_1) : (i64, f64) -> !llvm.struct<(i64, f64)>
// CHECK-NEXT:    %x = llvm.extractvalue %helper_results[0] : !llvm.struct<(i64, f64)>
// CHECK-NEXT:    %y = llvm.extractvalue %helper_results[1] : !llvm.struct<(i64, f64)>
// CHECK-NEXT:    llvm.call @effect() : () -> ()
// CHECK-NEXT:    %l = llvm.call @lgamma(%y) : (f64) -> f64
// CHECK-NEXT:    llvm.return %l : f64
func.func @main(%a: i64) -> f64 {
  %b = arith.constant 1.0 : f64
  %x, %y = func.call @helper(%a, %b) : (i64, f64) -> (i64, f64)
  func.call @effect() : () -> ()
  %l = func.call @lgamma(%y) : (f64) -> f64
  func.return %l : f64
}

// No result: void.
// CHECK-LABEL: llvm.func @effect() {
// CHECK-NEXT:    llvm.return
func.func @effect() {
  func.return
}

// A declaration is external (libm's lgamma, resolved by the JIT).
// CHECK: llvm.func @lgamma(f64) -> f64
func.func private @lgamma(f64) -> f64

// llvm.linkage and passthrough attributes are kept.
// CHECK: llvm.func linkonce_odr @pinned(%a_2: i64) -> i64 attributes {passthrough = ["noinline"]} {
func.func @pinned(%a: i64) -> i64 attributes {llvm.linkage = #llvm.linkage<"linkonce_odr">, passthrough = ["noinline"]} {
  func.return %a : i64
}
