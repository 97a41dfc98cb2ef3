// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// The arithmetic of derivatives (myia.divide, myia.power) is IEEE 754: no
// zero-divisor check and no error branch, where the user's / raises.

myia.func @f(%a : f64, %b : f64) -> tuple<f64, f64, f64> {
  %d = myia.divide %a, %b : f64
  %p = myia.power %a, %b : f64
  %t = myia.truediv %a, %b : f64
  %r = myia.tuple(%d, %p, %t) : tuple<f64, f64, f64>
  myia.return %r
}

// CHECK-LABEL: func.func @f(
// CHECK-SAME:    %[[A:.*]]: f64, %[[B:.*]]: f64
// CHECK-NEXT:    %[[D:.*]] = arith.divf %[[A]], %[[B]] : f64
// CHECK-NEXT:    %[[P:.*]] = math.powf %[[A]], %[[B]] : f64
// CHECK:         myia_raise
// CHECK:         %[[T:.*]] = arith.divf %[[A]], %[[B]] : f64
// CHECK:         return %[[D]], %[[P]], %[[T]]
