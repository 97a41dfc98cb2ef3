// Ops that may raise (dialects/raise_rules.py) are merged like pure ones with
// an identical op before them: that one ran first, and raised or did not as
// this one would. Nothing that may raise disappears without such a twin.
// RUN: myia-opt %s -p cse | filecheck %s

// CHECK-LABEL: myia.func @twice(%a : i64, %b : i64) -> tuple<i64, i64, i64> {
// CHECK-NEXT:    %q = myia.floordiv %a, %b checked : i64
// CHECK-NEXT:    %s = myia.add %a, %b checked : i64
// CHECK-NEXT:    %w = myia.add %a, %b : i64
// CHECK-NEXT:    %dead = myia.floordiv %b, %a checked : i64
// CHECK-NEXT:    %t = myia.tuple(%q, %s, %w) : tuple<i64, i64, i64>
// CHECK-NEXT:    myia.return %t
myia.func @twice(%a : i64, %b : i64) -> tuple<i64, i64, i64> {
  %q = myia.floordiv %a, %b checked : i64
  %q2 = myia.floordiv %a, %b checked : i64
  // A Python int sum and a numpy one are different ops.
  %s = myia.add %a, %b checked : i64
  %w = myia.add %a, %b : i64
  %s2 = myia.add %a, %b checked : i64
  %dead = myia.floordiv %b, %a checked : i64
  %t = myia.tuple(%q2, %s2, %w) : tuple<i64, i64, i64>
  myia.return %t
}
