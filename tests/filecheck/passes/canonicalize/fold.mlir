// Constant folding runs each primitive's reference implementation.
// RUN: myia-opt %s -p canonicalize | filecheck %s

// CHECK-LABEL: myia.func @fold(%x) {
// CHECK-NEXT:    %c = myia.const 5
// CHECK-NEXT:    %d = myia.mul %c, %x
// CHECK-NEXT:    %f = myia.const 2
// CHECK-NEXT:    %g = myia.const 3.5
// CHECK-NEXT:    %h = myia.const true
// CHECK-NEXT:    %i = myia.const 1.8708286933869707
// CHECK-NEXT:    %k = myia.const true
// CHECK-NEXT:    %m = myia.const -4
// CHECK-NEXT:    %t = myia.tuple(%c, %f, %g, %h, %i, %k, %m, %d)
// CHECK-NEXT:    myia.return %t
myia.func @fold(%x) {
  %a = myia.const 2
  %b = myia.const 3
  %c = myia.add %a, %b
  %d = myia.mul %c, %x
  %e = myia.const 7
  %f = myia.floordiv %e, %b
  %g = myia.truediv %e, %a
  %h = myia.lt %a, %b
  %i = myia.sqrt %g
  %j = myia.const none
  %k = myia.is %j, %j
  %neg = myia.const -7
  %m = myia.floordiv %neg, %a
  %t = myia.tuple(%c, %f, %g, %h, %i, %k, %m, %d)
  myia.return %t
}

// Typed constants fold to typed constants of the same type.
// CHECK-LABEL: myia.func @typed() -> f64 {
// CHECK-NEXT:    %c = myia.const 0.75 : f64
// CHECK-NEXT:    myia.return %c
myia.func @typed() -> f64 {
  %a = myia.const 1.5 : f64
  %b = myia.const 2.0 : f64
  %c = myia.truediv %a, %b : f64
  myia.return %c
}

// Python's semantics: int(), round() and math.floor() (int of floor) of floats are ints,
// True + True is 2, and mod takes the sign of the divisor.
// CHECK-LABEL: myia.func @python_semantics() {
// CHECK-NEXT:    %r = myia.const 2
// CHECK-NEXT:    %i = myia.const -2
// CHECK-NEXT:    %f = myia.const 3
// CHECK-NEXT:    %s = myia.const 2
// CHECK-NEXT:    %m = myia.const 2
// CHECK-NEXT:    %t = myia.tuple(%r, %i, %f, %s, %m)
myia.func @python_semantics() {
  %x = myia.const 2.5
  %y = myia.const -2.7
  %p = myia.const 3.2
  %r = myia.round %x
  %i = myia.int %y
  %fl = myia.floor %p
  %f = myia.int %fl
  %true = myia.const true
  %s = myia.add %true, %true
  %a = myia.const -7
  %b = myia.const 3
  %m = myia.mod %a, %b
  %t = myia.tuple(%r, %i, %f, %s, %m)
  myia.return %t
}

// Python's math functions fold with Python's math (these values are exact);
// numpy's functions fold to numpy's NaN and infinities outside their domain.
// CHECK-LABEL: myia.func @math_functions() {
// CHECK-NEXT:    %s = myia.const 1.4142135623730951
// CHECK-NEXT:    %p = myia.const 1024.0
// CHECK-NEXT:    %h = myia.const 5.0
// CHECK-NEXT:    %n = myia.const nan
// CHECK-NEXT:    %l = myia.const -inf
// CHECK-NEXT:    %t = myia.tuple(%s, %p, %h, %n, %l)
myia.func @math_functions() {
  %two = myia.const 2.0
  %ten = myia.const 10.0
  %three = myia.const 3.0
  %four = myia.const 4.0
  %m = myia.const -1.0
  %zero = myia.const 0.0
  %s = myia.math_sqrt %two
  %p = myia.math_pow %two, %ten
  %h = myia.math_hypot %three, %four
  %n = myia.sqrt %m
  %l = myia.log %zero
  %t = myia.tuple(%s, %p, %h, %n, %l)
  myia.return %t
}
