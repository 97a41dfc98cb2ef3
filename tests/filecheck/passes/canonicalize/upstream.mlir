// RUN: myia-opt %s -p canonicalize | filecheck %s
// Upstream ops keep their own canonicalization patterns and folders under
// myia's canonicalize (x + 0, select of equal values, constant folding).

func.func @f(%x: i64, %b: i1) -> i64 {
  %c0 = arith.constant 0 : i64
  %y = arith.addi %x, %c0 : i64
  %c1 = arith.constant 1 : i64
  %c2 = arith.constant 2 : i64
  %s = arith.addi %c1, %c2 : i64
  %z = arith.muli %y, %s : i64
  %sel = arith.select %b, %z, %z : i64
  func.return %sel : i64
}

// CHECK-LABEL: func.func @f(%x: i64, %b: i1) -> i64 {
// CHECK-NEXT:    %s = arith.constant 3 : i64
// CHECK-NEXT:    %z = arith.muli %x, %s : i64
// CHECK-NEXT:    func.return %z : i64
