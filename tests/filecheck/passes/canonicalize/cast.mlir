// A cast of a constant is a constant, converted as compiled code converts it.
// RUN: myia-opt %s -p canonicalize | filecheck %s

// CHECK-LABEL: myia.func @int_to_float(%x : f64) -> f64 {
// CHECK-NEXT:    %0 = myia.const 4.0 : f64
// CHECK-NEXT:    %1 = myia.add %x, %0 : f64
// CHECK-NEXT:    myia.return %1
myia.func @int_to_float(%x : f64) -> f64 {
  %0 = myia.const 4 : i64
  %1 = myia.cast %0 : f64
  %2 = myia.add %x, %1 : f64
  myia.return %2
}

// Past 2**53 an int rounds to the nearest float, ties to even (as sitofp).
// CHECK-LABEL: myia.func @big_int() -> f64 {
// CHECK-NEXT:    %0 = myia.const 9007199254740992.0 : f64
myia.func @big_int() -> f64 {
  %0 = myia.const 9007199254740993 : i64
  %1 = myia.cast %0 : f64
  myia.return %1
}

// bool(x) is x != 0 (NaN is true); a bool is 0 or 1.
// CHECK-LABEL: myia.func @to_bool() -> tuple<i1, i1, i1, i64, f64> {
// CHECK-NEXT:    %a = myia.const false : i1
// CHECK-NEXT:    %b = myia.const true : i1
// CHECK-NEXT:    %c = myia.const true : i1
// CHECK-NEXT:    %d = myia.const 1 : i64
// CHECK-NEXT:    %e = myia.const 0.0 : f64
myia.func @to_bool() -> tuple<i1, i1, i1, i64, f64> {
  %zero = myia.const 0 : i64
  %a = myia.cast %zero : i1
  %seven = myia.const -7 : i64
  %b = myia.cast %seven : i1
  %nan = myia.const nan : f64
  %c = myia.cast %nan : i1
  %t = myia.const true
  %d = myia.cast %t : i64
  %f = myia.const false
  %e = myia.cast %f : f64
  %r = myia.tuple(%a, %b, %c, %d, %e) : tuple<i1, i1, i1, i64, f64>
  myia.return %r
}

// A float becomes an int by truncation; NaN, infinities and floats outside
// the i64 range raise at run time: not folded.
// CHECK-LABEL: myia.func @to_int() -> tuple<i64, i64, i64, i64> {
// CHECK-NEXT:    %a = myia.const -2 : i64
// CHECK-NEXT:    %inf = myia.const inf : f64
// CHECK-NEXT:    %b = myia.cast %inf : i64
// CHECK-NEXT:    %big = myia.const 1.0e+19 : f64
// CHECK-NEXT:    %c = myia.cast %big : i64
// CHECK-NEXT:    %d = myia.const -9223372036854775808 : i64
myia.func @to_int() -> tuple<i64, i64, i64, i64> {
  %x = myia.const -2.7 : f64
  %a = myia.cast %x : i64
  %inf = myia.const inf : f64
  %b = myia.cast %inf : i64
  %big = myia.const 1.0e+19 : f64
  %c = myia.cast %big : i64
  %low = myia.const -9.223372036854775808e+18 : f64
  %d = myia.cast %low : i64
  %r = myia.tuple(%a, %b, %c, %d) : tuple<i64, i64, i64, i64>
  myia.return %r
}

// Narrower types are left to the lowering.
// CHECK-LABEL: myia.func @narrow() -> f32 {
// CHECK-NEXT:    %0 = myia.const 4 : i64
// CHECK-NEXT:    %1 = myia.cast %0 : f32
myia.func @narrow() -> f32 {
  %0 = myia.const 4 : i64
  %1 = myia.cast %0 : f32
  myia.return %1
}
