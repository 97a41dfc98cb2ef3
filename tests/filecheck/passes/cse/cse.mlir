// CSE merges pure ops that compute the same value, within one function.
// RUN: myia-opt %s -p cse | filecheck %s

// CHECK-LABEL: myia.func @pure(%x, %y) {
// CHECK-NEXT:    %a = myia.add %x, %y
// CHECK-NEXT:    %c = myia.const 2
// CHECK-NEXT:    %m = myia.mul %a, %c
// CHECK-NEXT:    %t = myia.tuple(%x, %y)
// CHECK-NEXT:    %k = myia.closure @g(%x)
// CHECK-NEXT:    %r = myia.tuple(%a, %a, %m, %m, %t, %t, %k, %k)
// CHECK-NEXT:    myia.return %r
myia.func @pure(%x, %y) {
  %a = myia.add %x, %y
  %b = myia.add %x, %y
  %c = myia.const 2
  %c2 = myia.const 2
  %m = myia.mul %a, %c
  %m2 = myia.mul %b, %c2
  %t = myia.tuple(%x, %y)
  %t2 = myia.tuple(%x, %y)
  %k = myia.closure @g(%x)
  %k2 = myia.closure @g(%x)
  %r = myia.tuple(%a, %b, %m, %m2, %t, %t2, %k, %k2)
  myia.return %r
}

// Different operands, operand order, properties or types: different values.
// 0.0 and -0.0 differ; so do weak and strong constants.
// CHECK-LABEL: myia.func @different(%x, %y) {
// CHECK-NEXT:    %a = myia.sub %x, %y
// CHECK-NEXT:    %b = myia.sub %y, %x
// CHECK-NEXT:    %z = myia.const 0.0
// CHECK-NEXT:    %nz = myia.const -0.0
// CHECK-NEXT:    %w = myia.const 1.0 : f64
// CHECK-NEXT:    %s = myia.const strong 1.0 : f64
// CHECK-NEXT:    %i = myia.const 1
// CHECK-NEXT:    %bool = myia.const true
// CHECK-NEXT:    %g0 = myia.tuple_get %x[0]
// CHECK-NEXT:    %g1 = myia.tuple_get %x[1]
myia.func @different(%x, %y) {
  %a = myia.sub %x, %y
  %b = myia.sub %y, %x
  %z = myia.const 0.0
  %nz = myia.const -0.0
  %w = myia.const 1.0 : f64
  %s = myia.const strong 1.0 : f64
  %i = myia.const 1
  %bool = myia.const true
  %g0 = myia.tuple_get %x[0]
  %g1 = myia.tuple_get %x[1]
  %r = myia.tuple(%a, %b, %z, %nz, %w, %s, %i, %bool, %g0, %g1)
  myia.return %r
}

// Calls may fail, so they are not merged.
// CHECK-LABEL: myia.func @calls(%x) {
// CHECK-NEXT:    %a = myia.call @g(%x, %x)
// CHECK-NEXT:    %b = myia.call @g(%x, %x)
myia.func @calls(%x) {
  %a = myia.call @g(%x, %x)
  %b = myia.call @g(%x, %x)
  %r = myia.tuple(%a, %b)
  myia.return %r
}

// Functions are isolated: the same constant in two functions stays in both.
// CHECK-LABEL: myia.func private @g[%c](%y) {
// CHECK-NEXT:    %0 = myia.const 2
// CHECK-NEXT:    %1 = myia.add %c, %0
myia.func private @g[%c](%y) {
  %0 = myia.const 2
  %1 = myia.add %c, %0
  %2 = myia.const 2
  %3 = myia.add %c, %2
  %4 = myia.mul %1, %3
  myia.return %4
}
