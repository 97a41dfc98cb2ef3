// Tuples and booleans.
// RUN: myia-opt %s -p canonicalize | filecheck %s

// CHECK-LABEL: myia.func @tuple_get(%x, %y) {
// CHECK-NEXT:    %r = myia.sub %y, %x
// CHECK-NEXT:    myia.return %r
myia.func @tuple_get(%x, %y) {
  %t = myia.tuple(%x, %y)
  %a = myia.tuple_get %t[1]
  %b = myia.tuple_get %t[0]
  %r = myia.sub %a, %b
  myia.return %r
}

// truth of a Bool is that Bool; not (not x) is truth x.
// CHECK-LABEL: myia.func @bools(%x, %y) {
// CHECK-NEXT:    %lt = myia.lt %x, %y
// CHECK-NEXT:    %nn = myia.truth %x
// CHECK-NEXT:    %tx = myia.truth %x
// CHECK-NEXT:    %r = myia.tuple(%lt, %nn, %lt, %tx)
myia.func @bools(%x, %y) {
  %lt = myia.lt %x, %y
  %t1 = myia.truth %lt
  %n = myia.not %x
  %nn = myia.not %n
  %n2 = myia.not %lt
  %nn2 = myia.not %n2
  %tx = myia.truth %x
  %r = myia.tuple(%t1, %nn, %nn2, %tx)
  myia.return %r
}

// A comparison typed as an array of bools is not a Bool.
// CHECK-LABEL: myia.func @array_compare(%x : tensor<3xf64>) {
// CHECK-NEXT:    %c = myia.lt %x, %x : tensor<3xi1>
// CHECK-NEXT:    %t = myia.truth %c
myia.func @array_compare(%x : tensor<3xf64>) {
  %c = myia.lt %x, %x : tensor<3xi1>
  %t = myia.truth %c
  myia.return %t
}
