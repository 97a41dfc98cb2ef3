// The index type must be lowered first.
// RUN: not myia-opt %s -p convert-arith-to-llvm 2>&1 | filecheck %s
// RUN: myia-opt %s -p lower-index-to-i64,convert-arith-to-llvm | filecheck %s --check-prefix=OK

// CHECK: convert-arith-to-llvm: 'arith.addi' uses the index type; run lower-index-to-i64 first

// OK:      %0 = llvm.add %a, %a : i64
// OK-NEXT: func.return %0 : i64
func.func @f(%a: index) -> index {
  %0 = arith.addi %a, %a : index
  func.return %0 : index
}
