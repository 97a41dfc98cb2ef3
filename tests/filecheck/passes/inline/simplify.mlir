// myia-inline{simplify=true} alternates inlining and canonicalization, so calls
// that only become direct once a closure or a constant branch is inlined are
// inlined too; without it, a known closure application stays.
// RUN: myia-opt %s -p 'myia-inline{simplify=true}' | filecheck %s
// RUN: myia-opt %s -p myia-inline | filecheck %s --check-prefix=PLAIN

// compose(inc, sq)(x), written with closures: everything inlines to
// straight-line code without closures.
// CHECK-LABEL: myia.func @main(%x) {
// CHECK-NEXT:    %0 = myia.mul %x, %x
// CHECK-NEXT:    %1 = myia.const 1
// CHECK-NEXT:    %r = myia.add %0, %1
// CHECK-NEXT:    myia.return %r
// CHECK-NEXT:  }
// CHECK-NOT:   myia.func

// PLAIN-LABEL: myia.func @main(%x) {
// PLAIN:         myia.apply
myia.func @main(%x) {
  %inc = myia.closure @inc
  %sq = myia.closure @sq
  %h = myia.call @compose(%inc, %sq)
  %t = myia.const true
  %r = myia.if %t, @apply(%h, %x), @other(%x)
  myia.return %r
}
myia.func private @compose(%f, %g) {
  %0 = myia.closure @compose.lambda(%f, %g)
  myia.return %0
}
myia.func private @compose.lambda[%f, %g](%x) {
  %0 = myia.apply %g(%x)
  %1 = myia.apply %f(%0)
  myia.return %1
}
myia.func private @inc(%v) {
  %0 = myia.const 1
  %1 = myia.add %v, %0
  myia.return %1
}
myia.func private @sq(%v) {
  %0 = myia.mul %v, %v
  myia.return %0
}
myia.func private @apply(%fn, %v) {
  %0 = myia.apply %fn(%v)
  myia.return %0
}
myia.func private @other(%v) {
  myia.return %v
}
