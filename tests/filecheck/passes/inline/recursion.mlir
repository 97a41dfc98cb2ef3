// What the inliner leaves alone.
// RUN: myia-opt %s -p myia-inline | filecheck %s
// RUN: myia-opt %s -p 'myia-inline{max-size=1}' | filecheck %s --check-prefix=SMALL
// RUN: myia-opt %s -p 'myia-inline{remove-dead=false}' | filecheck %s --check-prefix=KEEP

// Direct recursion: the call stays (and so does the callee).
// CHECK-LABEL: myia.func @fact(%n) {
// CHECK:         myia.call @fact(%
myia.func @fact(%n) {
  %one = myia.const 1
  %m = myia.sub %n, %one
  %c = myia.le %n, %one
  %r = myia.if %c, @fact.base(%n), @fact.rec(%n)
  myia.return %r
}
myia.func private @fact.base(%n) {
  %one = myia.const 1
  myia.return %one
}
myia.func private @fact.rec(%n) {
  %one = myia.const 1
  %m = myia.sub %n, %one
  %f = myia.call @fact(%m)
  %r = myia.mul %n, %f
  myia.return %r
}

// Mutual recursion, and recursion through a closure: no call is inlined.
// CHECK-LABEL: myia.func @even(%n) {
// CHECK-NEXT:    %0 = myia.call @odd(%n)
// CHECK-LABEL: myia.func private @odd(%n) {
// CHECK-NEXT:    %0 = myia.call @even(%n)
myia.func @even(%n) {
  %0 = myia.call @odd(%n)
  myia.return %0
}
myia.func private @odd(%n) {
  %0 = myia.call @even(%n)
  myia.return %0
}
// CHECK-LABEL: myia.func @loop(%n) {
// CHECK-NEXT:    %0 = myia.call @loop.body(%n)
myia.func @loop(%n) {
  %0 = myia.call @loop.body(%n)
  myia.return %0
}
myia.func private @loop.body(%n) {
  %k = myia.closure @loop.body
  %0 = myia.apply %k(%n)
  myia.return %0
}

// Above the size threshold: the call stays.
// SMALL-LABEL: myia.func @big(%x) {
// SMALL-NEXT:    %0 = myia.call @two_ops(%x)
// SMALL-NEXT:    %1 = myia.neg %x
// SMALL-NEXT:    myia.return %0
// SMALL:       myia.func private @two_ops(%x) {
myia.func @big(%x) {
  %0 = myia.call @two_ops(%x)
  %1 = myia.call @one_op(%x)
  myia.return %0
}
myia.func private @two_ops(%x) {
  %0 = myia.neg %x
  %1 = myia.neg %0
  myia.return %1
}
myia.func private @one_op(%x) {
  %0 = myia.neg %x
  myia.return %0
}

// A typed call whose callee returns another type is not inlined.
// CHECK-LABEL: myia.func @typed(%x : i64) -> f64 {
// CHECK-NEXT:    %0 = myia.call @untyped(%x) : f64
myia.func @typed(%x : i64) -> f64 {
  %0 = myia.call @untyped(%x) : f64
  myia.return %0
}
myia.func private @untyped(%x) {
  myia.return %x
}

// remove-dead=false keeps inlined functions.
// KEEP: myia.func private @one_op(%x)
// CHECK-NOT: @one_op
