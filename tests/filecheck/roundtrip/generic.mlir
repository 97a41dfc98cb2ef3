// The generic syntax (--print-op-generic) reads back to the same IR.
// RUN: myia-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: myia-opt %s --print-op-generic | myia-opt | filecheck %s

myia.func @f(%x, %y : f64) -> f64 {
  %c = myia.const true : i1
  %w = myia.const strong 1.5 : f32
  %tup = myia.tuple(%x, %y) : tuple<!myia.any, f64>
  %g = myia.tuple_get %tup[1] : f64
  %cl = myia.closure @h(%x) : !myia.fn<@h>
  %i = myia.if %c, @h(%x, %y), @h(%y, %x)
  %e = myia.add %g, %y : f64
  myia.return %e
}
myia.func private @h[%a](%b) owner @f {
  myia.return %b
}

// GENERIC:      "builtin.module"() ({
// GENERIC-NEXT:   "myia.func"() <{sym_name = "f", function_type = (!myia.any, f64) -> f64, num_captures = #builtin.int<0>}> ({
// GENERIC-NEXT:   ^bb0(%x: !myia.any, %y: f64):
// GENERIC-NEXT:     %c = "myia.const"() <{value = true}> : () -> i1
// GENERIC-NEXT:     %w = "myia.const"() <{value = 1.500000e+00 : f32, strong}> : () -> !myia.any
// GENERIC:          "myia.if"(%c, %x, %y, %y, %x) <{then_fn = @h, else_fn = @h, operandSegmentSizes = array<i32: 1, 2, 2>}>
// GENERIC:          "myia.return"(%e) : (f64) -> ()
// GENERIC:        "myia.func"() <{sym_name = "h", {{.*}} num_captures = #builtin.int<1>, sym_visibility = "private", owner = @f}>

// CHECK:      myia.func @f(%x, %y : f64) -> f64 {
// CHECK-NEXT:   %c = myia.const true : i1
// CHECK-NEXT:   %w = myia.const strong 1.5 : f32
// CHECK-NEXT:   %tup = myia.tuple(%x, %y) : tuple<!myia.any, f64>
// CHECK-NEXT:   %g = myia.tuple_get %tup[1] : f64
// CHECK-NEXT:   %cl = myia.closure @h(%x) : !myia.fn<@h>
// CHECK-NEXT:   %i = myia.if %c, @h(%x, %y), @h(%y, %x)
// CHECK-NEXT:   %e = myia.add %g, %y : f64
// CHECK-NEXT:   myia.return %e
// CHECK:      myia.func private @h[%a](%b) owner @f {
