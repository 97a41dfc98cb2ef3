// `checked` prints after the operands and reads back.
// RUN: myia-opt %s | myia-opt | filecheck %s

// CHECK-LABEL: myia.func @f(%a : i64, %b : i64, %u : ui64) -> i64 {
// CHECK-NEXT:    %s = myia.add %a, %b checked : i64
// CHECK-NEXT:    %n = myia.neg %s checked : i64
// CHECK-NEXT:    %w = myia.add %n, %b : i64
// CHECK-NEXT:    %i = myia.cast %u checked : i64
// CHECK-NEXT:    %r = myia.pow %w, %i checked : i64
// CHECK-NEXT:    myia.return %r
myia.func @f(%a : i64, %b : i64, %u : ui64) -> i64 {
  %s = myia.add %a, %b checked : i64
  %n = myia.neg %s checked : i64
  %w = myia.add %n, %b : i64
  %i = myia.cast %u checked : i64
  %r = myia.pow %w, %i checked : i64
  myia.return %r
}
