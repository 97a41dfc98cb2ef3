// Typed IR (as myia-infer prints it) is compiled once; myia-run checks the
// arguments against the entry's parameter types before native code runs.

// RUN: myia-run %s --entry fact --args '12' | filecheck %s
// RUN: myia-run %s --entry fact --args '12' --backend interp | filecheck %s
// RUN: not myia-run %s --entry fact --args '12.0' 2>&1 | filecheck %s --check-prefix=FLOAT
// RUN: not myia-run %s --entry fact --args '1, 2' 2>&1 | filecheck %s --check-prefix=COUNT

// CHECK: {{^}}479001600{{$}}
// FLOAT: typed.mlir:[[# @LINE + 5]]:3: error: fact(): argument 'n': expected an int (i64), got a float
// COUNT: typed.mlir:[[# @LINE + 4]]:3: error: fact() takes 1 argument (n), got 2
// (The function named in the errors, at its line.)

builtin.module {
  myia.func @fact(%n : i64) -> i64 {
    %0 = myia.const 1 : i64
    %1 = myia.le %n, %0 : i1
    %2 = myia.if %1, @fact.then(), @fact.else(%n) : i64
    myia.return %2
  }
  myia.func private @fact.then() -> i64 owner @fact {
    %0 = myia.const 1 : i64
    myia.return %0
  }
  myia.func private @fact.else[%n : i64]() -> i64 owner @fact {
    %0 = myia.const 1 : i64
    %1 = myia.sub %n, %0 : i64
    %2 = myia.call @fact(%1) : i64
    %3 = myia.mul %n, %2 : i64
    myia.return %3
  }
}
