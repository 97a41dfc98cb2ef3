// RUN: myia-opt %s -p myia-infer | filecheck %s
// One specialization per signature: @add is called with ints and with floats.

myia.func @main(%x : i64, %y : f64) {
  %a = myia.call @add(%x, %x)
  %b = myia.call @add(%y, %y)
  %r = myia.tuple(%a, %b)
  myia.return %r
}
myia.func private @add(%p, %q) {
  %s = myia.add %p, %q
  myia.return %s
}

// CHECK-LABEL: myia.func @main(%x : i64, %y : f64) -> tuple<i64, f64> {
// CHECK-NEXT:    %a = myia.call @add(%x, %x) : i64
// CHECK-NEXT:    %b = myia.call @add_1(%y, %y) : f64
// CHECK-NEXT:    %r = myia.tuple(%a, %b) : tuple<i64, f64>
// CHECK-NEXT:    myia.return %r
// CHECK-LABEL: myia.func private @add(%p : i64, %q : i64) -> i64 {
// CHECK-NEXT:    %s = myia.add %p, %q : i64
// CHECK-LABEL: myia.func private @add_1(%p : f64, %q : f64) -> f64 {
// CHECK-NEXT:    %s = myia.add %p, %q : f64
