// Floor and ceiling division are a division, a remainder and a correction.
// With check-division=true, a zero divisor calls myia_raise(1) and x / -1 is
// computed as -x so that INT_MIN / -1 wraps instead of trapping.
// RUN: myia-opt %s -p convert-arith-to-llvm | filecheck %s
// RUN: myia-opt %s -p 'convert-arith-to-llvm{check-division=true}' | filecheck %s --check-prefix=CHECKED

// CHECK-LABEL: func.func @floordiv(%a: i64, %b: i64) -> i64 {
// CHECK-NEXT:    %0 = llvm.sdiv %a, %b : i64
// CHECK-NEXT:    %1 = llvm.srem %a, %b : i64
// CHECK-NEXT:    %2 = llvm.mlir.constant(0) : i64
// CHECK-NEXT:    %3 = llvm.icmp "ne" %1, %2 : i64
// CHECK-NEXT:    %4 = llvm.xor %1, %b : i64
// CHECK-NEXT:    %5 = llvm.icmp "slt" %4, %2 : i64
// CHECK-NEXT:    %6 = llvm.and %3, %5 : i1
// CHECK-NEXT:    %7 = llvm.zext %6 : i1 to i64
// CHECK-NEXT:    %8 = llvm.sub %0, %7 : i64
// CHECK-NEXT:    func.return %8 : i64
// CHECK-NOT:   myia_raise

// CHECKED-LABEL: func.func @floordiv(%a: i64, %b: i64) -> i64 {
// CHECKED-NEXT:    %0 = llvm.mlir.constant(0) : i64
// CHECKED-NEXT:    %1 = llvm.icmp "eq" %b, %0 : i64
// CHECKED-NEXT:    llvm.cond_br %1, ^bb2, ^bb1
// CHECKED-NEXT:  ^bb1:
// CHECKED-NEXT:    %2 = llvm.mlir.constant(-1) : i64
// CHECKED-NEXT:    %3 = llvm.icmp "eq" %b, %2 : i64
// CHECKED-NEXT:    %4 = llvm.mlir.constant(1) : i64
// CHECKED-NEXT:    %5 = llvm.select %3, %4, %b : i1, i64
// CHECKED-NEXT:    %6 = llvm.sdiv %a, %5 : i64
// CHECKED-NEXT:    %7 = llvm.srem %a, %5 : i64
// CHECKED:         %14 = llvm.sub %6, %13 : i64
// CHECKED-NEXT:    %15 = llvm.mlir.constant(0) : i64
// CHECKED-NEXT:    %16 = llvm.sub %15, %a : i64
// CHECKED-NEXT:    %17 = llvm.select %3, %16, %14 : i1, i64
// CHECKED-NEXT:    func.return %17 : i64
// CHECKED-NEXT:  ^bb2:
// CHECKED-NEXT:    %18 = llvm.mlir.constant(1 : i32) : i32
// CHECKED-NEXT:    llvm.call @myia_raise(%18) : (i32) -> ()
// CHECKED-NEXT:    llvm.unreachable
func.func @floordiv(%a: i64, %b: i64) -> i64 {
  %0 = arith.floordivsi %a, %b : i64
  func.return %0 : i64
}

// CHECK-LABEL: func.func @ceildiv(%a: i32, %b: i32) -> i32 {
// CHECK:         %4 = llvm.xor %1, %b : i32
// CHECK-NEXT:    %5 = llvm.icmp "sge" %4, %2 : i32
// CHECK:         %8 = llvm.add %0, %7 : i32
func.func @ceildiv(%a: i32, %b: i32) -> i32 {
  %0 = arith.ceildivsi %a, %b : i32
  func.return %0 : i32
}

// Unsigned remainder only checks for zero.
// CHECKED-LABEL: func.func @remui(%a: i32, %b: i32) -> i32 {
// CHECKED-NEXT:    %0 = llvm.mlir.constant(0 : i32) : i32
// CHECKED-NEXT:    %1 = llvm.icmp "eq" %b, %0 : i32
// CHECKED-NEXT:    llvm.cond_br %1, ^bb2, ^bb1
// CHECKED-NEXT:  ^bb1:
// CHECKED-NEXT:    %2 = llvm.urem %a, %b : i32
// CHECKED-NEXT:    func.return %2 : i32
func.func @remui(%a: i32, %b: i32) -> i32 {
  %0 = arith.remui %a, %b : i32
  func.return %0 : i32
}

// CHECKED: llvm.func @myia_raise(i32) attributes {passthrough = ["noreturn", "cold"]}
