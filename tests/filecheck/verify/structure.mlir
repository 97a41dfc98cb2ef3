// The verifier's errors, each at the line of the op that is wrong.
// RUN: myia-opt %s --split-input-file --verify-diagnostics

myia.func @f(%x) {
  // expected-error @+1 {{myia.call passes 1 value(s) to @g, which takes 2}}
  %0 = myia.call @g(%x)
  myia.return %0
}
myia.func @g(%a, %b) {
  myia.return %a
}

// -----

myia.func @f(%x) {
  %0 = myia.call @nope(%x) // expected-error {{myia.call refers to an undefined function @nope}}
  myia.return %0
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{myia.closure gives 2 captured value(s) to @g, which captures 1}}
  %0 = myia.closure @g(%x, %x)
  myia.return %0
}
myia.func private @g[%c](%a) {
  myia.return %a
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{'myia.closure' refers to an undefined function @missing}}
  %0 = myia.closure @missing
  myia.return %0
}

// -----

myia.func @f(%c, %x) {
  // expected-error @+1 {{the else-branch of myia.if passes 2 value(s) to @e, which takes 1}}
  %0 = myia.if %c, @t(%x), @e(%x, %x)
  myia.return %0
}
myia.func private @t(%a) {
  myia.return %a
}
myia.func private @e(%a) {
  myia.return %a
}

// -----

myia.func @f(%c, %x) {
  // expected-error @+1 {{the then-branch of myia.if refers to an undefined function @t}}
  %0 = myia.if %c, @t(%x), @f(%c, %x)
  myia.return %0
}

// -----

// expected-error @+1 {{@f: the body must end with myia.return}}
myia.func @f(%x) {
  %0 = myia.neg %x
}

// -----

// expected-error @+1 {{@f is declared to return f64 but returns i64}}
myia.func @f(%x : i64) -> f64 {
  myia.return %x
}

// -----

myia.func @f(%x : tuple<i64, f64>) {
  // expected-error @+1 {{myia.tuple_get index 2 is out of range for tuple<i64, f64>}}
  %0 = myia.tuple_get %x[2]
  myia.return %0
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{myia.sin takes 1 operand, got 2}}
  %0 = myia.sin %x, %x
  myia.return %0
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{myia.select takes 3 operands, got 1}}
  %0 = myia.select %x
  myia.return %0
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{myia.zip takes 1 to 16 operands, got 0}}
  %0 = myia.zip
  myia.return %0
}

// -----

myia.func @f() {
  // expected-error @+1 {{myia.const holds an integer, float, bool, none or string}}
  %0 = "myia.const"() <{value = [1, 2]}> : () -> !myia.any
  myia.return %0
}

// -----

myia.func @f() {
  // expected-error @+1 {{myia.const of type f64 holds a value of type i64}}
  %0 = "myia.const"() <{value = 1 : i64}> : () -> f64
  myia.return %0
}

// -----

myia.func @f() {
  // expected-error @+1 {{myia.const of type i64 holds a string}}
  %0 = myia.const "s" : i64
  myia.return %0
}

// -----

myia.func @f() {
  // expected-error @+1 {{myia.const of type f64 holds none}}
  %0 = myia.const none : f64
  myia.return %0
}

// -----

myia.func @f(%x) {
  myia.return %x
}
// expected-error @+1 {{Redefinition of symbol "f"}}
myia.func @f(%y) {
  myia.return %y
}
