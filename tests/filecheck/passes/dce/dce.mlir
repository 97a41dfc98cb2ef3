// DCE erases unused pure ops and private functions nothing refers to.
// RUN: myia-opt %s -p dce | filecheck %s

// Unused pure ops go, unused calls stay (the callee may fail).
// CHECK-LABEL: myia.func @f(%x) {
// CHECK-NEXT:    %used = myia.add %x, %x
// CHECK-NEXT:    %call = myia.call @called(%x)
// CHECK-NEXT:    %k = myia.closure @closed
// CHECK-NEXT:    %i = myia.if %x, @then(%x), @else(%x)
// CHECK-NEXT:    %t = myia.tuple(%used, %k, %i)
// CHECK-NEXT:    myia.return %t
myia.func @f(%x) {
  %used = myia.add %x, %x
  %unused = myia.mul %x, %x
  %c = myia.const 3
  %unused_tuple = myia.tuple(%unused, %c)
  %call = myia.call @called(%x)
  %dead_closure = myia.closure @only_in_dead_closure
  %k = myia.closure @closed
  %i = myia.if %x, @then(%x), @else(%x)
  %t = myia.tuple(%used, %k, %i)
  myia.return %t
}

// Functions reached by call, closure, if or a !myia.fn type stay; so do public
// functions, used or not. An owner is only a name for tracebacks: it may go.
// CHECK:       myia.func private @called(%x) owner @owner {
// CHECK:       myia.func private @closed() {
// CHECK:       myia.func private @then(%x) {
// CHECK:       myia.func private @else(%x) {
// CHECK:       myia.func private @in_type(%x) {
// CHECK:       myia.func @public_unused(%x : !myia.fn<@in_type>) {
// CHECK-NOT:   @only_in_dead_closure()
// CHECK-NOT:   @unreferenced
// CHECK-NOT:   @dead_chain
// CHECK-NOT:   func private @owner
myia.func private @called(%x) owner @owner {
  myia.return %x
}
myia.func private @closed() {
  %0 = myia.const 1
  myia.return %0
}
myia.func private @then(%x) {
  myia.return %x
}
myia.func private @else(%x) {
  myia.return %x
}
myia.func private @only_in_dead_closure() {
  %0 = myia.const 1
  myia.return %0
}
myia.func private @in_type(%x) {
  myia.return %x
}
myia.func private @owner() {
  %0 = myia.const 1
  myia.return %0
}
myia.func @public_unused(%x : !myia.fn<@in_type>) {
  myia.return %x
}
// Dead functions that call each other are dead all the same.
myia.func private @unreferenced(%x) {
  %0 = myia.call @dead_chain(%x)
  myia.return %0
}
myia.func private @dead_chain(%x) {
  %0 = myia.call @unreferenced(%x)
  myia.return %0
}
