// `checked` (arithmetic on Python scalars, as CPython computes it) is for the
// integer arithmetic that can overflow or divide by zero, with an i64 result,
// and for the float arithmetic where CPython raises and numpy does not
// (`/`, `//`, `%`, `**`), with an f64 result.
// RUN: myia-opt %s --split-input-file --verify-diagnostics

myia.func @f(%x : i64) -> i1 {
  // expected-error @+1 {{myia.lt does not take `checked`}}
  %0 = myia.lt %x, %x checked : i1
  myia.return %0
}

// -----

myia.func @f(%x : f64) -> f64 {
  // expected-error @+1 {{`checked` add is for arithmetic on Python ints (i64), not f64}}
  %0 = myia.add %x, %x checked : f64
  myia.return %0
}

// -----

myia.func @f(%x : i32) -> i32 {
  // expected-error @+1 {{`checked` mul is for arithmetic on Python ints (i64), not i32}}
  %0 = myia.mul %x, %x checked : i32
  myia.return %0
}

// -----

myia.func @f(%x : f32) -> f32 {
  // expected-error @+1 {{`checked` pow is for arithmetic on Python ints (i64) or floats (f64), not f32}}
  %0 = myia.pow %x, %x checked : f32
  myia.return %0
}

// -----

myia.func @f(%x : i64) -> i64 {
  // expected-error @+1 {{`checked` truediv is for arithmetic on Python floats (f64), not i64}}
  %0 = myia.truediv %x, %x checked : i64
  myia.return %0
}

// -----

myia.func @f(%x : f64, %n : i64) -> tuple<f64, f64, f64, f64, i64> {
  %0 = myia.truediv %x, %x checked : f64
  %1 = myia.floordiv %x, %x checked : f64
  %2 = myia.mod %x, %x checked : f64
  %3 = myia.pow %x, %x checked : f64
  %4 = myia.mod %n, %n checked : i64
  %t = myia.tuple(%0, %1, %2, %3, %4) : tuple<f64, f64, f64, f64, i64>
  myia.return %t
}
