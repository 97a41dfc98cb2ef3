// `checked` (arithmetic on Python ints, exact or OverflowError) is for the
// integer arithmetic that can overflow, with an i64 result.
// RUN: myia-opt %s --split-input-file --verify-diagnostics

myia.func @f(%x : i64) -> i1 {
  // expected-error @+1 {{myia.lt does not take `checked`}}
  %0 = myia.lt %x, %x checked : i1
  myia.return %0
}

// -----

myia.func @f(%x : f64) -> f64 {
  // expected-error @+1 {{`checked` is for integer arithmetic on Python ints (i64), not f64}}
  %0 = myia.add %x, %x checked : f64
  myia.return %0
}

// -----

myia.func @f(%x : i32) -> i32 {
  // expected-error @+1 {{`checked` is for integer arithmetic on Python ints (i64), not i32}}
  %0 = myia.mul %x, %x checked : i32
  myia.return %0
}
