// The whole lowering, then LLVM IR (-t llvm) and optimized LLVM IR.
// RUN: myia-opt %s -p myia-to-llvm | filecheck %s
// RUN: myia-opt %s -p myia-to-llvm -t llvm | filecheck %s --check-prefix=IR
// RUN: myia-opt %s -p 'myia-to-llvm{check-division=false stack-check=false}' -t 'llvm{opt=3}' | filecheck %s --check-prefix=OPT

// CHECK-NOT:   func.
// CHECK-NOT:   arith.
// CHECK-NOT:   scf.
// CHECK-NOT:   cf.
// CHECK-LABEL: llvm.func @fact(%n: i64) -> i64 {
// CHECK:         llvm.call_intrinsic "llvm.addressofreturnaddress.p0"
// CHECK:         llvm.call @fact(
// CHECK-LABEL: llvm.func @mean(%a: f64, %b: f64, %{{.*}}: i64) -> !llvm.struct<(f64, i64)> {
// CHECK:         llvm.sitofp
// CHECK:         llvm.call @myia_raise(
// CHECK-DAG:   llvm.mlir.global external @myia_stack_limit()
// CHECK-DAG:   llvm.func @myia_raise(i32)

// IR:       @"myia_stack_limit" = external global i64
// IR-LABEL: define i64 @"fact"(i64 %".1")
// IR:         call ptr @"llvm.addressofreturnaddress.p0"()
// IR:         call ccc i64 @"fact"(
// IR-LABEL: define {double, i64} @"mean"(double %".1", double %".2", i64 %".3")
// IR:         sitofp i64
// IR:         call ccc void @"myia_raise"(i32 1)
// IR:       declare void @"myia_raise"(i32 %".1") cold noreturn

// LLVM turns the recursion into a loop.
// OPT-LABEL: define i64 @fact(i64 %.1)
// OPT-NOT:     call i64 @fact
// OPT:         ret i64
func.func @fact(%n: i64) -> i64 {
  %c1 = arith.constant 1 : i64
  %le = arith.cmpi sle, %n, %c1 : i64
  %r = scf.if %le -> (i64) {
    scf.yield %c1 : i64
  } else {
    %m = arith.subi %n, %c1 : i64
    %x = func.call @fact(%m) : (i64) -> i64
    %y = arith.muli %n, %x : i64
    scf.yield %y : i64
  }
  func.return %r : i64
}

func.func @mean(%a: f64, %b: f64, %n: i64) -> (f64, i64) {
  %s = arith.addf %a, %b : f64
  %nf = arith.sitofp %n : i64 to f64
  %m = arith.divf %s, %nf : f64
  %c2 = arith.constant 2 : i64
  %h = arith.divsi %c2, %n : i64
  func.return %m, %h : f64, i64
}
