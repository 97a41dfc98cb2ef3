// Every scalar arith op becomes the llvm op of the same meaning.
// RUN: myia-opt %s -p convert-arith-to-llvm | filecheck %s

// CHECK-LABEL: func.func @int_ops(%a: i64, %b: i64) -> i64 {
// CHECK-NEXT:    %0 = llvm.add %a, %b overflow<nsw> : i64
// CHECK-NEXT:    %1 = llvm.sub %0, %b : i64
// CHECK-NEXT:    %2 = llvm.mul %1, %b : i64
// CHECK-NEXT:    %3 = llvm.and %2, %b : i64
// CHECK-NEXT:    %4 = llvm.or %3, %b : i64
// CHECK-NEXT:    %5 = llvm.xor %4, %b : i64
// CHECK-NEXT:    %6 = llvm.shl %5, %b : i64
// CHECK-NEXT:    %7 = llvm.ashr %6, %b : i64
// CHECK-NEXT:    %8 = llvm.lshr %7, %b : i64
// CHECK-NEXT:    %9 = llvm.call_intrinsic "llvm.smax.i64"(%8, %b) : (i64, i64) -> i64
// CHECK-NEXT:    %10 = llvm.call_intrinsic "llvm.umin.i64"(%9, %b) : (i64, i64) -> i64
// CHECK-NEXT:    func.return %10 : i64
func.func @int_ops(%a: i64, %b: i64) -> i64 {
  %0 = arith.addi %a, %b overflow<nsw> : i64
  %1 = arith.subi %0, %b : i64
  %2 = arith.muli %1, %b : i64
  %3 = arith.andi %2, %b : i64
  %4 = arith.ori %3, %b : i64
  %5 = arith.xori %4, %b : i64
  %6 = arith.shli %5, %b : i64
  %7 = arith.shrsi %6, %b : i64
  %8 = arith.shrui %7, %b : i64
  %9 = arith.maxsi %8, %b : i64
  %10 = arith.minui %9, %b : i64
  func.return %10 : i64
}

// CHECK-LABEL: func.func @float_ops(%a: f64, %b: f64) -> f64 {
// CHECK-NEXT:    %0 = llvm.fadd %a, %b {fastmathFlags = #llvm.fastmath<fast>} : f64
// CHECK-NEXT:    %1 = llvm.fsub %0, %b : f64
// CHECK-NEXT:    %2 = llvm.fmul %1, %b : f64
// CHECK-NEXT:    %3 = llvm.fdiv %2, %b : f64
// CHECK-NEXT:    %4 = llvm.frem %3, %b : f64
// CHECK-NEXT:    %5 = llvm.fneg %4 : f64
// CHECK-NEXT:    %6 = llvm.call_intrinsic "llvm.maximum.f64"(%5, %b) : (f64, f64) -> f64
// CHECK-NEXT:    %7 = llvm.call_intrinsic "llvm.minnum.f64"(%6, %b) : (f64, f64) -> f64
func.func @float_ops(%a: f64, %b: f64) -> f64 {
  %0 = arith.addf %a, %b fastmath<fast> : f64
  %1 = arith.subf %0, %b : f64
  %2 = arith.mulf %1, %b : f64
  %3 = arith.divf %2, %b : f64
  %4 = arith.remf %3, %b : f64
  %5 = arith.negf %4 : f64
  %6 = arith.maximumf %5, %b : f64
  %7 = arith.minnumf %6, %b : f64
  func.return %7 : f64
}

// cmpf false/true are constants; the other predicates keep their name.
// CHECK-LABEL: func.func @compare(%a: i32, %x: f32) -> (i1, i1, i1, i1) {
// CHECK-NEXT:    %0 = llvm.icmp "ult" %a, %a : i32
// CHECK-NEXT:    %1 = llvm.fcmp "uno" %x, %x : f32
// CHECK-NEXT:    %2 = llvm.mlir.constant(false) : i1
// CHECK-NEXT:    %3 = llvm.select %0, %1, %2 : i1, i1
func.func @compare(%a: i32, %x: f32) -> (i1, i1, i1, i1) {
  %0 = arith.cmpi ult, %a, %a : i32
  %1 = arith.cmpf uno, %x, %x : f32
  %2 = arith.cmpf false, %x, %x : f32
  %3 = arith.select %0, %1, %2 : i1
  func.return %0, %1, %2, %3 : i1, i1, i1, i1
}

// CHECK-LABEL: func.func @constants() -> (i1, i8, f64, f32) {
// CHECK-NEXT:    %t = llvm.mlir.constant(true) : i1
// CHECK-NEXT:    %b = llvm.mlir.constant(-1 : i8) : i8
// CHECK-NEXT:    %n = llvm.mlir.constant(0x7ff8000000000000 : f64) : f64
// CHECK-NEXT:    %f = llvm.mlir.constant(2.500000e+00 : f32) : f32
func.func @constants() -> (i1, i8, f64, f32) {
  %t = arith.constant true
  %b = arith.constant -1 : i8
  %n = arith.constant 0x7FF8000000000000 : f64
  %f = arith.constant 2.5 : f32
  func.return %t, %b, %n, %f : i1, i8, f64, f32
}

// CHECK-LABEL: func.func @casts(
// CHECK-NEXT:    %0 = llvm.sext %i : i32 to i64
// CHECK-NEXT:    %1 = llvm.zext %i : i32 to i64
// CHECK-NEXT:    %2 = llvm.trunc %i : i32 to i16
// CHECK-NEXT:    %3 = llvm.sitofp %i : i32 to f64
// CHECK-NEXT:    %4 = llvm.uitofp %i : i32 to f64
// CHECK-NEXT:    %5 = llvm.fptosi %f : f64 to i32
// CHECK-NEXT:    %6 = llvm.fptoui %f : f64 to i32
// CHECK-NEXT:    %7 = llvm.fptrunc %f : f64 to f32
// CHECK-NEXT:    %8 = llvm.fpext %7 : f32 to f64
// CHECK-NEXT:    %9 = llvm.bitcast %f : f64 to i64
func.func @casts(%i: i32, %f: f64) -> (i64, i64, i16, f64, f64, i32, i32, f32, f64, i64) {
  %0 = arith.extsi %i : i32 to i64
  %1 = arith.extui %i : i32 to i64
  %2 = arith.trunci %i : i32 to i16
  %3 = arith.sitofp %i : i32 to f64
  %4 = arith.uitofp %i : i32 to f64
  %5 = arith.fptosi %f : f64 to i32
  %6 = arith.fptoui %f : f64 to i32
  %7 = arith.truncf %f : f64 to f32
  %8 = arith.extf %7 : f32 to f64
  %9 = arith.bitcast %f : f64 to i64
  func.return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : i64, i64, i16, f64, f64, i32, i32, f32, f64, i64
}
