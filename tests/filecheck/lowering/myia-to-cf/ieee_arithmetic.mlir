// RUN: myia-opt %s -p convert-myia-to-cf | filecheck %s
// numpy's scalars (ops without `checked`) and the arithmetic of derivatives
// (myia.divide, myia.power) are IEEE 754: no zero-divisor check and no error
// branch; a division of Python floats (`checked`) raises.

myia.func @f(%a : f64, %b : f64) -> tuple<f64, f64, f64, f64, f64> {
  %d = myia.divide %a, %b : f64
  %p = myia.power %a, %b : f64
  %nd = myia.truediv %a, %b : f64
  %np = myia.pow %a, %b : f64
  %t = myia.truediv %a, %b checked : f64
  %r = myia.tuple(%d, %p, %nd, %np, %t) : tuple<f64, f64, f64, f64, f64>
  myia.return %r
}

// CHECK-LABEL: func.func @f(
// CHECK-SAME:    %[[A:.*]]: f64, %[[B:.*]]: f64
// CHECK-NEXT:    %[[D:.*]] = arith.divf %[[A]], %[[B]] : f64
// CHECK-NEXT:    %[[P:.*]] = math.powf %[[A]], %[[B]] : f64
// CHECK-NEXT:    %[[ND:.*]] = arith.divf %[[A]], %[[B]] : f64
// CHECK-NEXT:    %[[NP:.*]] = math.powf %[[A]], %[[B]] : f64
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    %[[IS_ZERO:.*]] = arith.cmpf oeq, %[[B]], %[[ZERO]] : f64
// CHECK-NEXT:    cf.cond_br %[[IS_ZERO]]
// CHECK:         myia_raise{{.*}}"float division by zero"
// CHECK:         %[[T:.*]] = arith.divf %[[A]], %[[B]] : f64
// CHECK:         return %[[D]], %[[P]], %[[ND]], %[[NP]], %[[T]]
