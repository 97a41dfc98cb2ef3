// index becomes i64 everywhere: values, block arguments, function types,
// constants (zero included), switch cases; index_cast disappears or becomes a
// sign extension or a truncation.
// RUN: myia-opt %s -p lower-index-to-i64 | filecheck %s

// CHECK-LABEL: func.func @f(%a: i64, %b: i32) -> i64 {
// CHECK-NEXT:    %c0 = arith.constant 0 : i64
// CHECK-NEXT:    %x = arith.addi %a, %c0 : i64
// CHECK-NEXT:    %y = arith.extsi %b : i32 to i64
// CHECK-NEXT:    %w = arith.trunci %y : i64 to i8
// CHECK-NEXT:    %v = arith.extsi %w : i8 to i64
// CHECK-NEXT:    cf.switch %x : i64, [
// CHECK-NEXT:    default: ^bb1(%y : i64),
// CHECK-NEXT:      3: ^bb1(%v : i64)
// CHECK-NEXT:    ]
// CHECK-NEXT:  ^bb1(%q: i64):
// CHECK-NEXT:    %r = func.call @g(%q, %x) : (i64, i64) -> i64
// CHECK-NEXT:    func.return %r : i64
// CHECK:       func.func private @g(i64, i64) -> i64
func.func @f(%a: index, %b: i32) -> index {
  %c0 = arith.constant 0 : index
  %x = arith.addi %a, %c0 : index
  %y = arith.index_cast %b : i32 to index
  %z = arith.index_cast %x : index to i64
  %w = arith.index_cast %y : index to i8
  %v = arith.index_cast %w : i8 to index
  cf.switch %x : index, [
    default: ^bb1(%y : index),
    3: ^bb1(%v : index)
  ]
^bb1(%q: index):
  %r = func.call @g(%q, %z) : (index, i64) -> index
  func.return %r : index
}
func.func private @g(index, i64) -> index
