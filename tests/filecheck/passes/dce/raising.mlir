// An op that may raise is never dead code: Python raises there even when the
// result is unused (`t = a // b; return a` with b = 0). The rules are in
// dialects/raise_rules.py; what cannot raise still goes.
// RUN: myia-opt %s -p dce | filecheck %s

// CHECK-LABEL: myia.func @scalars(%a : i64, %b : i64, %x : f64, %l : !myia.list<f64>) -> i64 {
// CHECK-NEXT:    %div = myia.floordiv %a, %b checked : i64
// CHECK-NEXT:    %mod = myia.mod %a, %b checked : i64
// CHECK-NEXT:    %fdiv = myia.truediv %x, %x checked : f64
// CHECK-NEXT:    %fmod = myia.mod %x, %x checked : f64
// CHECK-NEXT:    %fpow = myia.pow %x, %x checked : f64
// CHECK-NEXT:    %two = myia.const 2 : i64
// CHECK-NEXT:    %shl = myia.lshift %a, %b : i64
// CHECK-NEXT:    %pow = myia.pow %a, %b : i64
// CHECK-NEXT:    %int = myia.cast %x : i64
// CHECK-NEXT:    %round = myia.round %x : i64
// CHECK-NEXT:    %item = myia.list_getitem %l, %a : f64
// CHECK-NEXT:    %py_add = myia.add %a, %b checked : i64
// CHECK-NEXT:    %py_mul = myia.mul %a, %two checked : i64
// CHECK-NEXT:    %py_neg = myia.neg %a checked : i64
// CHECK-NEXT:    %py_pow = myia.pow %a, %two checked : i64
// CHECK-NEXT:    %two_f = myia.const 2.0 : f64
// CHECK-NEXT:    %py_square = myia.pow %x, %two_f checked : f64
// CHECK-NEXT:    %math_sqrt = myia.math_sqrt %x : f64
// CHECK-NEXT:    %math_exp = myia.math_exp %x : f64
// CHECK-NEXT:    myia.return %a
myia.func @scalars(%a : i64, %b : i64, %x : f64, %l : !myia.list<f64>) -> i64 {
  // Python scalars: ZeroDivisionError, CPython's errors of float powers;
  // ValueError, IndexError: kept.
  %div = myia.floordiv %a, %b checked : i64
  %mod = myia.mod %a, %b checked : i64
  %fdiv = myia.truediv %x, %x checked : f64
  %fmod = myia.mod %x, %x checked : f64
  %fpow = myia.pow %x, %x checked : f64
  %two = myia.const 2 : i64
  %shl = myia.lshift %a, %b : i64
  %pow = myia.pow %a, %b : i64
  %int = myia.cast %x : i64
  %round = myia.round %x : i64
  %item = myia.list_getitem %l, %a : f64
  // Python ints that overflow 64 bits, Python floats that overflow
  // (1e200 ** 2.0): OverflowError, kept.
  %py_add = myia.add %a, %b checked : i64
  %py_mul = myia.mul %a, %two checked : i64
  %py_neg = myia.neg %a checked : i64
  %py_pow = myia.pow %a, %two checked : i64
  %two_f = myia.const 2.0 : f64
  %py_square = myia.pow %x, %two_f checked : f64
  // Python's math: ValueError, OverflowError, kept.
  %math_sqrt = myia.math_sqrt %x : f64
  %math_exp = myia.math_exp %x : f64
  // Cannot raise: dropped. numpy ints wrap and give 0 for a zero divisor,
  // numpy floats inf and nan; a constant divisor other than 0; a constant
  // shift count that is not negative; the exponent 1 of Python floats.
  %np_add = myia.add %a, %b : i64
  %np_pow = myia.pow %a, %two : i64
  %np_div = myia.floordiv %a, %b : i64
  %np_mod = myia.mod %a, %b : i64
  %np_fdiv = myia.truediv %x, %x : f64
  %np_fmod = myia.mod %x, %x : f64
  %np_fpow = myia.pow %x, %x : f64
  %half = myia.floordiv %a, %two : i64
  %py_half = myia.floordiv %a, %two checked : i64
  %one_f = myia.const 1.0 : f64
  %py_same = myia.pow %x, %one_f checked : f64
  %shl2 = myia.lshift %a, %two : i64
  %fadd = myia.add %x, %x : f64
  %fmul = myia.mul %x, %x : f64
  %float = myia.cast %a : f64
  %cmp = myia.lt %a, %b : i1
  // math functions that never raise, and numpy's (NaN outside their domain).
  %math_atan = myia.math_atan %x : f64
  %np_sqrt = myia.sqrt %x : f64
  %np_log = myia.log %x : f64
  myia.return %a
}

// Arrays follow numpy: division by zero is not an error; sizes known only at
// run time that may not match, indices and the maximum of an empty array are.
// CHECK-LABEL: myia.func @arrays(%s : tensor<3xf64>, %d : tensor<?xf64>, %e : tensor<?xf64>, %i : i64) -> f64 {
// CHECK-NEXT:    %mismatch = myia.add %d, %e : tensor<?xf64>
// CHECK-NEXT:    %items = myia.tuple(%i) : tuple<i64>
// CHECK-NEXT:    %index = myia.array_getitem %d, %items : f64
// CHECK-NEXT:    %none = myia.const none
// CHECK-NEXT:    %false = myia.const false
// CHECK-NEXT:    %max = myia.amax %d, %none, %false : f64
// CHECK-NEXT:    %zero = myia.const 0.0 : f64
// CHECK-NEXT:    myia.return %zero
myia.func @arrays(%s : tensor<3xf64>, %d : tensor<?xf64>, %e : tensor<?xf64>, %i : i64) -> f64 {
  %mismatch = myia.add %d, %e : tensor<?xf64>
  %items = myia.tuple(%i) : tuple<i64>
  %index = myia.array_getitem %d, %items : f64
  %none = myia.const none
  %false = myia.const false
  %max = myia.amax %d, %none, %false : f64
  %div = myia.truediv %s, %s : tensor<3xf64>
  %one_array = myia.exp %d : tensor<?xf64>
  %static = myia.add %s, %s : tensor<3xf64>
  %sum = myia.sum %d, %none, %false : f64
  %zero = myia.const 0.0 : f64
  myia.return %zero
}

// Untyped, Python's semantics: numbers never overflow, but division by a
// value that may be zero raises.
// CHECK-LABEL: myia.func @untyped(%a, %b) {
// CHECK-NEXT:    %div = myia.truediv %a, %b
// CHECK-NEXT:    myia.return %a
myia.func @untyped(%a, %b) {
  %div = myia.truediv %a, %b
  %add = myia.add %a, %b
  %two = myia.const 2
  %half = myia.truediv %a, %two
  myia.return %a
}
