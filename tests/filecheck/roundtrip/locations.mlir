// Locations survive a round trip through text, in both syntaxes, including
// the call-site locations the inliner makes.
// RUN: myia-opt %s --print-debuginfo | myia-opt --print-debuginfo | filecheck %s
// RUN: myia-opt %s --print-debuginfo --print-op-generic | myia-opt --print-debuginfo | filecheck %s

myia.func @f(%x) {
  %0 = myia.const 2 loc("prog.py":2:13)
  %1 = myia.mul %x, %0 loc("prog.py":2:9)
  %2 = myia.neg %1 loc(callsite("prog.py":7:12 at "prog.py":3:5))
  myia.return %2 loc("prog.py":3:5)
} loc("prog.py":1:1)

// CHECK:      myia.func @f(%x) {
// CHECK-NEXT:   %0 = myia.const 2 loc("prog.py":2:13)
// CHECK-NEXT:   %1 = myia.mul %x, %0 loc("prog.py":2:9)
// CHECK-NEXT:   %2 = myia.neg %1 loc(callsite("prog.py":7:12 at "prog.py":3:5))
// CHECK-NEXT:   myia.return %2 loc("prog.py":3:5)
// CHECK-NEXT: } loc("prog.py":1:1)
