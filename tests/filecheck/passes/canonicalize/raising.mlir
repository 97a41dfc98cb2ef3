// Canonicalization erases what becomes unused, except ops that may raise:
// `1 // 0` is not folded (its error belongs to run time), and it is not
// erased either when nothing reads it.
// RUN: myia-opt %s -p canonicalize | filecheck %s

// CHECK-LABEL: myia.func @unused(%a : i64, %b : i64) -> i64 {
// CHECK-NEXT:    %zero = myia.const 0 : i64
// CHECK-NEXT:    %one = myia.const 1 : i64
// CHECK-NEXT:    %div = myia.floordiv %one, %zero checked : i64
// CHECK-NEXT:    %q = myia.floordiv %a, %b checked : i64
// CHECK-NEXT:    myia.return %a
myia.func @unused(%a : i64, %b : i64) -> i64 {
  %zero = myia.const 0 : i64
  %one = myia.const 1 : i64
  %div = myia.floordiv %one, %zero checked : i64
  // Reading an element of a tuple back leaves the tuple unused, but not the
  // division in it.
  %q = myia.floordiv %a, %b checked : i64
  %t = myia.tuple(%a, %q) : tuple<i64, i64>
  %first = myia.tuple_get %t[0] : i64
  // Folded, then unused: gone.
  %two = myia.add %one, %one : i64
  myia.return %first
}

// A select picks between values already computed: the one not chosen was
// computed all the same, and may still raise.
// CHECK-LABEL: myia.func @select(%x : f64, %y : f64) -> f64 {
// CHECK-NEXT:    %r = myia.truediv %x, %y checked : f64
// CHECK-NEXT:    myia.return %x
myia.func @select(%x : f64, %y : f64) -> f64 {
  %r = myia.truediv %x, %y checked : f64
  %true = myia.const true : i1
  %s = myia.select %true, %x, %r : f64
  myia.return %s
}
