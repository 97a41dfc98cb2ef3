// Structured control flow becomes blocks and cf branches.
// RUN: myia-opt %s -p myia-scf-to-cf | filecheck %s

// scf.while: the before region is the loop header; scf.condition branches to
// the after region or out; the after region's yield branches back.
// CHECK-LABEL: func.func @while(%n: i64) -> i64 {
// CHECK-NEXT:    %c0 = arith.constant 0 : i64
// CHECK-NEXT:    cf.br ^bb1(%c0 : i64)
// CHECK-NEXT:  ^bb1(%i: i64):
// CHECK-NEXT:    %more = arith.cmpi slt, %i, %n : i64
// CHECK-NEXT:    cf.cond_br %more, ^bb2(%i : i64), ^bb3(%i : i64)
// CHECK-NEXT:  ^bb2(%j: i64):
// CHECK-NEXT:    %c1 = arith.constant 1 : i64
// CHECK-NEXT:    %k = arith.addi %j, %c1 : i64
// CHECK-NEXT:    cf.br ^bb1(%k : i64)
// CHECK-NEXT:  ^bb3(%r: i64):
// CHECK-NEXT:    func.return %r : i64
func.func @while(%n: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %r = scf.while (%i = %c0) : (i64) -> i64 {
    %more = arith.cmpi slt, %i, %n : i64
    scf.condition(%more) %i : i64
  } do {
  ^bb0(%j: i64):
    %c1 = arith.constant 1 : i64
    %k = arith.addi %j, %c1 : i64
    scf.yield %k : i64
  }
  func.return %r : i64
}

// scf.for: a header block compares the induction variable with the bound; its
// branch is marked myia.bounded_loop (myia-poll leaves the loop alone).
// CHECK-LABEL: func.func @for(%lb: index, %ub: index, %step: index) -> f64 {
// CHECK-NEXT:    %z = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    cf.br ^bb1(%lb, %z : index, f64)
// CHECK-NEXT:  ^bb1(%0: index, %1: f64):
// CHECK-NEXT:    %2 = arith.cmpi slt, %0, %ub : index
// CHECK-NEXT:    cf.cond_br %2, ^bb2(%0, %1 : index, f64), ^bb3(%1 : f64) {myia.bounded_loop}
// CHECK-NEXT:  ^bb2(%i: index, %acc: f64):
// CHECK-NEXT:    %one = arith.constant 1.000000e+00 : f64
// CHECK-NEXT:    %a = arith.addf %acc, %one : f64
// CHECK-NEXT:    %3 = arith.addi %i, %step : index
// CHECK-NEXT:    cf.br ^bb1(%3, %a : index, f64)
// CHECK-NEXT:  ^bb3(%s: f64):
// CHECK-NEXT:    func.return %s : f64
func.func @for(%lb: index, %ub: index, %step: index) -> f64 {
  %z = arith.constant 0.0 : f64
  %s = scf.for %i = %lb to %ub step %step iter_args(%acc = %z) -> (f64) {
    %one = arith.constant 1.0 : f64
    %a = arith.addf %acc, %one : f64
    scf.yield %a : f64
  }
  func.return %s : f64
}

// scf.if: the results are the continuation's arguments; no else, no block.
// CHECK-LABEL: func.func @if(%c: i1, %x: i64) -> i64 {
// CHECK-NEXT:    cf.cond_br %c, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.br ^bb3(%x : i64)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %m = arith.muli %x, %x : i64
// CHECK-NEXT:    cf.br ^bb3(%m : i64)
// CHECK-NEXT:  ^bb3(%r: i64):
// CHECK-NEXT:    cf.cond_br %c, ^bb4, ^bb5
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    func.call @effect() : () -> ()
// CHECK-NEXT:    cf.br ^bb5
// CHECK-NEXT:  ^bb5:
// CHECK-NEXT:    func.return %r : i64
func.func @if(%c: i1, %x: i64) -> i64 {
  %r = scf.if %c -> (i64) {
    scf.yield %x : i64
  } else {
    %m = arith.muli %x, %x : i64
    scf.yield %m : i64
  }
  scf.if %c {
    func.call @effect() : () -> ()
  }
  func.return %r : i64
}
func.func private @effect()

// scf.index_switch: cf.switch on the flag as an i64 (not truncated to i32).
// CHECK-LABEL: func.func @switch(%i: index) -> i64 {
// CHECK-NEXT:    %0 = arith.index_cast %i : index to i64
// CHECK-NEXT:    cf.switch %0 : i64, [
// CHECK-NEXT:    default: ^bb2,
// CHECK-NEXT:      5000000000: ^bb1
// CHECK-NEXT:    ]
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %a = arith.constant 20 : i64
// CHECK-NEXT:    cf.br ^bb3(%a : i64)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %b = arith.constant -1 : i64
// CHECK-NEXT:    cf.br ^bb3(%b : i64)
// CHECK-NEXT:  ^bb3(%r: i64):
// CHECK-NEXT:    func.return %r : i64
func.func @switch(%i: index) -> i64 {
  %r = scf.index_switch %i -> i64
  case 5000000000 {
    %a = arith.constant 20 : i64
    scf.yield %a : i64
  }
  default {
    %b = arith.constant -1 : i64
    scf.yield %b : i64
  }
  func.return %r : i64
}

// Nested ops are lowered too, outermost first.
// CHECK-LABEL: func.func @nested(%c: i1, %n: i64) -> i64 {
// CHECK-NOT:     scf.
// CHECK:         func.return
func.func @nested(%c: i1, %n: i64) -> i64 {
  %r = scf.execute_region -> (i64) {
    %x = scf.if %c -> (i64) {
      %w = scf.while (%i = %n) : (i64) -> i64 {
        %z = arith.constant 0 : i64
        %more = arith.cmpi sgt, %i, %z : i64
        scf.condition(%more) %i : i64
      } do {
      ^bb0(%j: i64):
        %c1 = arith.constant 1 : i64
        %k = arith.subi %j, %c1 : i64
        scf.yield %k : i64
      }
      scf.yield %w : i64
    } else {
      scf.yield %n : i64
    }
    scf.yield %x : i64
  }
  func.return %r : i64
}
