// A Python file is an input format: --entry names the function to parse.
// RUN: myia-opt %S/Inputs/prog.py --entry f | filecheck %s
// RUN: myia-opt %S/Inputs/prog.py --entry f --print-debuginfo | filecheck %s --check-prefix=LOC
// RUN: myia-opt %S/Inputs/prog.py --entry f --print-debuginfo | myia-opt --print-debuginfo | filecheck %s --check-prefix=LOC
// RUN: myia-opt %S/Inputs/prog.py --entry constant -p canonicalize,myia-inline,canonicalize,dce | filecheck %s --check-prefix=OPT
// RUN: myia-opt %S/Inputs/unsupported.py --entry f --verify-diagnostics

// CHECK:      myia.func @f(%x, %y) {
// CHECK-NEXT:   %0 = myia.const 2
// CHECK-NEXT:   %1 = myia.mul %x, %0
// CHECK-NEXT:   %z = myia.add %1, %y
// CHECK:        myia.if %{{.*}}, @f.then_L3(%z), @f.after_L5(%z)
// CHECK:      myia.func private @f.then_L3[%z]() owner @f {

// Locations point at the Python source, and survive a round trip through text.
// LOC:        %1 = myia.mul %x, %0 loc("{{.*}}prog.py":2:9)
// LOC:        } loc("{{.*}}prog.py":1:1)

// The whole function folds: b = 6, so b > 4, so b + 1.
// OPT:        myia.func @constant() {
// OPT-NEXT:     %0 = myia.const 7
// OPT-NEXT:     myia.return %0
// OPT-NEXT:   }
// OPT-NEXT: }
