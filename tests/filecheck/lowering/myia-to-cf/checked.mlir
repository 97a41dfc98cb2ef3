// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// `checked` ops (Python ints) are exact or raise OverflowError (code 6) with
// their own message: add, sub and mul are LLVM's overflow intrinsics; neg and
// abs subtract from zero with them; floordiv raises ZeroDivisionError (code 1)
// for a zero divisor, then OverflowError for -2**63 // -1; lshift shifts back to
// compare; pow multiplies by squaring, counting an overflow only in a product
// that is used; a cast of a uint64 raises when its sign bit is set.

// CHECK-LABEL: func.func @arith(%0: i64, %1: i64) -> i64 {
// CHECK-NEXT:    %[[SUB:.*]] = llvm.call_intrinsic "llvm.ssub.with.overflow.i64"(%0, %1) : (i64, i64) -> !llvm.struct<(i64, i1)>
// CHECK-NEXT:    %[[D:.*]] = llvm.extractvalue %[[SUB]][0] : !llvm.struct<(i64, i1)>
// CHECK-NEXT:    %[[O:.*]] = llvm.extractvalue %[[SUB]][1] : !llvm.struct<(i64, i1)>
// CHECK-NEXT:    cf.cond_br %[[O]], ^[[RAISE:bb[0-9]+]], ^[[OK:bb[0-9]+]]
// CHECK-NEXT:  ^[[RAISE]]:
// CHECK-NEXT:    %{{.*}} = arith.constant 6 : i32
// CHECK-NEXT:    func.call @myia_raise(%{{.*}}) {myia.error_message = "integer overflow: the result of - does not fit in a 64-bit Python int {{.*}}"} : (i32) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^[[OK]]:
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[NEG:.*]] = llvm.call_intrinsic "llvm.ssub.with.overflow.i64"(%[[ZERO]], %[[D]])
// CHECK:         {myia.error_message = "integer overflow: the result of abs() {{.*}}"}
// CHECK:         %[[ISNEG:.*]] = arith.cmpi slt, %[[D]], %[[ZERO]] : i64
// CHECK-NEXT:    %[[ABS:.*]] = arith.select %[[ISNEG]], %{{.*}}, %[[D]] : i64
// CHECK:         {myia.error_message = "integer division or modulo by zero"}
// CHECK:         %[[MIN:.*]] = arith.constant -9223372036854775808 : i64
// CHECK-NEXT:    %[[ISMIN:.*]] = arith.cmpi eq, %[[ABS]], %[[MIN]] : i64
// CHECK-NEXT:    %[[M1:.*]] = arith.constant -1 : i64
// CHECK-NEXT:    %[[ISM1:.*]] = arith.cmpi eq, %1, %[[M1]] : i64
// CHECK-NEXT:    %[[BOTH:.*]] = arith.andi %[[ISMIN]], %[[ISM1]] : i1
// CHECK-NEXT:    cf.cond_br %[[BOTH]]
// CHECK:         {myia.error_message = "integer overflow: the result of // {{.*}}"}
// CHECK:         %[[Q:.*]] = arith.floordivsi %[[ABS]], %1 : i64
// CHECK:         {myia.error_message = "negative shift count"}
// CHECK:         %[[SHL:.*]] = arith.shli %[[Q]], %[[COUNT:.*]] : i64
// CHECK-NEXT:    %[[BACK:.*]] = arith.shrsi %[[SHL]], %[[COUNT]] : i64
// CHECK-NEXT:    %{{.*}} = arith.cmpi ne, %[[BACK]], %[[Q]] : i64
// CHECK:         {myia.error_message = "integer overflow: the result of << {{.*}}"}
// CHECK:         func.return %[[SHL]] : i64
myia.func @arith(%a : i64, %b : i64) -> i64 {
  %d = myia.sub %a, %b checked : i64
  %n = myia.abs %d checked : i64
  %q = myia.floordiv %n, %b checked : i64
  %l = myia.lshift %q, %b checked : i64
  myia.return %l
}

// CHECK-LABEL: func.func @power(%0: i64, %1: i64) -> i64 {
// CHECK:         func.call @myia_raise(%{{.*}}) : (i32) -> ()
// CHECK:         cf.br ^[[HEAD:bb[0-9]+]](%{{.*}}, %0, %1 : i64, i64, i64)
// CHECK-NEXT:  ^[[HEAD]](%[[R:.*]]: i64, %[[BASE:.*]]: i64, %[[E:.*]]: i64):
// CHECK:         cf.cond_br %{{.*}}, ^[[BODY:bb[0-9]+]], ^[[DONE:bb[0-9]+]](%[[R]] : i64)
// CHECK-NEXT:  ^[[BODY]]:
// CHECK:         llvm.call_intrinsic "llvm.smul.with.overflow.i64"(%[[R]], %[[BASE]])
// CHECK:         llvm.call_intrinsic "llvm.smul.with.overflow.i64"(%[[BASE]], %[[BASE]])
// CHECK:         cf.cond_br %{{.*}}, ^[[RAISE:bb[0-9]+]], ^[[NEXT:bb[0-9]+]]
// CHECK-NEXT:  ^[[DONE]](%[[RESULT:.*]]: i64):
// CHECK-NEXT:    func.return %[[RESULT]] : i64
// CHECK:       ^[[NEXT]]:
// CHECK-NEXT:    %{{.*}} = arith.select
// CHECK-NEXT:    cf.br ^[[HEAD]](
myia.func @power(%a : i64, %b : i64) -> i64 {
  %p = myia.pow %a, %b checked : i64
  myia.return %p
}

// CHECK-LABEL: func.func @from_uint64(%0: i64) -> i64 {
// CHECK-NEXT:    %[[Z:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[NEG:.*]] = arith.cmpi slt, %0, %[[Z]] : i64
// CHECK-NEXT:    cf.cond_br %[[NEG]]
// CHECK:         {myia.error_message = "integer overflow: int() of this uint64 {{.*}}"}
// CHECK:         func.return %0 : i64
myia.func @from_uint64(%u : ui64) -> i64 {
  %i = myia.cast %u checked : i64
  myia.return %i
}
