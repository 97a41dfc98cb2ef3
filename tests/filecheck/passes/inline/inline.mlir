// The inliner replaces calls to small non-recursive functions by their bodies.
// RUN: myia-opt %s -p myia-inline | filecheck %s
// RUN: myia-opt %s -p myia-inline --print-debuginfo | filecheck %s --check-prefix=LOC

// Captures and parameters map to the call's operands, in order; the call's
// result is the returned value. Inlining is bottom-up: @mid's own call to
// @leaf is inlined before @mid is inlined into @f.
// CHECK-LABEL: myia.func @f(%x, %y) {
// CHECK-NEXT:    %0 = myia.sub %x, %y
// CHECK-NEXT:    %1 = myia.neg %0
// CHECK-NEXT:    %a = myia.mul %1, %y
// CHECK-NEXT:    %r = myia.add %a, %x
// CHECK-NEXT:    myia.return %r
// CHECK-NEXT:  }
myia.func @f(%x, %y) {
  %a = myia.call @mid(%x, %y)
  %r = myia.add %a, %x
  myia.return %r
}
myia.func private @mid[%c](%p) {
  %0 = myia.sub %c, %p
  %1 = myia.call @leaf(%0)
  %2 = myia.mul %1, %p
  myia.return %2
}
myia.func private @leaf(%v) {
  %0 = myia.neg %v
  myia.return %0
} loc("prog.py":7:12)

// A function returning its argument inlines to nothing.
// CHECK-LABEL: myia.func @identity(%x) {
// CHECK-NEXT:    myia.return %x
myia.func @identity(%x) {
  %0 = myia.call @id(%x)
  myia.return %0
}
myia.func private @id(%v) {
  myia.return %v
}

// Private functions left unreferenced are erased; public ones stay.
// CHECK-NOT:   @mid
// CHECK-NOT:   @leaf
// CHECK-NOT:   @id

// Inlined ops get call-site locations: their own place, called from the call
// (an op written without a location has its place in this file, as in mlir-opt).
// LOC-LABEL: myia.func @g(%x) {
// LOC-NEXT:    %0 = myia.neg %x loc(callsite("prog.py":8:5 at "prog.py":2:9))
// LOC-NEXT:    %1 = myia.neg %0 loc(callsite(callsite("prog.py":12:5 at "prog.py":9:5) at "prog.py":2:9))
// LOC-NEXT:    %2 = myia.abs %1 loc(callsite("{{.*}}inline.mlir":60:3 at "prog.py":2:9))
myia.func @g(%x) {
  %0 = myia.call @two_negs(%x) loc("prog.py":2:9)
  myia.return %0 loc("prog.py":2:10)
}
myia.func private @two_negs(%v) {
  %0 = myia.neg %v loc("prog.py":8:5)
  %1 = myia.call @neg(%0) loc("prog.py":9:5)
  %2 = myia.abs %1
  myia.return %2
}
myia.func private @neg(%v) {
  %0 = myia.neg %v loc("prog.py":12:5)
  myia.return %0
}
