// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// `x ** y` on Python floats (`checked`) is the C library's pow, then CPython's
// float_pow checks, only where the result is NaN or infinite (one comparison
// and a branch otherwise): 0.0 to a finite negative power is ZeroDivisionError
// (code 1), a finite negative base to a finite fractional power is complex in
// CPython, a ValueError here (code 7), and an infinite result of finite
// operands is OverflowError (code 6), each with CPython's message.

// CHECK-LABEL: func.func @python(%0: f64, %1: f64) -> f64 {
// CHECK-NEXT:    %[[R:.*]] = math.powf %0, %1 : f64
// CHECK-NEXT:    %[[INF:.*]] = arith.constant 0x7ff0000000000000 : f64
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    %[[ABS:.*]] = math.absf %[[R]] : f64
// CHECK-NEXT:    %[[FINITE:.*]] = arith.cmpf olt, %[[ABS]], %[[INF]] : f64
// CHECK-NEXT:    cf.cond_br %[[FINITE]], ^[[DONE:bb[0-9]+]], ^[[CHECK:bb[0-9]+]]
// CHECK-NEXT:  ^[[CHECK]]:
// CHECK:         %[[OPERANDS:.*]] = arith.andi
// CHECK-NEXT:    %[[ZERO_BASE:.*]] = arith.cmpf oeq, %0, %[[ZERO]] : f64
// CHECK-NEXT:    %[[NEGATIVE_Y:.*]] = arith.cmpf olt, %1, %[[ZERO]] : f64
// CHECK:         func.call @myia_raise(%{{.*}}) {myia.error_message = "0.0 cannot be raised to a negative power"}
// CHECK:         %[[NEGATIVE_X:.*]] = arith.cmpf olt, %0, %[[ZERO]] : f64
// CHECK-NEXT:    %[[FLOOR:.*]] = math.floor %1 : f64
// CHECK-NEXT:    %[[FRACTIONAL:.*]] = arith.cmpf une, %[[FLOOR]], %1 : f64
// CHECK:         %[[C7:.*]] = arith.constant 7 : i32
// CHECK-NEXT:    func.call @myia_raise(%[[C7]]) {myia.error_message = "a negative float to a fractional power: Python's result is a complex number{{.*}}"}
// CHECK:         %[[C6:.*]] = arith.constant 6 : i32
// CHECK-NEXT:    func.call @myia_raise(%[[C6]]) {myia.error_message = "(34, {{.*}})"}
// CHECK:         cf.br ^[[DONE]]
myia.func @python(%x : f64, %y : f64) -> f64 {
  %p = myia.pow %x, %y checked : f64
  myia.return %p
}

// numpy's ints (no `checked`): a zero divisor gives 0, -2**63 // -1 wraps;
// no division by 0 or -1 runs (both trap) and nothing raises.
// CHECK-LABEL: func.func @numpy_ints(%0: i64, %1: i64) -> (i64, i64) {
// CHECK-NOT:     myia_raise
// CHECK:         %[[Y_ZERO:.*]] = arith.cmpi eq, %1, %{{.*}} : i64
// CHECK:         %[[Y_M1:.*]] = arith.cmpi eq, %1, %{{.*}} : i64
// CHECK:         %[[SAFE:.*]] = arith.select %{{.*}}, %{{.*}}, %1 : i64
// CHECK-NEXT:    %[[Q:.*]] = arith.floordivsi %0, %[[SAFE]] : i64
// CHECK:         arith.remsi %0, %{{.*}} : i64
// CHECK-NOT:     myia_raise
// CHECK:         func.return
myia.func @numpy_ints(%a : i64, %b : i64) -> tuple<i64, i64> {
  %q = myia.floordiv %a, %b : i64
  %r = myia.mod %a, %b : i64
  %t = myia.tuple(%q, %r) : tuple<i64, i64>
  myia.return %t
}
