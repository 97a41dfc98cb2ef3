// What constant folding must leave alone.
// RUN: myia-opt %s -p canonicalize | filecheck %s

// Errors belong to run time: division by zero, math domain and range errors
// (of Python's math functions: numpy's give NaN, see fold.mlir).
// CHECK-LABEL: myia.func @raises() {
// CHECK:         myia.floordiv %one, %zero
// CHECK:         myia.truediv %one, %zero
// CHECK:         myia.mod %one, %zero
// CHECK:         myia.math_log %m
// CHECK:         myia.math_sqrt %m
// CHECK:         myia.math_exp %big
// CHECK:         myia.math_pow %zerof, %m
myia.func @raises() {
  %zero = myia.const 0
  %one = myia.const 1
  %a = myia.floordiv %one, %zero
  %b = myia.truediv %one, %zero
  %c = myia.mod %one, %zero
  %m = myia.const -1.0
  %d = myia.math_log %m
  %e = myia.math_sqrt %m
  %big = myia.const 1000.0
  %f = myia.math_exp %big
  %zerof = myia.const 0.0
  %g = myia.math_pow %zerof, %m
  %t = myia.tuple(%a, %b, %c, %d, %e, %f, %g)
  myia.return %t
}

// Results a constant cannot hold: more than 64 bits, ranges, strings. Huge
// powers and shifts are not even computed.
// CHECK-LABEL: myia.func @unrepresentable() {
// CHECK:         myia.add %max, %one
// CHECK:         myia.pow %two, %huge
// CHECK:         myia.lshift %one, %huge
// CHECK:         myia.range %zero, %two, %one
// CHECK:         myia.add %s, %s
// CHECK:         myia.mul %s, %huge
myia.func @unrepresentable() {
  %zero = myia.const 0
  %one = myia.const 1
  %two = myia.const 2
  %max = myia.const 9223372036854775807
  %a = myia.add %max, %one
  %huge = myia.const 100000000000
  %b = myia.pow %two, %huge
  %c = myia.lshift %one, %huge
  %r = myia.range %zero, %two, %one
  %s = myia.const "ab"
  %d = myia.add %s, %s
  %e = myia.mul %s, %huge
  %t = myia.tuple(%a, %b, %c, %r, %d, %e)
  myia.return %t
}

// Not Python's semantics: strong constants (numpy's rules), narrower types,
// identity of ints.
// CHECK-LABEL: myia.func @not_python() {
// CHECK:         myia.add %s, %s
// CHECK:         myia.add %n, %n : i32
// CHECK:         myia.is %one, %one
myia.func @not_python() {
  %s = myia.const strong 2.0 : f32
  %a = myia.add %s, %s
  %n = myia.const 3 : i32
  %b = myia.add %n, %n : i32
  %one = myia.const 1
  %c = myia.is %one, %one
  %t = myia.tuple(%a, %b, %c)
  myia.return %t
}

// Operands that are not constants.
// CHECK-LABEL: myia.func @variables(%x) {
// CHECK-NEXT:    %one = myia.const 1
// CHECK-NEXT:    %a = myia.add %x, %one
// CHECK-NEXT:    myia.return %a
myia.func @variables(%x) {
  %one = myia.const 1
  %a = myia.add %x, %one
  myia.return %a
}
