// RUN: myia-opt %s -p 'myia-infer{entry=main args=float},myia-grad{forward=never},myia-inline{simplify=true},cse,dce' | filecheck %s
// After grad and simplification, the gradient of a 3-op function is plain
// arithmetic: no closure, no J, no tuple, no call left.

myia.func @main(%x) {
  %0 = myia.closure @h
  %1 = myia.grad %0 argnums [0]
  %2 = myia.apply %1(%x)
  myia.return %2
}
myia.func private @h(%x) {
  %c = myia.const 3.0
  %a = myia.mul %x, %c
  %b = myia.add %a, %x
  %r = myia.mul %b, %b
  myia.return %r
}

// CHECK-LABEL: myia.func @main(%x : f64) -> f64 {
// CHECK-NOT:     myia.closure
// CHECK-NOT:     myia.j
// CHECK-NOT:     myia.tuple
// CHECK-NOT:     myia.apply
// CHECK-NOT:     myia.call
// CHECK:         %a = myia.mul %x, %[[THREE:.*]] : f64
// CHECK-NEXT:    %b = myia.add %a, %x : f64
// CHECK-NEXT:    %[[TWOB:.*]] = myia.add %b, %b : f64
// CHECK-NEXT:    %[[SIXB:.*]] = myia.mul %[[TWOB]], %[[THREE]] : f64
// CHECK-NEXT:    %[[R:.*]] = myia.add %[[TWOB]], %[[SIXB]] : f64
// CHECK-NEXT:    myia.return %[[R]]
// CHECK-NEXT:  }
// CHECK-NOT:   myia.func
