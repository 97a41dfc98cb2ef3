// A call whose result is unused stays (the callee may raise); once inlined, the
// op that may raise stays in its place, and only what cannot raise goes.
// RUN: myia-opt %s -p 'myia-inline{simplify=true},cse,dce' | filecheck %s

// CHECK-LABEL: myia.func @main(%a : i64, %b : i64) -> i64 {
// CHECK-NEXT:    %q = myia.floordiv %a, %b checked : i64
// CHECK-NEXT:    myia.return %a
// CHECK-NEXT:  }
// CHECK-NOT:   myia.func
myia.func @main(%a : i64, %b : i64) -> i64 {
  %r = myia.call @divide(%a, %b) : i64
  myia.return %a
}
myia.func private @divide(%a : i64, %b : i64) -> i64 {
  %q = myia.floordiv %a, %b checked : i64
  %unused = myia.mul %a, %b : i64
  myia.return %q
}
