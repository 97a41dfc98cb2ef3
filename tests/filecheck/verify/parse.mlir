// Syntax errors are diagnostics too, at the line where parsing stopped.
// RUN: myia-opt %s --split-input-file --verify-diagnostics

myia.func @f(%x) {
  %0 = myia.add %x,
  // expected-error @+1 {{expected an operand}}
  myia.return %0
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{Operation myia.nosuchop is not registered}}
  %0 = myia.nosuchop %x
  myia.return %0
}

// -----

myia.func @f(%x) {
  // expected-error @+1 {{%y is used before it is defined}}
  myia.return %y
}

// -----

myia.func @f() {
  // The parser notices the missing type at the next token.
  // expected-error @+2 {{a strong constant needs a type}}
  %0 = myia.const strong 1.5
  myia.return %0
}

// -----

// A literal the type cannot hold (it was truncated: 1.5 : i64 was 1).
myia.func @f() {
  // expected-error @+1 {{1.5 is not a value of type i64}}
  %0 = myia.const 1.5 : i64
  myia.return %0
}

// -----

myia.func @f() {
  // expected-error @+1 {{2 is not a value of type i1}}
  %0 = myia.const 2 : i1
  myia.return %0
}
