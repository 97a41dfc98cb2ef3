// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// tuple_index and range_index: a negative index counts from the end, then one
// unsigned comparison finds an index out of range (negative ones too), which
// raises IndexError (code 8) with CPython's message.

// CHECK-LABEL: func.func @f(%0: i64, %1: i64) -> i64 {
// CHECK-NEXT:    %2 = arith.constant 0 : i64
// CHECK-NEXT:    %3 = arith.cmpi slt, %0, %2 : i64
// CHECK-NEXT:    %4 = arith.addi %0, %1 : i64
// CHECK-NEXT:    %5 = arith.select %3, %4, %0 : i64
// CHECK-NEXT:    %6 = arith.cmpi uge, %5, %1 : i64
// CHECK-NEXT:    cf.cond_br %6, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %7 = arith.constant 8 : i32
// CHECK-NEXT:    func.call @myia_raise(%7) {myia.error_message = "tuple index out of range"} : (i32) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^bb2:
// CHECK:         func.call @myia_raise(%{{.*}}) {myia.error_message = "range object index out of range"} : (i32) -> ()
// CHECK:         %[[SUM:.*]] = arith.addi %5, %{{.*}} : i64
// CHECK-NEXT:    func.return %[[SUM]] : i64
myia.func @f(%i : i64, %n : i64) -> i64 {
  %a = myia.tuple_index %i, %n : i64
  %b = myia.range_index %i, %n : i64
  %s = myia.add %a, %b : i64
  myia.return %s
}
