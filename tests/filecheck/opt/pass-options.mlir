// Option values that are IR types with commas need no quotes: xDSL's pipeline
// syntax only takes them quoted, so myia-opt quotes them itself.
// RUN: myia-opt %S/Inputs/shapes.py --entry g -p 'myia-infer{entry=g args=tuple<i64,f64>,float}' | filecheck %s
// RUN: myia-opt %S/Inputs/shapes.py --entry g -p 'myia-infer{entry=g args="tuple<i64, f64>",float}' | filecheck %s
// RUN: myia-opt %S/Inputs/shapes.py --entry g -p 'myia-infer{entry=g args=tuple<i64,f64,tuple<i64,i64>>,float},dce' | filecheck %s --check-prefix=NESTED

// CHECK:      myia.func @g(%t : tuple<i64, f64>, %s : f64) -> f64 attributes {myia.numpy_scalars = [""]} {
// CHECK:        %{{.*}} = myia.tuple_get %t[0] : i64
// NESTED:     myia.func @g(%t : tuple<i64, f64, tuple<i64, i64>>, %s : f64)
