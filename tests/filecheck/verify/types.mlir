// Typed IR is homogeneous (casts are explicit) and lowering relies on it: IR
// that parses and whose structure verifies but whose types disagree is a
// verification error at the op, not an internal error (or wrong code) later.
// RUN: myia-opt %s --split-input-file --verify-diagnostics
// RUN: not myia-opt %s --split-input-file -p convert-myia-to-cf,myia-to-llvm -t llvm 2>&1 | filecheck %s
// CHECK-NOT: internal error
// CHECK-NOT: Traceback

// A closure is of its own class: calling it as @h would run @h.
myia.func @f(%x : f64) -> f64 {
  // expected-error @+1 {{a closure of @g cannot be of type !myia.fn<@h>}}
  %c = myia.closure @g : !myia.fn<@h>
  %r = myia.apply %c(%x) callees [@h] : f64
  myia.return %r
}
myia.func private @g(%a : f64) -> f64 {
  myia.return %a
}
myia.func private @h(%a : f64) -> f64 {
  %b = myia.add %a, %a : f64
  myia.return %b
}

// -----

// A scalar where an array goes.
myia.func @f(%x : f64) -> tensor<3xf64> {
  // expected-error @+1 {{myia.add on f64, f64 gives f64, not tensor<3xf64>}}
  %r = myia.add %x, %x : tensor<3xf64>
  myia.return %r
}

// -----

myia.func @f(%x : tensor<3xf64>) -> f64 {
  // expected-error @+1 {{myia.add on tensor<3xf64>, tensor<3xf64> gives tensor<3xf64>, not f64}}
  %r = myia.add %x, %x : f64
  myia.return %r
}

// -----

myia.func @f(%x : tensor<3xf64>, %y : tensor<4xf64>) -> tensor<3xf64> {
  // expected-error @+1 {{myia.add on tensor<3xf64>, tensor<4xf64>: operands could not be broadcast together with shapes (3,) (4,)}}
  %r = myia.add %x, %y : tensor<3xf64>
  myia.return %r
}

// -----

myia.func @f(%x : f64) -> i64 {
  // expected-error @+1 {{myia.call: the value for %a of @g is of type f64, but i64 is expected}}
  %r = myia.call @g(%x) : i64
  myia.return %r
}
myia.func private @g(%a : i64) -> i64 {
  myia.return %a
}

// -----

myia.func @f(%x : i64) -> f64 {
  // expected-error @+1 {{the result of @g is of type i64, but f64 is expected}}
  %r = myia.call @g(%x) : f64
  myia.return %r
}
myia.func private @g(%a : i64) -> i64 {
  myia.return %a
}

// -----

myia.func @f(%x : f64) -> f64 {
  %c = myia.closure @g(%x) : !myia.fn<@g>
  // expected-error @+1 {{myia.apply: the value for %a of @g is of type f64, but i64 is expected}}
  %r = myia.apply %c(%x) callees [@g] : f64
  myia.return %r
}
myia.func private @g[%k : f64](%a : i64) -> f64 {
  myia.return %k
}

// -----

myia.func @f(%x : f64) -> f64 {
  // expected-error @+1 {{myia.apply calls a value of type f64, not a function}}
  %r = myia.apply %x(%x) callees [@g] : f64
  myia.return %r
}
myia.func private @g(%a : f64) -> f64 {
  myia.return %a
}

// -----

myia.func @f(%x : f64) -> f64 {
  // expected-error @+1 {{myia.closure: the value for %k of @g is of type f64, but i64 is expected}}
  %c = myia.closure @g(%x) : !myia.fn<@g>
  %r = myia.apply %c(%x) callees [@g] : f64
  myia.return %r
}
myia.func private @g[%k : i64](%a : f64) -> f64 {
  myia.return %a
}

// -----

myia.func @f(%c : i64, %x : f64) -> f64 {
  // expected-error @+1 {{the condition of myia.if is of type i64, not i1}}
  %r = myia.if %c, @g(%x), @g(%x) : f64
  myia.return %r
}
myia.func private @g(%a : f64) -> f64 {
  myia.return %a
}

// -----

myia.func @f(%x : f64, %y : i64) -> tuple<f64, f64> {
  // expected-error @+1 {{element 1 of myia.tuple is of type i64, but f64 is expected}}
  %t = myia.tuple(%x, %y) : tuple<f64, f64>
  myia.return %t
}

// -----

myia.func @f(%x : tuple<f64, i64>) -> f64 {
  // expected-error @+1 {{element 1 of tuple<f64, i64> is of type i64, but f64 is expected}}
  %r = myia.tuple_get %x[1] : f64
  myia.return %r
}

// -----

myia.func @f(%x : f64) -> f64 {
  // expected-error @+1 {{a tuple of 1 values cannot be of type f64}}
  %t = myia.tuple(%x) : f64
  myia.return %t
}

// -----

myia.func @f(%x : f64, %y : i64) -> !myia.record<"P", a : f64, b : f64> {
  // expected-error @+1 {{field b of myia.record is of type i64, but f64 is expected}}
  %r = myia.record "P"(a = %x, b = %y) : !myia.record<"P", a : f64, b : f64>
  myia.return %r
}

// -----

// Binary arithmetic, bitwise ops and comparisons take operands of one type
// (arith's ops do): the lowering made an invalid arith.addf of an i64, or had an
// internal error comparing an i32 with an i64.
myia.func @f(%x : f64, %y : i64) -> f64 {
  // expected-error @+1 {{myia.add takes operands of one type (typed IR casts explicitly), not f64, i64}}
  %r = myia.add %x, %y : f64
  myia.return %r
}

// -----

myia.func @f(%x : i32, %y : i64) -> i1 {
  // expected-error @+1 {{myia.lt takes operands of one type (typed IR casts explicitly), not i32, i64}}
  %r = myia.lt %x, %y : i1
  myia.return %r
}

// -----

myia.func @f(%x : f64, %n : i64) -> f64 {
  // expected-error @+1 {{myia.pow takes operands of one type (typed IR casts explicitly), not f64, i64}}
  %r = myia.pow %x, %n : f64
  myia.return %r
}

// -----

myia.func @f(%x : ui8, %y : i8) -> i8 {
  // expected-error @+1 {{myia.bitand takes operands of one type (typed IR casts explicitly), not ui8, i8}}
  %r = myia.bitand %x, %y : i8
  myia.return %r
}

// -----

// numpy's where of scalars is a 0-d array: a scalar result only in a kernel
// (see lowering/arrays/fuse.mlir).
myia.func @f(%c : i1, %x : f64) -> f64 {
  // expected-error @+1 {{myia.where on i1, f64, f64 gives tensor<f64>, not f64}}
  %r = myia.where %c, %x, %x : f64
  myia.return %r
}
