// A Python input imports its sibling modules, and myia-infer parses the methods
// of the dataclasses it meets, as myia.jit does. Records carry the class's own
// name (geometry.Point), not an internal one.
// RUN: myia-opt %S/Inputs/shapes.py --entry f -p 'myia-infer{entry=f args=float,float}' | filecheck %s
// RUN: myia-opt %S/Inputs/shapes.py --entry f -p 'myia-infer{entry=f args=float,float},myia-inline{simplify=true},cse,dce' | filecheck %s --check-prefix=INLINED

// CHECK:      myia.func @f(%a : f64, %b : f64) -> f64 {
// CHECK-NEXT:   %p = myia.record "geometry.Point"(x = %a, y = %b) : !myia.record<"geometry.Point", x: f64, y: f64>
// CHECK:        myia.apply %{{.*}}(%p) callees [@Point.dot] : f64
// CHECK:      myia.func private @Point.dot[%self : !myia.record<"geometry.Point", x: f64, y: f64>](%other : !myia.record<"geometry.Point", x: f64, y: f64>) -> f64
// CHECK-NOT:  _myia_input

// INLINED:      myia.func @f(%a : f64, %b : f64) -> f64 {
// INLINED-NOT:    myia.apply
// INLINED:        %[[X:.*]] = myia.getattr %p, "x" : f64
// INLINED-NEXT:   myia.mul %[[X]], %[[X]] : f64
// INLINED:        myia.return
