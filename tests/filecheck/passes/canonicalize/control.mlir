// Known control flow and known calls become direct calls.
// RUN: myia-opt %s -p canonicalize | filecheck %s

// CHECK-LABEL: myia.func @if_true(%x) {
// CHECK-NEXT:    %a = myia.call @then(%x)
// CHECK-NEXT:    myia.return %a
myia.func @if_true(%x) {
  %t = myia.const 1
  %c = myia.truth %t
  %a = myia.if %c, @then(%x), @else(%x)
  myia.return %a
}

// CHECK-LABEL: myia.func @if_false(%x) {
// CHECK-NEXT:    %a = myia.call @else(%x)
// CHECK-NEXT:    myia.return %a
myia.func @if_false(%x) {
  %c = myia.const false
  %a = myia.if %c, @then(%x), @else(%x)
  myia.return %a
}

// The same branch with the same arguments either way: the condition is moot.
// Different arguments: still a choice.
// CHECK-LABEL: myia.func @same_branches(%c, %x) {
// CHECK-NEXT:    %a = myia.call @then(%x)
// CHECK-NEXT:    %b = myia.if %c, @then(%x), @then(%a)
// CHECK-NEXT:    myia.return %b
myia.func @same_branches(%c, %x) {
  %a = myia.if %c, @then(%x), @then(%x)
  %b = myia.if %c, @then(%x), @then(%a)
  myia.return %b
}

// An unknown condition stays.
// CHECK-LABEL: myia.func @unknown(%c, %x) {
// CHECK-NEXT:    %a = myia.if %c, @then(%x), @else(%x)
myia.func @unknown(%c, %x) {
  %a = myia.if %c, @then(%x), @else(%x)
  myia.return %a
}

myia.func private @then(%x) {
  myia.return %x
}
myia.func private @else(%x) {
  %0 = myia.neg %x
  myia.return %0
}

// Applying a known closure is a direct call with the captures first; applying
// it to the wrong number of arguments is the program's error, left to run time.
// CHECK-LABEL: myia.func @apply(%x, %y) {
// CHECK-NEXT:    %k = myia.closure @add(%x)
// CHECK-NEXT:    %r = myia.call @add(%x, %y)
// CHECK-NEXT:    %bad = myia.apply %k(%y, %y)
myia.func @apply(%x, %y) {
  %k = myia.closure @add(%x)
  %r = myia.apply %k(%y)
  %bad = myia.apply %k(%y, %y)
  %r2 = myia.tuple(%r, %bad)
  myia.return %r2
}
myia.func private @add[%a](%b) {
  %0 = myia.add %a, %b
  myia.return %0
}

// select with a known condition, or with twice the same value.
// CHECK-LABEL: myia.func @select(%c, %x, %y) {
// CHECK-NEXT:    %k = myia.select %c, %x, %y
// CHECK-NEXT:    %r = myia.tuple(%x, %y, %x, %k)
myia.func @select(%c, %x, %y) {
  %t = myia.const true
  %f = myia.const false
  %a = myia.select %t, %x, %y
  %b = myia.select %f, %x, %y
  %s = myia.select %c, %x, %x
  %k = myia.select %c, %x, %y
  %r = myia.tuple(%a, %b, %s, %k)
  myia.return %r
}
