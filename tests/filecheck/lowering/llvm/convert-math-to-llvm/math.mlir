// math ops become LLVM intrinsics where LLVM has one, libm calls otherwise.
// RUN: myia-opt %s -p convert-math-to-llvm | filecheck %s
// RUN: myia-opt %s -p 'convert-math-to-llvm{check-ipowi=true}' | filecheck %s --check-prefix=CHECKED

// CHECK-LABEL: func.func @intrinsics(%x: f64, %y: f64, %i: i32) -> f64 {
// CHECK-NEXT:    %0 = llvm.call_intrinsic "llvm.sin.f64"(%x) : (f64) -> f64
// CHECK-NEXT:    %1 = llvm.call_intrinsic "llvm.sqrt.f64"(%0) : (f64) -> f64
// CHECK-NEXT:    %2 = llvm.call_intrinsic "llvm.pow.f64"(%1, %y) : (f64, f64) -> f64
// CHECK-NEXT:    %3 = llvm.call_intrinsic "llvm.copysign.f64"(%2, %y) : (f64, f64) -> f64
// CHECK-NEXT:    %4 = llvm.call_intrinsic "llvm.fma.f64"(%3, %x, %y) : (f64, f64, f64) -> f64
// CHECK-NEXT:    %5 = llvm.call_intrinsic "llvm.powi.f64.i32"(%4, %i) : (f64, i32) -> f64
// CHECK-NEXT:    %6 = llvm.call_intrinsic "llvm.sqrt.f64"(%5) : (f64) -> f64
// CHECK-NEXT:    %7 = llvm.mlir.constant(1.000000e+00 : f64) : f64
// CHECK-NEXT:    %8 = llvm.fdiv %7, %6 : f64
// CHECK-NEXT:    %9 = llvm.call_intrinsic "llvm.roundeven.f64"(%8) : (f64) -> f64
func.func @intrinsics(%x: f64, %y: f64, %i: i32) -> f64 {
  %0 = math.sin %x : f64
  %1 = math.sqrt %0 : f64
  %2 = math.powf %1, %y : f64
  %3 = math.copysign %2, %y : f64
  %4 = math.fma %3, %x, %y : f64
  %5 = math.fpowi %4, %i : f64, i32
  %6 = math.rsqrt %5 : f64
  %7 = math.roundeven %6 : f64
  func.return %7 : f64
}

// f32 calls the f-suffixed libm function; f16 goes through f32.
// CHECK-LABEL: func.func @libm(%x: f64, %y: f32, %h: f16) -> (f64, f32, f16) {
// CHECK-NEXT:    %0 = llvm.call @tanh(%x) : (f64) -> f64
// CHECK-NEXT:    %1 = llvm.call @atan2(%0, %x) : (f64, f64) -> f64
// CHECK-NEXT:    %2 = llvm.call @erff(%y) : (f32) -> f32
// CHECK-NEXT:    %3 = llvm.fpext %h : f16 to f32
// CHECK-NEXT:    %4 = llvm.call @expm1f(%3) : (f32) -> f32
// CHECK-NEXT:    %5 = llvm.fptrunc %4 : f32 to f16
func.func @libm(%x: f64, %y: f32, %h: f16) -> (f64, f32, f16) {
  %0 = math.tanh %x : f64
  %1 = math.atan2 %0, %x : f64
  %2 = math.erf %y : f32
  %3 = math.expm1 %h : f16
  func.return %1, %2, %3 : f64, f32, f16
}

// CHECK-LABEL: func.func @integers(%a: i64, %b: i64) -> (i64, i64, i64) {
// CHECK-NEXT:    %0 = llvm.mlir.constant(false) : i1
// CHECK-NEXT:    %1 = llvm.call_intrinsic "llvm.abs.i64"(%a, %0) : (i64, i1) -> i64
// CHECK-NEXT:    %2 = llvm.mlir.constant(false) : i1
// CHECK-NEXT:    %3 = llvm.call_intrinsic "llvm.ctlz.i64"(%a, %2) : (i64, i1) -> i64
// CHECK-NEXT:    %4 = llvm.call @__myia_ipowi_i64(%a, %b) : (i64, i64) -> i64
// CHECKED:       %4 = llvm.call @__myia_ipowi_checked_i64(%a, %b) : (i64, i64) -> i64
func.func @integers(%a: i64, %b: i64) -> (i64, i64, i64) {
  %0 = math.absi %a : i64
  %1 = math.ctlz %a : i64
  %2 = math.ipowi %a, %b : i64
  func.return %0, %1, %2 : i64, i64, i64
}

// The libm functions are declared once; ipowi is an internal helper: square
// and multiply, with MLIR's results for a negative exponent or a raise.
// CHECK:       llvm.func @tanh(f64) -> f64
// CHECK-NEXT:  llvm.func @atan2(f64, f64) -> f64
// CHECK-NEXT:  llvm.func @erff(f32) -> f32
// CHECK-NEXT:  llvm.func @expm1f(f32) -> f32
// CHECK-NEXT:  llvm.func internal @__myia_ipowi_i64(%0: i64, %1: i64) -> i64 {
// CHECK:         %4 = llvm.icmp "slt" %1, %2 : i64
// CHECK-NEXT:    llvm.cond_br %4, ^bb4, ^bb1(%3, %0, %1 : i64, i64, i64)
// CHECK-NEXT:  ^bb1(%5: i64, %6: i64, %7: i64):
// CHECK:         %14 = llvm.mul %5, %6 : i64
// CHECK-NEXT:    %15 = llvm.select %13, %14, %5 : i1, i64
// CHECK-NEXT:    %16 = llvm.mul %6, %6 : i64
// CHECK-NEXT:    %17 = llvm.lshr %7, %10 : i64
// CHECK-NEXT:    llvm.br ^bb1(%15, %16, %17 : i64, i64, i64)
// CHECK:       ^bb4:
// CHECK-NOT:     myia_raise
// CHECK:         llvm.return %28 : i64

// CHECKED:     llvm.func internal @__myia_ipowi_checked_i64(
// CHECKED:     ^bb4:
// CHECKED-NEXT:  %19 = llvm.mlir.constant(3 : i32) : i32
// CHECKED-NEXT:  llvm.call @myia_raise(%19) : (i32) -> ()
// CHECKED-NEXT:  llvm.unreachable
